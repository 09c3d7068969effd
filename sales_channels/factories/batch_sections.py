"""Section batches: one section (prices, stock) of many listings in one vendor call (see `factories/batch.py`)."""

from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import transaction

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import StepContext
from sales_channels.factories.batch import BatchStep, chunks
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.jobs import ItemResult
from sales_channels.factories.lifecycle import MirrorStep, is_current
from sales_channels.factories.outcomes import (
    SKIPPED,
    UNCHANGED,
    UPDATED,
    StepOutcome,
    normalise,
    payload_hash,
)
from sales_channels.factories.sections import PartMirror, Section
from sales_channels.models import RemoteProduct, SyncTask


@dataclass
class SectionEntry:
    """One section item (a price, a stock level) of one listing in a section batch."""

    task: SyncTask
    key: str
    listing: RemoteProduct
    item_key: tuple
    lookup: dict[str, Any]
    payload: dict[str, Any]
    digest: str
    mirror: PartMirror | None


class BatchSectionStep(BatchStep):
    """One section (prices, stock) of many listings in one vendor call per `vendor_limit` items.

    A listing not created remotely yet gets its full single-listing sync instead (`listing_step`).
    """

    listing_step: ClassVar[type[MirrorStep]]
    section: ClassVar[type[Section]]
    vendor_limit: ClassVar[int] = 100

    def send_items(self, *, items: list[SectionEntry]) -> dict[str, ItemResult]:
        """One vendor call for these section items; answers by `item.key`."""
        raise NotImplementedError

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        cls.listing_step.prefetch(context=context, object_ids=object_ids)

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        results: dict[int, StepOutcome | BaseException | str] = {}
        items: list[SectionEntry] = []
        for task in self.tasks:
            step = self.listing_step(context=self.context, object_id=task.object_id, payload=task.payload)
            try:
                found = self.section_items(task=task, step=step)
            except Exception as error:  # noqa: BLE001 - this listing fails alone
                results[task.pk] = error
                continue
            if isinstance(found, StepOutcome):
                results[task.pk] = found
            else:
                items += found
                results[task.pk] = StepOutcome(kind=UNCHANGED, detail=self.section.name)
        failures: dict[int, BaseException] = {}
        changed: dict[int, int] = {}
        for chunk in chunks([item for item in items if not self.current(item)], self.vendor_limit):
            try:
                answers = self.send_items(items=chunk)
            except Exception as error:  # noqa: BLE001 - each listing of the call fails (and retries) alone
                answers = {item.key: ItemResult(error=error) for item in chunk}
            self.apply_all(chunk, answers, changed=changed, failures=failures)
        for task_pk, count in changed.items():
            results[task_pk] = StepOutcome(kind=UPDATED, detail=f"{self.section.name}: {count} item(s)")
        results.update(failures)
        return results

    def apply_all(
        self,
        chunk: list[SectionEntry],
        answers: dict[str, ItemResult],
        *,
        changed: dict[int, int],
        failures: dict[int, BaseException],
    ) -> None:
        """Record one call's answers together (one transaction), each on its own section mirror."""
        with transaction.atomic():
            for item in chunk:
                unanswered = InvalidVendorPayload(f"the batch answer has no result for {item.key}")
                answer = answers.get(item.key) or ItemResult(error=unanswered)
                if self.apply(item, answer):
                    changed[item.task.pk] = changed.get(item.task.pk, 0) + 1
                else:
                    failures.setdefault(item.task.pk, answer.error or unanswered)

    def section_items(self, *, task: SyncTask, step: Any) -> list[SectionEntry] | StepOutcome:
        """The section's items of the listing and of its variations; a part not created yet: full single sync."""
        data = getattr(step, "data", None)
        if data is None:
            return StepOutcome(kind=SKIPPED, detail="The local product no longer exists (or is not this company's).")
        listing = step.binder().find()
        known = self.listing_step.known_mirrors(self.context) if hasattr(self.listing_step, "known_mirrors") else {}
        family = [(listing, data)] + [(known.get(variation.id), variation) for variation in data.variations]
        if any(mirror is None or not mirror.remote_id for mirror, _ in family):
            return step.run()  # not (fully) created yet: the full single-listing sync (rare)
        entries: list[SectionEntry] = []
        for mirror, part in family:
            section = self.section(context=self.context, remote_product=mirror, data=part)
            if not section.enabled():
                return StepOutcome(
                    kind=SKIPPED, detail=f"{self.section.name}: switched off or owned by the remote side."
                )
            existing = section.existing()
            for item_key, lookup, payload in section.items():
                payload = normalise(payload)
                entries.append(
                    SectionEntry(
                        task=task,
                        key=f"{mirror.pk}:{item_key}",
                        listing=mirror,
                        item_key=item_key,
                        lookup=lookup,
                        payload=payload,
                        digest=payload_hash(payload),
                        mirror=existing.get(item_key),
                    )
                )
        return entries

    def current(self, item: SectionEntry) -> bool:
        return is_current(item.mirror, item.digest)

    def apply(self, item: SectionEntry, answer: ItemResult) -> bool:
        """Bind the section mirror (new rows buffered in the context's writer); False when the item failed."""
        binder = MirrorBinder(
            model=self.section.mirror_model,
            channel=self.context.channel,
            keys={"remote_product": item.listing, **item.lookup},
        )
        mirror = item.mirror or binder.new()
        if answer.error is not None:
            binder.record_failure(mirror, answer.error)
            return False
        if mirror.pk is None:
            binder.stage(mirror, remote_id=answer.remote_id or None, payload=item.payload, digest=item.digest)
            self.context.writer.add(mirror)
        else:
            binder.bind(mirror, remote_id=answer.remote_id or None, payload=item.payload, digest=item.digest)
        return True
