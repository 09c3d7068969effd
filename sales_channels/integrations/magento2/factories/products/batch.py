"""Product pushes through Magento's asynchronous bulk API, as the framework's batch step and vendor job.

`Magento2ProductsBatch` plans every listing of the batch with the single step's own payload builder
(mapping checks, hash skip, dry-run preview) and adds each configurable's changed children. A small
live change (at most `sync_limit` changed products) runs each changed listing's own step over the
synchronous routes, so one edit never waits for a bulk. Otherwise the changed products go in
`POST /rest/all/async/bulk/V1/products` requests of up to `vendor_limit` items, a family never split
across two requests. Items Magento rejects at once fail their listing
alone; the rest wait for the bulk (`RemoteJob` of kind `products_bulk`, see `jobs.py`), which then
sends what needs the products to exist: option axes and child links (the literal `bySku` bulk
routes), new images (base64) and store-view content (bulk per store code), and the first stock.
"""

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from sales_channels.exceptions import VendorValidationError
from sales_channels.factories.batch import BatchEntry, BatchProductStep
from sales_channels.factories.batch_sections import BatchSectionStep, SectionEntry
from sales_channels.factories.jobs import ItemResult, JobSubmitted
from sales_channels.factories.lifecycle import CREATE, SYNC
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.integrations.magento2.factories.products.images import removed_images
from sales_channels.integrations.magento2.factories.products.listing import store_languages
from sales_channels.integrations.magento2.factories.products.sections import (
    Magento2PricesSection,
    Magento2StockSection,
    previous_specials,
    save_prices,
    save_stock,
)
from sales_channels.integrations.magento2.factories.products.steps import (
    Magento2PriceUpdateStep,
    Magento2ProductCreateStep,
    Magento2ProductStep,
    Magento2StockUpdateStep,
    Magento2VariationStep,
    new_children,
    new_images,
    new_options,
)
from sales_channels.integrations.magento2.factories.properties.mapping import AttributeMapper
from sales_channels.models import RemoteProduct

PRODUCTS_BULK = "products_bulk"
FIRST_POLL_SECONDS = 2.0


def sku_of(entry: BatchEntry) -> str:
    """The SKU a listing's payload carries (Magento's key for every product route and bulk report)."""
    return str((entry.payload.get("product") or {}).get("sku") or "")


def families(entries: list[list[BatchEntry]], size: int) -> Iterator[list[BatchEntry]]:
    """Chunks of at most `size` entries that never split a family (a family bigger than `size` goes alone)."""
    chunk: list[BatchEntry] = []
    for family in entries:
        if chunk and len(chunk) + len(family) > size:
            yield chunk
            chunk = []
        chunk += family
    if chunk:
        yield chunk


class Magento2ProductsBatch(BatchProductStep):
    """product.sync / product.update: changed listings and children through one async bulk per chunk."""

    item_step = Magento2ProductStep
    vendor_limit = 2000  # items per async request (Magento's input limit for async requests is 5,000)
    sync_limit = 3  # at most this many changed products (children included) go through the synchronous routes
    previous: dict[str, dict | None]
    specials: dict[str, dict | None]

    def run(self) -> dict[int, Any]:
        self.prepare_mappings()
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        grouped = [[*self.children_of(entry), entry] for entry in entries]
        open_families = [[e for e in family if e.open and e.action] for family in grouped]
        if 0 < sum(len(family) for family in open_families) <= self.sync_limit and not self.context.dry_run:
            return self.run_synchronously(entries, open_families)
        self.load_previous([e for family in open_families for e in family])
        for chunk in families([family for family in open_families if family], self.vendor_limit):
            self.submit(chunk)
        for entry, family in zip(entries, grouped, strict=True):
            self.settle(entry, family[:-1])
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    def run_synchronously(self, entries: list[BatchEntry], open_families: list[list[BatchEntry]]) -> dict[int, Any]:
        """A small live change: each changed listing runs its own step over the synchronous routes (bound at
        once, no bulk to wait for); the unchanged ones keep their planned outcome."""
        for entry, family in zip(entries, open_families, strict=True):
            if family:
                entry.outcome = None
                self.single(entry)
            elif entry.outcome is None and entry.error is None:
                entry.outcome = StepOutcome(kind=UNCHANGED, remote_id=entry.remote_id)
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    def prepare_mappings(self) -> None:
        """Attributes and options the batch uses, created and read back together (not once per listing)."""
        if self.context.dry_run:
            return
        store = self.context.cache.get("product_data", {})
        products = [store[task.object_id] for task in self.tasks if store.get(task.object_id) is not None]
        language, _ = store_languages(self.context)
        AttributeMapper.of(self.context).prepare(products=products, language=language)

    def children_of(self, entry: BatchEntry) -> list[BatchEntry]:
        """The configurable's variations as entries of the same task (planned: unchanged ones make no call)."""
        data = entry.step.data
        decided = entry.outcome is not None and entry.outcome.kind != UNCHANGED  # skipped, or a dry-run preview
        if entry.error is not None or decided:
            return []
        if data is None or not data.product.is_configurable or entry.step.action == "delete":
            return []
        if entry.mirror is None and entry.binder is not None and not self.context.dry_run:
            entry.mirror = entry.binder._save(entry.binder.new())  # children point at it
        children = []
        for variation in data.variations:
            step = Magento2VariationStep(context=self.context, object_id=variation.id, parent_mirror=entry.mirror)
            step.action = SYNC
            child = self.plan(BatchEntry(task=entry.task, step=step, key=f"{entry.task.pk}:{variation.id}"))
            children.append(child)
        return children

    def load_previous(self, entries: list[BatchEntry]) -> None:
        """The last pushed payload of each bound listing in one query (what is new: images, axes, children)."""
        ids = [e.mirror.pk for e in entries if e.mirror is not None and e.mirror.pk and e.remote_id]
        previous = dict(RemoteProduct.objects.filter(pk__in=ids).values_list("pk", "last_payload")) if ids else {}
        self.previous = {e.key: previous.get(e.mirror.pk) for e in entries if e.mirror is not None}
        self.specials = previous_specials(listing_ids=ids)

    def follow_up(self, entry: BatchEntry) -> dict[str, Any]:
        """What the bulk's second stage sends for this listing once its product exists."""
        previous = self.previous.get(entry.key)
        data = entry.step.data
        stock = data.stock if data is not None and not data.product.is_configurable else None
        channel = self.context.channel
        first_stock = (
            entry.action == CREATE
            and stock is not None
            and channel.sync_stock
            and channel.master_of("stock") != "remote"
        )
        special = {"new": entry.payload.get("special"), "previous": self.specials.get(sku_of(entry))}
        removed = removed_images(payload=entry.payload, previous=previous)
        return {
            "special": special if special["new"] or special["previous"] else None,
            "views": entry.payload.get("views") or {},
            "images": new_images(payload=entry.payload, previous=previous),
            "removed_images": removed,
            "kept_images": [
                {"name": image["name"], "label": image["label"]} for image in entry.payload.get("images") or []
            ]
            if removed
            else [],
            "options": new_options(payload=entry.payload, previous=previous),
            "children": new_children(payload=entry.payload, previous=previous),
            "family": entry.payload.get("children") or [],
            "stock": payloads.source_item(sku=sku_of(entry), source_code=channel.source_code, quantity=stock)
            if first_stock
            else None,
        }

    def submit(self, chunk: list[BatchEntry]) -> None:
        items = [{"product": entry.payload["product"], "saveOptions": True} for entry in chunk]
        try:
            accepted = self.client.submit_bulk("products", items=items)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each entry carries it (retried alone)
            for entry in chunk:
                entry.error = error
                self.record_failure(entry)
            return
        with transaction.atomic():  # the answer is recorded before anything else
            for index, message in accepted.rejected.items():
                chunk[index].error = VendorValidationError([message])
                self.record_failure(chunk[index])
            waiting = [entry for entry in chunk if entry.error is None]
            if not waiting:
                return
            result = {
                "stage": "products",
                "skus": [sku_of(entry) for entry in chunk],
                "follow_up": {sku_of(entry): self.follow_up(entry) for entry in waiting},
            }
            submitted = JobSubmitted(
                kind=PRODUCTS_BULK,
                remote_id=accepted.bulk_uuid,
                refs={entry.key: sku_of(entry) for entry in waiting},
                next_poll_seconds=FIRST_POLL_SECONDS,
                result=result,
            )
            self.await_job(waiting, submitted)

    def settle(self, entry: BatchEntry, children: list[BatchEntry]) -> None:
        """A listing waits when it or one of its children went into a bulk; a failed child fails it."""
        failed = next((child.error for child in children if child.error is not None), None)
        if entry.error is None and failed is not None:
            entry.error = failed
            if entry.binder is not None and entry.mirror is not None and not self.context.dry_run:
                entry.binder.record_failure(entry.mirror, failed)
            return
        if entry.job is None and entry.error is None:
            entry.job = next((child.job for child in children if child.job is not None), None)
        if entry.outcome is None and entry.job is None and entry.error is None:
            entry.outcome = StepOutcome(kind=UNCHANGED, remote_id=entry.remote_id)


class Magento2ProductCreatesBatch(Magento2ProductsBatch):
    """product.create: the same bulk (Magento's product save is an upsert by SKU)."""

    item_step = Magento2ProductCreateStep


class Magento2PricesBatch(BatchSectionStep):
    """price.update of many listings: one `/V1/products/base-prices` call per 100 prices (and at most one
    special-price delete and one set for those that changed), failures per SKU."""

    listing_step = Magento2PriceUpdateStep
    section = Magento2PricesSection
    vendor_limit = 100

    def send_items(self, *, items: list[SectionEntry]) -> dict[str, ItemResult]:
        previous = previous_specials(listing_ids=[item.listing.pk for item in items])
        failures = save_prices(client=self.client, items=[item.payload for item in items], previous=previous)
        return {
            item.key: ItemResult(error=VendorValidationError([failures[item.payload["sku"]]]))
            if item.payload["sku"] in failures
            else ItemResult()
            for item in items
        }


class Magento2StockBatch(BatchSectionStep):
    """stock.update of many listings: one MSI source-items call per 100 items."""

    listing_step = Magento2StockUpdateStep
    section = Magento2StockSection
    vendor_limit = 100

    def send_items(self, *, items: list[SectionEntry]) -> dict[str, ItemResult]:
        save_stock(client=self.client, channel=self.context.channel, items=[item.payload for item in items])
        return {item.key: ItemResult() for item in items}
