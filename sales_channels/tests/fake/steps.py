"""The fake vendor's steps: the framework's product step and sections with one client call per hook."""

from decimal import Decimal

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import SyncStep
from sales_channels.factories.imports import Page
from sales_channels.factories.lifecycle import CREATE, DELETE
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
from sales_channels.factories.products.sections import (
    ContentSection,
    ImagesSection,
    PricesSection,
    PropertiesSection,
    StockSection,
)
from sales_channels.factories.products.steps import ProductStep
from sales_channels.factories.pull import PullStep
from sales_channels.imports.values import ImportedContent, ImportedPrice, ImportedProduct
from sales_channels.models import SalesChannelView
from sales_channels.tests.fake import payloads


def _language(context) -> str:
    locale = context.cache.get(("locale", getattr(context.view, "pk", None)))
    return locale.languages[0] if locale else "en"


class FakeContentSection(ContentSection):
    def build_payload(self, *, language, translation) -> dict:
        return payloads.content_payload(translation=translation)

    def push(self, *, mirror, payload) -> None:
        self.client.set_content(remote_id=self.remote_product.remote_id, language=mirror.language, payload=payload)


class FakePricesSection(PricesSection):
    def build_payload(self, *, currency, price) -> dict:
        return payloads.price_payload(currency=currency, price=price)

    def push(self, *, mirror, payload) -> None:
        self.client.set_price(remote_id=self.remote_product.remote_id, currency=payload["currency"], payload=payload)


class FakeStockSection(StockSection):
    def build_payload(self, *, quantity) -> dict:
        return payloads.stock_payload(quantity=quantity)

    def push(self, *, mirror, payload) -> None:
        self.client.set_stock(remote_id=self.remote_product.remote_id, payload=payload)


class FakeImagesSection(ImagesSection):
    def build_payload(self, *, link, position) -> dict:
        return payloads.image_payload(link=link, position=position)

    def push(self, *, mirror, payload) -> str:
        return self.client.upsert_image(
            remote_id=self.remote_product.remote_id, image_id=mirror.remote_id or None, payload=payload
        )

    def remove(self, *, mirror) -> None:
        self.client.delete_image(image_id=mirror.remote_id)

    def recover_lost(self, *, mirror, payload, lost) -> str:
        found = self.client.find_image(remote_id=self.remote_product.remote_id, url=payload["url"])
        if found is None:
            raise lost
        return found


class FakePropertiesSection(PropertiesSection):
    def build_payload(self, *, value, remote_property, remote_values) -> dict:
        return payloads.property_payload(
            value=value, remote_property=remote_property, remote_values=remote_values, language=_language(self.context)
        )

    def push(self, *, mirror, payload) -> None:
        self.client.set_property(
            remote_id=self.remote_product.remote_id, attribute=payload["attribute"], payload=payload
        )


class FakeListingStep(ProductStep):
    """Hooks shared by listings and variations: one client call each."""

    sections = (FakePricesSection, FakeStockSection, FakeImagesSection)

    def build_payload(self) -> dict:
        parent = self.parent_mirror.remote_id if self.parent_mirror is not None else None
        marketplace = self.view.remote_id if self.context.spec.is_marketplace and self.view else None
        return payloads.product_payload(
            data=self.data,
            language=_language(self.context),
            parent_remote_id=parent,
            marketplace=marketplace,
            with_ean=self.channel.sync_ean_codes,
        )

    def find_remote(self, *, payload) -> str | None:
        return self.client.find_product(sku=payload["sku"], marketplace=payload.get("marketplace"))

    def create_remote(self, *, payload) -> str:
        return self.client.create_product(payload=payload)

    def update_remote(self, *, remote_id, payload) -> None:
        self.client.update_product(remote_id=remote_id, payload=payload)

    def delete_remote(self, *, remote_id) -> None:
        self.client.delete_product(remote_id=remote_id)


class FakeVariationStep(FakeListingStep):
    """A variation: prices, stock and images of its own."""


class FakeProductStep(FakeListingStep):
    """product.sync: the listing, its sections and its variations."""

    sections = (FakeContentSection, FakePricesSection, FakeStockSection, FakeImagesSection, FakePropertiesSection)
    variation_step = FakeVariationStep


class FakeProductCreateStep(FakeProductStep):
    action = CREATE


class FakeProductDeleteStep(FakeProductStep):
    action = DELETE


class FakePriceUpdateStep(FakeProductStep):
    only_sections = ("prices",)


class FakeStockUpdateStep(FakeProductStep):
    only_sections = ("stock",)


class FakeProductImportStep(ProductImportStep):
    def parse(self) -> ImportedProduct:
        record = self.record
        if not isinstance(record.get("id"), str) or not isinstance(record.get("sku"), str) or not record["sku"]:
            raise InvalidVendorPayload(f"a product needs a string id and sku, got {str(record)[:120]}")
        prices = tuple(
            ImportedPrice(price=Decimal(str(amount)), currency=code)
            for code, amount in (record.get("prices") or {}).items()
        )
        return ImportedProduct(
            remote_id=record["id"],
            sku=record["sku"],
            contents=(ImportedContent(name=record.get("name")),),
            prices=prices,
        )


class FakeProductsImport(CatalogImportProcessor):
    kind = "products"
    item_step = FakeProductImportStep
    page_size = 2

    def fetch_page(self, *, cursor) -> Page:
        offset = (cursor or {}).get("offset", 0)
        answer = self.context.client.list_products(offset=offset, limit=self.page_size)
        following = offset + len(answer["items"])
        more = following < answer.get("total", 0) and answer["items"]
        return Page(
            records=answer["items"], next_cursor={"offset": following} if more else None, total=answer.get("total")
        )


class FakeViewsPull(PullStep):
    model = SalesChannelView
    deactivate_missing = True

    def fetch(self) -> list[dict]:
        return [
            {
                "remote_id": str(v["id"]),
                "name": v["name"],
                "url": v.get("url", ""),
                "is_default": bool(v.get("default")),
            }
            for v in self.client.list_views()
        ]


class FakeVerifyStep(SyncStep):
    """`remote.verify`: which listing ids the fake vendor still holds, and when each changed there."""

    page_size = 2  # small, so tests cover paging

    def read(self, *, remote_ids: list[str]) -> dict:
        return self.client.read_products(remote_ids=remote_ids)


STEPS = {
    "product.create": FakeProductCreateStep,
    "product.sync": FakeProductStep,
    "product.update": FakeProductStep,
    "product.delete": FakeProductDeleteStep,
    "price.update": FakePriceUpdateStep,
    "stock.update": FakeStockUpdateStep,
    "remote.verify": FakeVerifyStep,
}
