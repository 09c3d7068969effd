"""The eBay batch step: up to 25 listings of one marketplace per bulk call (items, offers, prices, publish).

The framework plans each listing with the single step (payload, mapping checks, hash skip, dry
run) and hands the changed ones to `send`; `push_listings` makes the bulk calls and answers per
listing, so one refused listing fails alone with eBay's message on its mirror. Configurables answer
at once without a call (their group needs the variants first); then the simple listings and every
variation of the batch share the bulk calls, so each call carries 25 SKUs; once the variations went
through, each family's group is written and published (`finish_group`).

Each batch ends with part-filled bulk calls (its last 25 items, offers, publications or price
changes), so a worker takes a large backlog (a first push, a catalog-wide price change)
`BULK_LOAD_BATCH` listings at a time instead of `max_batch_size`: the 1,000-listing benchmark then
makes the fewest calls eBay allows, and two workers still share the load.
"""

from typing import Any

from sales_channels.factories.batch import BatchEntry, BatchProductStep, backlog
from sales_channels.factories.jobs import ItemResult
from sales_channels.factories.outcomes import CREATED, LINKED, StepOutcome
from sales_channels.integrations.ebay.factories.products import context as ebay_context
from sales_channels.integrations.ebay.factories.products import fees as ebay_fees
from sales_channels.integrations.ebay.factories.products.push import Listing, Pushed, push_listings
from sales_channels.integrations.ebay.factories.products.steps import (
    EbayListingStep,
    EbayProductStep,
    finish_group,
    store_pushed,
)

BULK_LOAD_BATCH = 500  # listings a worker takes at once from a backlog at least this large


class EbayBatchListings(BatchProductStep):
    """product.create / product.sync / price.update / stock.update of many listings of one marketplace."""

    item_step = EbayProductStep
    vendor_limit = 25

    @classmethod
    def batch_size(cls, *, channel: Any, usage: str, default: int) -> int:
        """BULK_LOAD_BATCH listings when that many wait: fewer batches, fewer part-filled bulk calls."""
        return BULK_LOAD_BATCH if backlog(channel_id=channel.pk, usage=usage) >= BULK_LOAD_BATCH else default

    def send(self, *, entries: list[BatchEntry]) -> dict[str, ItemResult]:
        answers: dict[str, ItemResult] = {}
        listings = []
        known = ebay_context.known_offers(self.context)
        ebay_context.load_offers(self.context, [e.mirror for e in entries if e.mirror is not None])
        for entry in entries:
            if "group" in entry.payload:
                answers[entry.key] = ItemResult(remote_id=entry.payload["group"]["inventoryItemGroupKey"])
                continue
            publish = entry.step.parent_mirror is None
            row = known.get(entry.mirror.pk) if entry.mirror is not None else None
            group = entry.step.group_row() if isinstance(entry.step, EbayListingStep) else None
            listings.append(Listing(key=entry.key, payload=entry.payload, known=row, publish=publish, live=group))
        if listings:
            language = ebay_context.marketplace(self.context).content_language
            for key, result in push_listings(client=self.client, language=language, listings=listings).items():
                if isinstance(result, Pushed):
                    sku = next(x.sku for x in listings if x.key == key)
                    answers[key] = ItemResult(remote_id=sku, body=result)
                else:
                    answers[key] = result
        return answers

    def apply(self, entry: BatchEntry, result: ItemResult | None) -> None:
        """Bind the answer, then store what eBay gave the listing (offer and listing ids, hashes, revisions)."""
        super().apply(entry, result)
        pushed = result.body if result is not None else None
        if isinstance(pushed, Pushed) and entry.error is None and entry.mirror is not None:
            store_pushed(context=self.context, mirror=entry.mirror, pushed=pushed)

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        if self.context.dry_run:  # the previews with what eBay would charge (read-only calls)
            ebay_fees.quote_entries(context=self.context, entries=entries)
        self.push([entry for entry in entries if "group" in entry.payload])  # answered at once: no call
        variation_step = self.item_step.variation_step
        families = self.plan_variations(entries, variation_step=variation_step)
        variations = [child for family in families.values() for child in family]
        # listings first, then variations, in the same bulk calls: every call is full but the last, and only the
        # one call that holds both publishes fewer than 25 listings
        self.push([entry for entry in entries if "group" not in entry.payload] + variations)
        self.settle_families(entries, families=families, variation_step=variation_step)
        for entry in entries:
            self.finish_family(entry)
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    def finish_family(self, entry: BatchEntry) -> None:
        """A configurable whose variations went through: its group written and published."""
        data = entry.step.data if entry.error is None and entry.job is None else None
        if data is None or not data.product.is_configurable or entry.mirror is None or self.context.dry_run:
            return
        if "group" not in entry.payload:
            return
        outcome = entry.outcome or StepOutcome(kind="unchanged")
        created = any(
            grandchild.kind in (CREATED, LINKED) for child in outcome.children for grandchild in child.children
        )
        try:
            group = finish_group(context=self.context, mirror=entry.mirror, payload=entry.payload, republish=created)
        except Exception as error:  # noqa: BLE001 - fails this family alone (stored on its mirror)
            entry.error = error
            self.record_failure(entry)
            return
        entry.outcome = outcome.with_children([group])
