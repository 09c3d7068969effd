"""The fake batch vendor's steps: single-listing hooks, batch steps, a section batch and a job handler."""

from typing import Any

from sales_channels.factories.batch import BatchEntry, BatchProductStep
from sales_channels.factories.batch_sections import BatchSectionStep, SectionEntry
from sales_channels.factories.jobs import (
    COMPLETED,
    FAILED,
    RUNNING,
    ItemResult,
    JobState,
    JobSubmitted,
    RemoteJobHandler,
)
from sales_channels.factories.lifecycle import CREATE, DELETE
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.sections import PricesSection, StockSection
from sales_channels.factories.products.steps import ProductStep
from sales_channels.tests.fake import payloads
from sales_channels.tests.fake.steps import _language

PRODUCTS_JOB = "products_job"


def _raise_failed(result: ItemResult) -> str:
    if result.error is not None:
        raise result.error
    return result.remote_id


class FakeBatchListingStep(ProductStep):
    """One listing of the batch vendor (price and stock travel inside the product payload, like WooCommerce)."""

    payload_needs = ProductStep.payload_needs | {parts.PRICES, parts.STOCK}

    def build_payload(self) -> dict:
        parent = self.parent_mirror.remote_id if self.parent_mirror is not None else None
        payload = payloads.product_payload(
            data=self.data, language=_language(self.context), parent_remote_id=parent, with_ean=False
        )
        prices = [price for _, price in sorted(self.data.prices.items()) if price is not None]
        payload["price"] = str(prices[0].price) if prices and prices[0].price is not None else None
        payload["stock"] = self.data.stock
        return payload

    def find_remote(self, *, payload) -> str | None:
        return self.client.lookup_skus(skus=[payload["sku"]]).get(payload["sku"])

    def create_remote(self, *, payload) -> str:
        [created], _ = self.client.batch_products(create=[payload], update=[])
        return _raise_failed(created)

    def update_remote(self, *, remote_id, payload) -> None:
        _, [updated] = self.client.batch_products(create=[], update=[{**payload, "id": remote_id}])
        _raise_failed(updated)

    def delete_remote(self, *, remote_id) -> None:
        self.client.delete_product(remote_id=remote_id)


class FakeBatchVariationStep(FakeBatchListingStep):
    """A variation: a product with a parent id."""


class FakeBatchProductStep(FakeBatchListingStep):
    """product.sync as a single step (deletes and fallbacks); the batch step reuses its hooks."""

    variation_step = FakeBatchVariationStep


class FakeBatchProductCreateStep(FakeBatchProductStep):
    action = CREATE


class FakeBatchProductDeleteStep(FakeBatchProductStep):
    action = DELETE


class FakeBatchPricesSection(PricesSection):
    def build_payload(self, *, currency, price) -> dict:
        return payloads.price_payload(currency=currency, price=price)

    def push(self, *, mirror, payload) -> None:
        [result] = self.client.batch_section(section="prices", items=[{"id": self.remote_product.remote_id, **payload}])
        _raise_failed(result)


class FakeBatchStockSection(StockSection):
    def build_payload(self, *, quantity) -> dict:
        return payloads.stock_payload(quantity=quantity)

    def push(self, *, mirror, payload) -> None:
        [result] = self.client.batch_section(section="stock", items=[{"id": self.remote_product.remote_id, **payload}])
        _raise_failed(result)


class FakeBatchPriceUpdateStep(FakeBatchProductStep):
    sections = (FakeBatchPricesSection,)
    only_sections = ("prices",)


class FakeBatchStockUpdateStep(FakeBatchProductStep):
    sections = (FakeBatchStockSection,)
    only_sections = ("stock",)


# -- batch steps ----------------------------------------------------------------------------------


class FakeBatchProducts(BatchProductStep):
    """product.create / product.sync: creates and updates of up to 100 listings in one call."""

    item_step = FakeBatchProductStep

    def send(self, *, entries: list[BatchEntry]) -> dict[str, ItemResult]:
        creates = [e for e in entries if e.action == CREATE]
        updates = [e for e in entries if e.action != CREATE]
        created, updated = self.client.batch_products(
            create=[e.payload for e in creates], update=[{**e.payload, "id": e.remote_id} for e in updates]
        )
        return {e.key: r for e, r in zip(creates + updates, created + updated, strict=True)}

    def find_existing(self, *, entries: list[BatchEntry]) -> dict[str, str]:
        found = self.client.lookup_skus(skus=[e.sku for e in entries])
        return {e.key: found[e.sku] for e in entries if e.sku in found}


class FakeBatchProductCreates(FakeBatchProducts):
    item_step = FakeBatchProductCreateStep


class FakeBatchSection(BatchSectionStep):
    """A section of many listings in one call."""

    def send_items(self, *, items: list[SectionEntry]) -> dict[str, ItemResult]:
        results = self.client.batch_section(
            section=self.section.name, items=[{"id": item.listing.remote_id, **item.payload} for item in items]
        )
        return {item.key: result for item, result in zip(items, results, strict=True)}


class FakeBatchPrices(FakeBatchSection):
    listing_step = FakeBatchPriceUpdateStep
    section = FakeBatchPricesSection


class FakeBatchStock(FakeBatchSection):
    listing_step = FakeBatchStockUpdateStep
    section = FakeBatchStockSection


class FakeJobProducts(BatchProductStep):
    """product.sync through the vendor's asynchronous job (an upsert by SKU, like Magento's async bulk)."""

    item_step = FakeBatchListingStep  # simple listings: a job cannot hand variations their parent's new id

    def send(self, *, entries: list[BatchEntry]) -> JobSubmitted:
        items: list[dict[str, Any]] = [{**e.payload, "id": e.remote_id} if e.remote_id else e.payload for e in entries]
        job_id = self.client.submit_job(items=items)
        return JobSubmitted(kind=PRODUCTS_JOB, remote_id=job_id, refs={e.key: e.sku for e in entries})


class FakeProductsJob(RemoteJobHandler):
    """Polls the fake vendor's job; the final status answer carries the per-SKU report (`read_report` otherwise)."""

    kind = PRODUCTS_JOB

    def poll(self) -> JobState:
        status, report = self.client.job_status(job_id=self.job.remote_id)
        if status == "running":
            return JobState(status=RUNNING, next_poll_seconds=5)
        if status == "failed":
            return JobState(status=FAILED, error="The vendor could not process the job.")
        return JobState(status=COMPLETED, result={"status": status}, report=report)

    def read_report(self) -> dict[str, ItemResult]:
        return self.client.job_report(job_id=self.job.remote_id)


SINGLE_STEPS = {
    "product.create": FakeBatchProductCreateStep,
    "product.sync": FakeBatchProductStep,
    "product.update": FakeBatchProductStep,
    "product.delete": FakeBatchProductDeleteStep,
    "price.update": FakeBatchPriceUpdateStep,
    "stock.update": FakeBatchStockUpdateStep,
}
BATCH_STEPS = {
    "product.create": FakeBatchProductCreates,
    "product.sync": FakeBatchProducts,
    "product.update": FakeBatchProducts,
    "price.update": FakeBatchPrices,
    "stock.update": FakeBatchStock,
}
JOB_BATCH_STEPS = {"product.sync": FakeJobProducts, "product.create": FakeJobProducts}
