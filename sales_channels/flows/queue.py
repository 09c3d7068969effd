"""Queueing sync tasks, deduplicated and escalated, in a constant number of queries per call.

`queue_tasks(requests)` turns wishes ("sync product 7 on channel 3") into `SyncTask` rows:

- dedupe: a pending (queued or deferred) task with the same key already covers the wish; the
  partial unique constraint on the key makes that hold across processes (`bulk_create` with
  `ignore_conflicts`, then re-read);
- escalation: the product usages of one (channel, view, product) collapse. `product.delete` wins
  over everything; a create or sync covers a narrower update; two different narrow updates
  (price and stock) become one `product.sync`; a create or sync cancels a pending delete
  (the product was re-assigned). Superseded tasks are cancelled, not deleted (history);
- enqueue: new tasks are handed to Huey after commit, by id, in batches per channel, view and
  usage of the channel's batch size (in a non-immediate queue after a short debounce, so a burst
  of saves lands in the task first; a worker also fills a batch with other due tasks of its key).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from sales_channels.models import SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES

PRODUCT_CREATE = "product.create"
PRODUCT_SYNC = "product.sync"
PRODUCT_DELETE = "product.delete"
PRICE_UPDATE = "price.update"
STOCK_UPDATE = "stock.update"
PRODUCT_USAGES = frozenset({PRODUCT_CREATE, PRODUCT_SYNC, PRODUCT_DELETE, PRICE_UPDATE, STOCK_UPDATE})
FULL_USAGES = (PRODUCT_CREATE, PRODUCT_SYNC)


def debounce_seconds() -> float:
    """How long a new task waits before a (non-immediate) worker runs it, so bursts collapse into it."""
    return float(getattr(settings, "SALES_CHANNELS_DEBOUNCE_SECONDS", 2.0))


@dataclass(frozen=True)
class TaskRequest:
    """A wish to run `usage` for `object_id` on a channel (and view, for marketplaces)."""

    company_id: int
    sales_channel_id: int
    view_id: int | None
    usage: str
    object_id: int
    payload: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def target(self) -> tuple[int, int | None, int]:
        return (self.sales_channel_id, self.view_id, self.object_id)


def merge_usages(*, pending: set[str], wanted: set[str]) -> str | None:
    """The one usage that should be pending for a product target, given what is pending and what is wanted."""
    if PRODUCT_DELETE in wanted:
        return PRODUCT_DELETE
    if not wanted:
        return None
    combined = (pending - {PRODUCT_DELETE}) | wanted
    if PRODUCT_CREATE in combined:
        return PRODUCT_CREATE
    if PRODUCT_SYNC in combined or len(combined) > 1:
        return PRODUCT_SYNC
    return next(iter(combined))


def _pending_rows(requests: list[TaskRequest]) -> list[SyncTask]:
    channels = {r.sales_channel_id for r in requests}
    objects = {r.object_id for r in requests}
    usages = {r.usage for r in requests} | PRODUCT_USAGES
    return list(
        SyncTask.objects.filter(
            status__in=PENDING_STATUSES, sales_channel_id__in=channels, object_id__in=objects, usage__in=usages
        )
    )


def _plan(requests: list[TaskRequest]) -> tuple[list[TaskRequest], list[int]]:
    """(requests to create, ids of pending tasks to cancel)."""
    pending: dict[tuple, list[SyncTask]] = defaultdict(list)
    for row in _pending_rows(requests):
        pending[(row.sales_channel_id, row.view_id, row.object_id)].append(row)
    by_target: dict[tuple, list[TaskRequest]] = defaultdict(list)
    for request in requests:
        by_target[request.target].append(request)
    to_create: list[TaskRequest] = []
    to_cancel: list[int] = []
    for target, wishes in by_target.items():
        rows = pending.get(target, [])
        product_wishes = [w for w in wishes if w.usage in PRODUCT_USAGES]
        for wish in wishes:  # other usages dedupe on their exact key only
            if wish.usage not in PRODUCT_USAGES and all(row.usage != wish.usage for row in rows):
                to_create.append(wish)
        if not product_wishes:
            continue
        product_rows = [row for row in rows if row.usage in PRODUCT_USAGES]
        usage = merge_usages(pending={row.usage for row in product_rows}, wanted={w.usage for w in product_wishes})
        if usage is None:  # nothing wanted: product_wishes is not empty, so this never happens
            continue
        to_cancel += [row.pk for row in product_rows if row.usage != usage]
        if all(row.usage != usage for row in product_rows):
            template = next((w for w in product_wishes if w.usage == usage), product_wishes[0])
            payload = {k: v for w in product_wishes for k, v in w.payload.items()}
            to_create.append(
                TaskRequest(
                    company_id=template.company_id,
                    sales_channel_id=template.sales_channel_id,
                    view_id=template.view_id,
                    usage=usage,
                    object_id=template.object_id,
                    payload=payload,
                )
            )
    return to_create, to_cancel


CHUNK = 900  # keeps every `IN (...)` under SQLite's bound-parameter limit


def queue_tasks(requests: Iterable[TaskRequest], *, enqueue: bool = True) -> list[SyncTask]:
    """Create the pending tasks these requests need (deduplicated, escalated) and enqueue the new ones.

    Requests are taken in chunks; wishes for one target that land in different chunks still merge,
    since each chunk reads the pending rows the previous ones created.
    """
    iterator = iter(requests)
    created: list[SyncTask] = []
    while chunk := list(islice(iterator, CHUNK)):
        created += _queue_chunk(chunk, enqueue=enqueue)
    return created


def _queue_chunk(requests: list[TaskRequest], *, enqueue: bool) -> list[SyncTask]:
    if not requests:
        return []
    to_create, to_cancel = _plan(requests)
    now = timezone.now()
    if to_cancel:
        SyncTask.objects.filter(pk__in=to_cancel, status__in=PENDING_STATUSES).update(
            status=SyncTaskStatus.CANCELLED, finished_at=now, error="Superseded by a broader pending task."
        )
    if not to_create:
        return []
    from sales_channels.tasks import enqueue_tasks_by_channel, queue_is_immediate  # noqa: PLC0415 - tasks import flows

    run_at = None if queue_is_immediate() else now + timedelta(seconds=debounce_seconds())
    SyncTask.objects.bulk_create(
        [
            SyncTask(
                multi_tenant_company_id=r.company_id,
                sales_channel_id=r.sales_channel_id,
                view_id=r.view_id,
                usage=r.usage,
                object_id=r.object_id,
                payload=r.payload,
                next_run_at=run_at,
            )
            for r in to_create
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    created = _reread(to_create)
    if enqueue:
        enqueue_tasks_by_channel(tasks=created, delay=debounce_seconds() if run_at else 0)
    return created


def _reread(requests: list[TaskRequest]) -> list[SyncTask]:
    wanted = {(r.sales_channel_id, r.view_id, r.usage, r.object_id) for r in requests}
    rows = SyncTask.objects.filter(
        Q(status__in=PENDING_STATUSES),
        sales_channel_id__in={r.sales_channel_id for r in requests},
        object_id__in={r.object_id for r in requests},
        usage__in={r.usage for r in requests},
    )
    return [row for row in rows.order_by("id") if row.key in wanted]
