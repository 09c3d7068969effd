"""The eBay batch step: up to 25 listings of one marketplace per bulk call (items, offers, prices, publish).

The framework plans each listing with the single step (payload, mapping checks, hash skip, dry
run) and hands the changed ones to `send`; `push_listings` makes the bulk calls and answers per
listing, so one refused listing fails alone with eBay's message on its mirror. Configurables answer
at once (their group needs the variants first) and are chunked apart from the listings, so a bulk
call carries 25 listings; once the batch's variations went through, each family's group is written
and published (`finish_group`).
"""

from sales_channels.factories.batch import BatchEntry, BatchProductStep
from sales_channels.factories.jobs import ItemResult
from sales_channels.factories.outcomes import CREATED, LINKED, StepOutcome
from sales_channels.integrations.ebay.factories.products import context as ebay_context
from sales_channels.integrations.ebay.factories.products import fees as ebay_fees
from sales_channels.integrations.ebay.factories.products.push import Listing, Pushed, push_listings
from sales_channels.integrations.ebay.factories.products.steps import EbayProductStep, finish_group, store_pushed
from sales_channels.models import RemoteObject


class EbayBatchListings(BatchProductStep):
    """product.create / product.sync / price.update / stock.update of many listings of one marketplace."""

    item_step = EbayProductStep
    vendor_limit = 25

    def send_all(self, entries: list[BatchEntry]) -> None:
        """Groups apart from listings: a configurable costs no call here, so it must not take a bulk call's slot."""
        super().send_all([entry for entry in entries if "group" in entry.payload])
        super().send_all([entry for entry in entries if "group" not in entry.payload])

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
            listings.append(Listing(key=entry.key, payload=entry.payload, known=row, publish=publish))
        if listings:
            language = ebay_context.marketplace(self.context).content_language
            for key, result in push_listings(client=self.client, language=language, listings=listings).items():
                if isinstance(result, Pushed):
                    self.context.cache[("ebay.pushed", key)] = result
                    answers[key] = ItemResult(remote_id=next(x.sku for x in listings if x.key == key))
                else:
                    answers[key] = result
        return answers

    def bind(self, entry: BatchEntry, *, remote_id: str) -> RemoteObject:
        mirror = super().bind(entry, remote_id=remote_id)
        pushed = self.context.cache.pop(("ebay.pushed", entry.key), None)
        if pushed is not None:
            store_pushed(context=self.context, mirror=mirror, pushed=pushed)
        return mirror

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        if self.context.dry_run:  # the previews with what eBay would charge (read-only calls)
            ebay_fees.quote_entries(context=self.context, entries=entries)
        self.push(entries)
        self.push_variations(entries, variation_step=self.item_step.variation_step)
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
