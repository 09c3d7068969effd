"""Batch steps: one vendor call (or a few) for many listings, and one outcome per listing.

The runner hands a `BatchStep` up to `capabilities.max_batch_size` claimed tasks of one channel,
view and usage when the spec registers a batch step for the usage (`spec.batch_steps`). A batch
step returns, per task id, a `StepOutcome`, the exception that failed that task alone, or
`AWAITING` when the vendor accepted the item into an asynchronous job (`JobSubmitted`).

`BatchMirrorStep` is the recipe for mirrored objects. Per listing it reuses the usage's
single-listing step (`item_step`): the same payload builder, mapping checks (a MappingMissing
fails that listing alone and is stored on its mirror), hash skip (an unchanged listing makes no
call) and dry-run preview. Then it sends the changed listings `vendor_limit` at a time through
`send` and binds each answer to its own mirror at once (the remote result is recorded before
anything else, so a rerun binds instead of redoing). Idempotency per listing:

- a create answered "already exists" (`ItemResult(exists=True)`) links by SKU (the id in the
  answer, else `find_existing`) and is sent again as an update, in one more call for all of them;
- a create retried after a failed attempt (a timeout may have created it) is looked up first
  with `find_existing` (one call for the retried creates of the batch).

`BatchProductStep` adds variations (sent after their parents, in batches of their own).
`BatchSectionStep` (`factories/batch_sections.py`) pushes one section (prices, stock) of many listings in one call.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import transaction

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.jobs import ItemResult, JobItem, JobSubmitted, record_job
from sales_channels.factories.lifecycle import CREATE, DELETE, SYNC, MirrorStep, is_current
from sales_channels.factories.outcomes import (
    CREATED,
    LINKED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    StepOutcome,
    diff_payloads,
    payload_hash,
)
from sales_channels.factories.products.data import ProductData
from sales_channels.factories.products.steps import ProductStep
from sales_channels.models import MirrorStatus, RemoteObject, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES

UPDATE = "update"
AWAITING = "awaiting"  # the task waits for a vendor job: its outcome comes with the job's report


@dataclass
class BatchEntry:
    """One listing (or variation) of a batch: its task, its single step and what the batch decided for it."""

    task: SyncTask
    step: MirrorStep
    key: str
    action: str = ""
    binder: MirrorBinder | None = None
    mirror: RemoteObject | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    remote_id: str = ""
    linked: bool = False
    outcome: StepOutcome | None = None
    error: BaseException | None = None
    job: JobSubmitted | None = None

    @property
    def open(self) -> bool:
        """Still to be sent (no outcome, no error, not handed to a job)."""
        return self.outcome is None and self.error is None and self.job is None

    @property
    def sku(self) -> str:
        return str(self.payload.get("sku") or "")


def backlog(*, channel_id: int, usage: str) -> int:
    """Tasks of this usage the channel has waiting or running (one query): how a batch hook spots a bulk load."""
    return SyncTask.objects.filter(
        sales_channel_id=channel_id, usage=usage, status__in=(*PENDING_STATUSES, SyncTaskStatus.RUNNING)
    ).count()


def chunks(entries: list[Any], size: int) -> Iterator[list[Any]]:
    """`entries` in lists of at most `size`."""
    for start in range(0, len(entries), max(1, size)):
        yield entries[start : start + size]


class BatchStep:
    """Base of batch steps: `run()` handles many tasks of one channel, view and usage at once."""

    usage: ClassVar[str] = ""

    def __init__(self, *, context: StepContext, tasks: list[SyncTask]) -> None:
        self.context = context
        self.tasks = tasks

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        """Load what the batch reads, in a constant number of queries (optional)."""

    @classmethod
    def batch_size(cls, *, channel: Any, usage: str, default: int) -> int:
        """How many due tasks a worker claims for one run of this step (a bulk load may want many more)."""
        return default

    @property
    def client(self) -> Any:
        return self.context.client

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        """Per task id: its outcome, the exception that failed it alone, or AWAITING (a vendor job)."""
        raise NotImplementedError(f"{type(self).__name__} must implement run().")


class BatchMirrorStep(BatchStep):
    """Create-or-update of many mirrored objects with one vendor call per `vendor_limit` of them."""

    item_step: ClassVar[type[MirrorStep]]
    vendor_limit: ClassVar[int] = 100

    # -- hooks ----------------------------------------------------------------------------------

    def send(self, *, entries: list[BatchEntry]) -> dict[str, ItemResult] | JobSubmitted:
        """One vendor call for these entries (`entry.action` is CREATE or UPDATE); answers by `entry.key`."""
        raise NotImplementedError

    def find_existing(self, *, entries: list[BatchEntry]) -> dict[str, str]:
        """Remote ids of objects that already exist for these entries (by SKU, one call); by `entry.key`."""
        return {}

    # -- recipe ---------------------------------------------------------------------------------

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        cls.item_step.prefetch(context=context, object_ids=object_ids)

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        self.push(entries)
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    def item(self, *, task: SyncTask, **step_kwargs: Any) -> BatchEntry:
        step = self.item_step(context=self.context, object_id=task.object_id, payload=task.payload, **step_kwargs)
        return BatchEntry(task=task, step=step, key=f"{task.pk}:{task.object_id}")

    @staticmethod
    def result_of(entry: BatchEntry) -> StepOutcome | BaseException | str:
        if entry.error is not None:
            return entry.error
        if entry.job is not None:
            return AWAITING
        return entry.outcome or StepOutcome(kind=UNCHANGED)

    def plan(self, entry: BatchEntry) -> BatchEntry:
        """Map one listing, check its mapping, skip it when its hash is current; else mark it create or update."""
        step = entry.step
        if step.action == DELETE:
            return self.single(entry)
        try:
            skipped = self.skip_reason(entry)
            if skipped is not None:
                entry.outcome = skipped
                return entry
            entry.binder = step.binder()
            entry.mirror = entry.binder.find()
            entry.payload = step._mapped(entry.binder, entry.mirror)
        except Exception as error:  # noqa: BLE001 - a mapping failure fails this listing alone (stored on its mirror)
            entry.error = error
            return entry
        entry.digest = payload_hash(entry.payload)
        mirror = entry.mirror
        entry.remote_id = mirror.remote_id if mirror is not None else ""
        if entry.remote_id and is_current(mirror, entry.digest):
            entry.outcome = StepOutcome(kind=UNCHANGED, remote_id=entry.remote_id)
        elif self.context.dry_run:
            entry.outcome = self.preview(entry)
        else:
            entry.action = UPDATE if entry.remote_id else CREATE
        return entry

    def skip_reason(self, entry: BatchEntry) -> StepOutcome | None:
        """An outcome that makes this entry need no call (a product that no longer exists locally)."""
        return None

    def single(self, entry: BatchEntry) -> BatchEntry:
        """Run the entry's own step (deletes, and listings a batch cannot express)."""
        try:
            entry.outcome = entry.step.run()
        except Exception as error:  # noqa: BLE001 - fails this listing alone
            entry.error = error
        return entry

    def preview(self, entry: BatchEntry) -> StepOutcome:
        before = (entry.mirror.last_payload or {}) if entry.mirror is not None else {}
        kind = UPDATED if entry.remote_id else CREATED
        return StepOutcome(
            kind=kind, remote_id=entry.remote_id, detail="Dry run.", diff=diff_payloads(before, entry.payload)
        )

    def push(self, entries: list[BatchEntry]) -> None:
        """Send the open entries: retried creates looked up first, then batches, then 'already exists' relinked."""
        self.link_retried_creates([e for e in entries if e.open and e.action == CREATE and e.task.attempts > 1])
        self.send_all([e for e in entries if e.open])
        refused = [e for e in entries if e.open and e.action == CREATE]  # answered "exists": link and update
        if refused:
            missing = [e for e in refused if not e.remote_id]
            found = self.find_existing(entries=missing) if missing else {}
            for entry in refused:
                entry.remote_id = entry.remote_id or found.get(entry.key, "")
                if entry.remote_id:
                    entry.action, entry.linked = UPDATE, True
                else:
                    entry.error = InvalidVendorPayload(
                        f"the vendor says {entry.sku or 'this item'} exists but no object with that SKU was found"
                    )
                    self.record_failure(entry)
            self.send_all([e for e in refused if e.open])

    def link_retried_creates(self, entries: list[BatchEntry]) -> None:
        """An earlier attempt may have created these before its answer was lost: look them up by SKU first."""
        if not entries:
            return
        try:
            found = self.find_existing(entries=entries)
        except Exception as error:  # noqa: BLE001 - the lookup failed: these entries fail (and retry) alone
            for entry in entries:
                entry.error = error
                self.record_failure(entry)
            return
        for entry in entries:
            if found.get(entry.key):
                entry.remote_id, entry.action, entry.linked = found[entry.key], UPDATE, True

    def send_all(self, entries: list[BatchEntry]) -> None:
        for chunk in chunks(entries, self.vendor_limit):
            try:
                answer = self.send(entries=chunk)
            except Exception as error:  # noqa: BLE001 - the whole call failed: each entry carries it (retried alone)
                for entry in chunk:
                    entry.error = error
                    self.record_failure(entry)
                continue
            with transaction.atomic():  # the answers of one call are recorded together, at once
                if isinstance(answer, JobSubmitted):
                    self.await_job(chunk, answer)
                    continue
                for entry in chunk:
                    self.apply(entry, answer.get(entry.key))

    def apply(self, entry: BatchEntry, result: ItemResult | None) -> None:
        """Bind one answered entry to its mirror at once, or store its own error on it."""
        if result is None:
            result = ItemResult(error=InvalidVendorPayload(f"the batch answer has no result for {entry.sku}"))
        if result.exists and entry.action == CREATE:
            entry.remote_id = result.remote_id  # linked and re-sent as an update by `push`
            return
        if result.error is not None:
            entry.error = result.error
            self.record_failure(entry)
            return
        remote_id = result.remote_id or entry.remote_id
        entry.mirror = self.bind(entry, remote_id=remote_id)
        kind = LINKED if entry.linked else (CREATED if entry.action == CREATE else UPDATED)
        entry.outcome = StepOutcome(kind=kind, remote_id=str(remote_id))
        entry.remote_id = str(remote_id)

    def bind(self, entry: BatchEntry, *, remote_id: str) -> RemoteObject:
        assert entry.binder is not None
        mirror = entry.mirror if entry.mirror is not None else entry.binder.new()
        return entry.binder.bind(mirror, remote_id=remote_id, payload=entry.payload, digest=entry.digest)

    def record_failure(self, entry: BatchEntry) -> None:
        """Store the entry's error on its mirror: it reads waiting when the error lets the task run again.

        The task layer then settles the task's listing (waiting with the next try, or failed when no attempt
        is left) and, when it fails for good, the variations still waiting with it (`mark_mirror`), so a
        throttled or timed-out listing or variation never reads "failed" in between.
        """
        if entry.binder is not None and entry.error is not None and not self.context.dry_run:
            retryable = bool(getattr(entry.error, "retryable", False))
            status = MirrorStatus.WAITING if retryable else MirrorStatus.FAILED
            entry.mirror = entry.binder.record_failure(entry.mirror, entry.error, status=status)

    def await_job(self, entries: list[BatchEntry], submitted: JobSubmitted) -> None:
        """The vendor took these entries into a job: record it (with what its report must bind) before anything else."""
        items = []
        for entry in entries:
            entry.job = submitted
            assert entry.binder is not None
            if entry.mirror is None or entry.mirror.pk is None:  # the report binds it later by primary key
                entry.mirror = entry.binder._save(entry.mirror or entry.binder.new())
            items.append(
                JobItem(
                    task_id=entry.task.pk,
                    ref=submitted.refs.get(entry.key, entry.key),
                    mirror=entry.mirror,
                    payload=entry.payload,
                    digest=entry.digest,
                    action=entry.action,
                    remote_id=entry.remote_id,
                )
            )
        record_job(context=self.context, submitted=submitted, items=items)


def product_data(entry: BatchEntry) -> ProductData | None:
    """The prefetched local data of a product batch's entry (its single step is a ProductStep)."""
    step = entry.step
    if not isinstance(step, ProductStep):
        raise TypeError(f"A product batch holds a {type(step).__name__}, not a ProductStep.")
    return step.data


class BatchProductStep(BatchMirrorStep):
    """Product listings in batches, then their variations in batches of their own (after their parents)."""

    def skip_reason(self, entry: BatchEntry) -> StepOutcome | None:
        if product_data(entry) is None:
            return StepOutcome(kind=SKIPPED, detail="The local product no longer exists (or is not this company's).")
        return None

    def run(self) -> dict[int, StepOutcome | BaseException | str]:
        entries = [self.plan(self.item(task=task)) for task in self.tasks]
        self.push(entries)
        variation_step = getattr(self.item_step, "variation_step", None)
        if variation_step is not None:
            self.push_variations(entries, variation_step=variation_step)
        return {entry.task.pk: self.result_of(entry) for entry in entries}

    def push_variations(self, entries: list[BatchEntry], *, variation_step: type) -> None:
        """Every variation of the batch's bound configurables, in batches; a failed variation fails its parent."""
        families = self.plan_variations(entries, variation_step=variation_step)
        self.push([child for family in families.values() for child in family])
        self.settle_families(entries, families=families, variation_step=variation_step)

    def plan_variations(self, entries: list[BatchEntry], *, variation_step: type) -> dict[str, list[BatchEntry]]:
        """The planned variations of each bound configurable of the batch, by its entry's key (a list for each)."""
        families: dict[str, list[BatchEntry]] = {}
        for entry in entries:
            data = product_data(entry) if entry.error is None and entry.job is None else None
            if data is None or not data.product.is_configurable or not entry.remote_id or entry.mirror is None:
                continue
            family = families[entry.key] = []
            for variation in data.variations:
                step = variation_step(context=self.context, object_id=variation.id, parent_mirror=entry.mirror)
                step.action = SYNC
                family.append(self.plan(BatchEntry(task=entry.task, step=step, key=f"{entry.task.pk}:{variation.id}")))
        return families

    def settle_families(
        self, entries: list[BatchEntry], *, families: dict[str, list[BatchEntry]], variation_step: type
    ) -> None:
        """After the variations were sent: stale ones deleted, and each parent given its family's outcome."""
        for entry in entries:  # variations no longer in the family: deleted remotely, one by one (rare)
            if entry.key in families:
                families[entry.key].extend(self.remove_stale(entry, variation_step=variation_step))
        for entry in entries:
            family = families.get(entry.key, [])
            if not family:
                continue
            failed = next((child.error for child in family if child.error is not None), None)
            if failed is not None:
                entry.error = failed
                if entry.mirror is not None:
                    self.record_failure(entry)
                continue
            if any(child.job is not None for child in family):
                entry.job = next(child.job for child in family if child.job is not None)
                continue
            outcomes = tuple(child.outcome or StepOutcome(kind=UNCHANGED) for child in family)
            variations = StepOutcome(kind=UNCHANGED, detail="variations").with_children(list(outcomes))
            base = entry.outcome or StepOutcome(kind=UNCHANGED, remote_id=entry.remote_id)
            entry.outcome = base.with_children([variations])

    def remove_stale(self, entry: BatchEntry, *, variation_step: Any) -> list[BatchEntry]:
        """Delete the remote variations of this parent whose local variation left the family."""
        data = product_data(entry)
        current = {variation.id for variation in data.variations} if data is not None else set()
        known = variation_step.known_mirrors(self.context)
        parent_pk = entry.mirror.pk if entry.mirror is not None else None
        stale = [m for m in known.values() if m is not None and m.parent_id == parent_pk]
        removed = []
        for mirror in stale:
            if mirror.local_instance_id in current:
                continue
            step = variation_step(context=self.context, object_id=mirror.local_instance_id, parent_mirror=entry.mirror)
            step.action = DELETE
            removed.append(self.single(BatchEntry(task=entry.task, step=step, key=f"{entry.key}:stale")))
            known.pop(mirror.local_instance_id, None)
        return removed
