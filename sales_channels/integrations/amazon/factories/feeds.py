"""Many listings at once: a JSON_LISTINGS_FEED as the framework's asynchronous vendor job.

`AmazonListingsBatch` plans each listing with the single-listing step (the same body, schema check
and hash skip), adds the variations of every configurable right after their parent (a feed refers
to the parent by SKU, so parent and children travel in one feed), and then:

- fewer than `FEED_MIN_MESSAGES` listings to send: one `putListingsItem` each, answered at once
  (a feed costs one of the region's five JSON_LISTINGS_FEED submissions per five minutes);
- more: one feed of up to `MAX_FEED_MESSAGES` UPDATE messages (createFeedDocument, upload,
  createFeed); the framework records a `RemoteJob` and the tasks wait.

`AmazonListingsFeedJob` polls `getFeed` until DONE, reads the processing report and lands every
message's issues on its own listing mirror (`ListingIssue`), failing exactly the listings with an
ERROR. A retried create is looked up first with `searchListingsItems` (at most 20 SKUs per call).
A new listing for an existing ASIN is checked with `getListingsRestrictions` before it is sent.
"""

from collections import defaultdict
from typing import Any

from django.conf import settings

from sales_channels.factories.batch import BatchEntry, BatchMirrorStep, chunks
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
from sales_channels.factories.lifecycle import CREATE, SYNC
from sales_channels.integrations.amazon.factories import payloads
from sales_channels.integrations.amazon.factories.listings import (
    AmazonPricesSection,
    AmazonPriceUpdateStep,
    AmazonProductStep,
    AmazonStockSection,
    AmazonStockUpdateStep,
    patch_listing,
    vendor_issues,
)
from sales_channels.integrations.amazon.factories.restrictions import ListingRestricted, check_restrictions
from sales_channels.marketplaces.issues import VENDOR, IssueInfo, ListingInvalid, store_issues
from sales_channels.models import RemoteProduct

LISTINGS_FEED_JOB = "amazon_listings_feed"
MAX_FEED_MESSAGES = 25_000
FEED_MIN_MESSAGES = 20
SEARCH_SKUS_PER_CALL = 20


def feed_poll_seconds() -> float:
    """How long to wait between getFeed polls (Amazon: minutes; the sandbox: seconds)."""
    return float(getattr(settings, "AMAZON_FEED_POLL_SECONDS", 30.0))


class AmazonListingsBatch(BatchMirrorStep):
    """product.sync / product.create of many listings of one marketplace: single puts or one feed."""

    item_step = AmazonProductStep
    vendor_limit = MAX_FEED_MESSAGES

    def run(self) -> dict[int, Any]:
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        family = []
        for entry in entries:
            family.append(entry)
            family += self.plan_variations(entry)
        self.push(family)
        results = {}
        for entry in entries:
            children = [c for c in family if c.task.pk == entry.task.pk and c is not entry]
            failed = next((c.error for c in children if c.error is not None), None)
            if entry.error is None and failed is not None:
                entry.error = failed
            if entry.job is None and entry.error is None:
                entry.job = next((c.job for c in children if c.job is not None), None)
            results[entry.task.pk] = self.result_of(entry)
        return results

    def plan_variations(self, entry: BatchEntry) -> list[BatchEntry]:
        """The variations of a configurable, planned after it (its mirror is created now when new)."""
        data = entry.step.data if entry.error is None else None
        if data is None or not data.product.is_configurable or entry.step.action == "delete":
            return []
        if entry.mirror is None:  # saved now (pending): a child's failure is recorded against its parent's row
            entry.mirror = entry.binder._save(entry.binder.new())
        planned = []
        for variation in data.variations:
            step = self.item_step.variation_step(
                context=self.context, object_id=variation.id, parent_mirror=entry.mirror
            )
            step.action = SYNC
            planned.append(self.plan(BatchEntry(task=entry.task, step=step, key=f"{entry.task.pk}:{variation.id}")))
        return planned

    def push(self, entries: list[BatchEntry]) -> None:
        """The batch's new listings for an existing ASIN are checked for restrictions first; restricted ones fail."""
        for entry in entries:
            if entry.open and entry.action == CREATE and entry.payload:
                try:
                    check_restrictions(
                        client=self.client,
                        body=entry.payload["body"],
                        marketplace_id=entry.payload["marketplace_id"],
                        mirror=None,  # its issues are stored below, once the failure has a mirror
                        dry_run=self.context.dry_run,
                    )
                except Exception as error:  # noqa: BLE001 - this listing fails alone (stored on its mirror)
                    entry.error = error
                    self.record_failure(entry)
                    restricted = isinstance(error, ListingRestricted) and not self.context.dry_run
                    if restricted and entry.mirror is not None and entry.mirror.pk is not None:
                        store_issues(remote_product=entry.mirror, source=VENDOR, issues=error.issues)
        super().push(entries)

    def send(self, *, entries: list[BatchEntry]) -> dict[str, ItemResult] | JobSubmitted:
        view = self.context.view
        if len(entries) < FEED_MIN_MESSAGES:
            return {entry.key: self.put_one(entry) for entry in entries}
        messages = [
            payloads.feed_message(message_id=index, sku=entry.sku, body=entry.payload["body"])
            for index, entry in enumerate(entries, start=1)
        ]
        document = payloads.feed_document(seller_id=self.context.channel.selling_partner_id, messages=messages)
        feed_id = self.client.submit_listings_feed(marketplace_id=view.remote_id, document=document)
        return JobSubmitted(
            kind=LISTINGS_FEED_JOB,
            remote_id=feed_id,
            refs={entry.key: entry.sku for entry in entries},
            next_poll_seconds=feed_poll_seconds(),
            result={"marketplace_id": view.remote_id, "messages": len(messages)},
        )

    def put_one(self, entry: BatchEntry) -> ItemResult:
        try:
            answer = self.client.put_listing(
                sku=entry.sku, marketplace_id=self.context.view.remote_id, body=entry.payload["body"]
            )
        except Exception as error:  # noqa: BLE001 - this listing fails alone (stored on its mirror, retried by class)
            return ItemResult(error=error)
        if answer.get("status") == "INVALID":
            return ItemResult(error=ListingInvalid(vendor_issues(answer)), body=answer)
        return ItemResult(remote_id=entry.sku, body=answer)

    def apply(self, entry: BatchEntry, result: ItemResult | None) -> None:
        super().apply(entry, result)
        answer = result.body if result is not None else None
        if answer is not None and entry.mirror is not None and entry.mirror.pk is not None:
            store_issues(remote_product=entry.mirror, source=VENDOR, issues=vendor_issues(answer))

    def find_existing(self, *, entries: list[BatchEntry]) -> dict[str, str]:
        found: dict[str, str] = {}
        marketplace_id = self.context.view.remote_id
        for chunk in chunks(entries, SEARCH_SKUS_PER_CALL):
            answer = self.client.search_listings(marketplace_id=marketplace_id, skus=[e.sku for e in chunk])
            existing = {item.get("sku") for item in answer.get("items") or []}
            found.update({entry.key: entry.sku for entry in chunk if entry.sku in existing})
        return found


class AmazonListingsCreateBatch(AmazonListingsBatch):
    """product.create: the same (putListingsItem and UPDATE messages are upserts by SKU)."""


def _issues_by_sku(report: dict[str, Any]) -> dict[str, list[IssueInfo]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for issue in report.get("issues") or []:
        grouped[str(issue.get("sku") or "")].append(issue)
    return {sku: vendor_issues({"issues": issues}) for sku, issues in grouped.items()}


class AmazonListingsFeedJob(RemoteJobHandler):
    """Polls a JSON_LISTINGS_FEED and turns its processing report into one result per listing."""

    kind = LISTINGS_FEED_JOB

    def poll(self) -> JobState:
        feed = self.client.get_feed(feed_id=self.job.remote_id)
        status = feed.get("processingStatus")
        result = {**(self.job.result or {}), "processingStatus": status}
        if status in ("IN_QUEUE", "IN_PROGRESS"):
            return JobState(status=RUNNING, next_poll_seconds=feed_poll_seconds(), result=result)
        if status == "DONE":
            return JobState(
                status=COMPLETED, result={**result, "resultFeedDocumentId": feed.get("resultFeedDocumentId")}
            )
        reason = f"Amazon could not process feed {self.job.remote_id} ({status})."
        if feed.get("resultFeedDocumentId"):
            report = self.client.feed_report(document_id=feed["resultFeedDocumentId"])
            messages = [str(issue.get("message", "")) for issue in report.get("issues") or []][:3]
            reason = f"{reason} {' '.join(messages)}".strip()
        return JobState(status=FAILED, error=reason, result=result)

    def read_report(self) -> dict[str, ItemResult]:
        report = self.client.feed_report(document_id=(self.job.result or {})["resultFeedDocumentId"])
        by_sku = _issues_by_sku(report)
        mirror_ids = {item["ref"]: item["mirror_id"] for item in self.job.items.values()}
        mirrors = RemoteProduct.objects.in_bulk(list(mirror_ids.values()))
        results = {}
        for sku, mirror_id in mirror_ids.items():
            issues = by_sku.get(sku, [])
            if mirrors.get(mirror_id) is not None:
                store_issues(remote_product=mirrors[mirror_id], source=VENDOR, issues=issues)
            errors = [issue for issue in issues if issue.severity == "error"]
            results[sku] = ItemResult(error=ListingInvalid(errors)) if errors else ItemResult(remote_id=sku)
        return results


class AmazonSectionPatches(BatchSectionStep):
    """price.update / stock.update of many listings: one patchListingsItem each (Amazon has no bulk patch
    besides a feed, which takes minutes), with the batch's data loaded once and the operation's plan pacing."""

    vendor_limit = 100

    def send_items(self, *, items: list[SectionEntry]) -> dict[str, ItemResult]:
        results = {}
        for item in items:
            try:
                patch_listing(client=self.client, listing=item.listing, view=self.context.view, attributes=item.payload)
            except Exception as error:  # noqa: BLE001 - this listing fails alone (stored on its section mirror)
                results[item.key] = ItemResult(error=error)
                continue
            results[item.key] = ItemResult(remote_id=item.listing.remote_id)
        return results


class AmazonPricePatches(AmazonSectionPatches):
    listing_step = AmazonPriceUpdateStep
    section = AmazonPricesSection


class AmazonStockPatches(AmazonSectionPatches):
    listing_step = AmazonStockUpdateStep
    section = AmazonStockSection


BATCH_STEPS = {
    "price.update": AmazonPricePatches,
    "stock.update": AmazonStockPatches,
    "product.sync": AmazonListingsBatch,
    "product.update": AmazonListingsBatch,
    "product.create": AmazonListingsCreateBatch,
}
JOB_HANDLERS = {LISTINGS_FEED_JOB: AmazonListingsFeedJob}
