"""A few generic Huey entry points that run any SyncTask, import or vendor job by id.

- `run_sync_task(sync_task_id)` / `run_sync_batch(sync_task_ids)`: claim the pending tasks (an
  atomic UPDATE with a claim token and a lease, so a task never runs twice at once), group them by
  channel, view and usage, look up the spec and the step for the usage, prefetch the group, and
  run it: through the usage's batch step when the spec registers one (the group is first filled
  up to `max_batch_size` with other due tasks of the same key, so a burst of changes becomes a
  few full batches), else one step per task (`tasks_batch`). A heartbeat renews the lease while
  the group runs;
- `run_import_task(import_process_id)`: run or resume an import (`tasks_imports`);
- `poll_remote_job(job_id)`: poll an asynchronous vendor job (`tasks_jobs`);
- `dispatch_due_tasks()` (every minute): enqueue deferred tasks whose time has come, queued tasks
  whose message was lost, tasks and imports whose worker stopped (lease expired), due imports and
  due vendor jobs;
- `poll_orders()` (every 15 minutes): an order import per channel that imports orders (`imports/order_polls`);
- `queue_price_list_windows()` (every day at 00:05): price updates for the products of price lists
  that start today or ended yesterday (`price_windows`).

Failures are classified once (`tasks_failures.classify`). Deferred runs: with a real queue the
retry is also scheduled with Huey's `delay`. In immediate mode (tests) nothing is scheduled, since
the "later" run would happen at once and loop; the deferred row waits for `dispatch_due_tasks`
(tests call `dispatch_due(now=...)`).
"""

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from core.tasks import enqueue_on_commit
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.models import SalesChannel, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES, lease_deadline, lease_seconds
from sales_channels.registry import find_spec, spec_for_channel
from sales_channels.tasks_batch import Heartbeat, run_batch, run_single, summary
from sales_channels.tasks_failures import (
    Decision,
    backoff_seconds,
    classify,
    configuration_message,
    debug_text,
    fail_task,
    handle_failure,
    logger,
)
from sales_channels.tasks_imports import due_imports, execute_import, revive_stopped_imports, run_import_task
from sales_channels.tasks_jobs import due_jobs, execute_job_poll, poll_remote_job
from sales_channels.webhooks.tasks import sweep_due_deliveries

__all__ = [
    "BATCH_SIZE",
    "Decision",
    "backoff_seconds",
    "claim",
    "classify",
    "dispatch_due",
    "dispatch_due_tasks",
    "enqueue_sync_tasks",
    "execute_import",
    "execute_job_poll",
    "execute_sync_tasks",
    "poll_remote_job",
    "queue_price_list_windows",
    "queue_is_immediate",
    "run_import_task",
    "run_sync_batch",
    "run_sync_task",
    "summary",
]

BATCH_SIZE = 50
# Tasks one queue message carries for an integration without batch steps. Its worker runs them one
# after another, so a small message spreads a burst over every worker, and a killed worker strands
# at most this many until their lease ends (the soak measured 10: drains 170-178 s, 50: 307-354 s).
PER_TASK_MESSAGE_SIZE = 10
LOST_AFTER = timedelta(minutes=5)
CLOCK_SKEW = timedelta(seconds=1)


def queue_is_immediate() -> bool:
    """True when Huey runs tasks in-process at enqueue time (the test settings)."""
    return bool(HUEY.immediate)


# -- enqueueing -----------------------------------------------------------------------------------


def channel_batch_sizes(channel_ids: set[int]) -> dict[int, int]:
    """Per channel: its spec's `max_batch_size` when it has batch steps, else PER_TASK_MESSAGE_SIZE (one query)."""
    sizes = {}
    for pk, integration in SalesChannel.objects.filter(pk__in=channel_ids).values_list("pk", "integration"):
        spec = find_spec(integration)
        sizes[pk] = spec.capabilities.max_batch_size if spec is not None and spec.batch_steps else PER_TASK_MESSAGE_SIZE
    return sizes


def enqueue_sync_tasks(*, sync_task_ids: list[int], delay: float = 0) -> None:
    """Hand tasks to Huey after commit, by id, BATCH_SIZE a message (`delay` seconds later with a real queue)."""
    for start in range(0, len(sync_task_ids), BATCH_SIZE):
        chunk = list(sync_task_ids[start : start + BATCH_SIZE])
        if delay > 0 and not queue_is_immediate():
            transaction.on_commit(partial(run_sync_batch.schedule, kwargs={"sync_task_ids": chunk}, delay=delay))
        else:
            enqueue_on_commit(run_sync_batch, sync_task_ids=chunk)


def enqueue_tasks_by_channel(*, tasks: list[SyncTask], delay: float = 0) -> None:
    """Enqueue tasks grouped by channel, view and usage, in messages no larger than the channel's batches.

    A worker fills a batch-step group up to `max_batch_size` with other due tasks of its key, so a
    burst of 500 changes runs as five batches of 100, whatever the messages carried.
    """
    groups: dict[tuple, list[int]] = defaultdict(list)
    for task in tasks:
        groups[(task.sales_channel_id, task.view_id, task.usage)].append(task.pk)
    sizes = channel_batch_sizes({key[0] for key in groups}) if groups else {}
    for key, ids in groups.items():
        size = sizes.get(key[0], PER_TASK_MESSAGE_SIZE)
        for start in range(0, len(ids), size):
            enqueue_sync_tasks(sync_task_ids=ids[start : start + size], delay=delay)


def _schedule_retry(task: SyncTask, delay: float | None) -> None:
    if delay is not None and not queue_is_immediate():
        schedule = partial(run_sync_task.schedule, kwargs={"sync_task_id": task.pk}, delay=max(delay, 0.0))
        transaction.on_commit(schedule)


# -- running sync tasks ---------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    return Q(next_run_at__isnull=True) | Q(next_run_at__lte=now + CLOCK_SKEW)


def claim(*, sync_task_ids: list[int], now: datetime | None = None) -> list[SyncTask]:
    """Atomically mark the due pending tasks among these ids as running (for this run only, leased) and load them.

    A new attempt starts clean: the error of the previous attempt is cleared.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    SyncTask.objects.filter(pk__in=sync_task_ids, status__in=PENDING_STATUSES).filter(_due(now)).update(
        status=SyncTaskStatus.RUNNING,
        claim_token=token,
        started_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        lease_expires_at=lease_deadline(now=now),
        error="",
        error_debug="",
        error_kind="",
    )
    return list(SyncTask.objects.filter(claim_token=token).select_related("sales_channel", "view").order_by("id"))


def _fill(group: list[SyncTask], *, size: int, now: datetime) -> list[SyncTask]:
    """Claim other due pending tasks of the group's channel, view and usage until the batch is full.

    On PostgreSQL the candidates are read FOR UPDATE SKIP LOCKED and claimed in the same transaction: two
    workers filling at once take different tasks (two full batches), instead of the slower one finding its
    candidates taken and running a batch of only its own message. SQLite serialises writers and ignores it.
    """
    first = group[0]
    wanted = size - len(group)
    if wanted <= 0:
        return []
    with transaction.atomic():
        ids = list(
            SyncTask.objects.select_for_update(skip_locked=True)
            .filter(
                sales_channel_id=first.sales_channel_id,
                view_id=first.view_id,
                usage=first.usage,
                status__in=PENDING_STATUSES,
            )
            .filter(_due(now))
            .order_by("id")
            .values_list("pk", flat=True)[:wanted]
        )
        return claim(sync_task_ids=ids, now=now) if ids else []


def execute_sync_tasks(*, sync_task_ids: list[int], now: datetime | None = None) -> list[SyncTask]:
    """Run these tasks (those still pending and due); returns them with their final state."""
    now = now or timezone.now()
    tasks = claim(sync_task_ids=sync_task_ids, now=now)
    groups: dict[tuple, list[SyncTask]] = defaultdict(list)
    for task in tasks:
        groups[(task.sales_channel_id, task.view_id, task.usage)].append(task)
    for group in groups.values():
        spec = find_spec(group[0].sales_channel.integration)
        batch_class = spec.batch_step_for(group[0].usage) if spec is not None else None
        if spec is not None and batch_class is not None:
            default = spec.capabilities.max_batch_size
            channel = group[0].sales_channel.specific  # read once: the batch hook and the run use the vendor channel
            for task in group:
                task.sales_channel = channel
            size = batch_class.batch_size(channel=channel, usage=group[0].usage, default=default)
            group += _fill(group, size=size, now=now)
            for start in range(0, len(group), size):
                _run_group(group[start : start + size])
        else:
            _run_group(group)
    return tasks


def _run_group(tasks: list[SyncTask]) -> None:
    first = tasks[0]
    heartbeat = Heartbeat(tokens=sorted({task.claim_token for task in tasks}))
    try:
        spec = spec_for_channel(first.sales_channel)
        batch_class = spec.batch_step_for(first.usage)
        step_class = batch_class or spec.step_for(first.usage)
        channel = first.sales_channel.specific
        client, session = build_client(spec=spec, channel=channel, sync_task_id=first.pk)
    except Exception as error:  # noqa: BLE001 - a configuration problem fails the tasks visibly, never silently
        logger.exception("cannot run %s tasks on channel %s", first.usage, first.sales_channel_id)
        for task in tasks:
            fail_task(task, kind="configuration", error=configuration_message(error), debug=debug_text(error))
        return
    context = StepContext(channel=channel, spec=spec, client=client, session=session, view=first.view)
    runnable = []
    for task in tasks:
        if task.multi_tenant_company_id != channel.multi_tenant_company_id:
            fail_task(task, kind="tenancy", error="The task's company does not own its sales channel.", spec=spec)
        else:
            runnable.append(task)
    if not runnable:
        return
    try:
        step_class.prefetch(context=context, object_ids=[task.object_id for task in runnable])
    except Exception as error:  # noqa: BLE001 - classified per task like any step failure
        for task in runnable:
            _schedule_retry(task, handle_failure(task, error, spec=spec))
        return
    if batch_class is not None:
        run_batch(runnable, context=context, batch_class=batch_class, heartbeat=heartbeat, retry=_schedule_retry)
    else:
        run_single(runnable, context=context, step_class=step_class, heartbeat=heartbeat, retry=_schedule_retry)


# -- dispatching ----------------------------------------------------------------------------------


def revive_stopped_tasks(*, now: datetime) -> int:
    """Running tasks whose lease expired (their worker stopped): deferred, due now."""
    stale = Q(lease_expires_at__lt=now) | Q(
        lease_expires_at__isnull=True, started_at__lt=now - timedelta(seconds=lease_seconds())
    )
    return (
        SyncTask.objects.filter(status=SyncTaskStatus.RUNNING)
        .filter(stale)
        .update(
            status=SyncTaskStatus.DEFERRED,
            next_run_at=min(now, timezone.now()),  # due at once (a `now` in the future is a test's clock)
            lease_expires_at=None,
            error="Requeued: the worker running it stopped.",
            error_kind="worker_stopped",
        )
    )


def dispatch_due(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Enqueue what is due: deferred, lost and stopped tasks, imports, vendor jobs and webhook deliveries to retry."""
    now = now or timezone.now()
    revive_stopped_tasks(now=now)
    due = SyncTask.objects.filter(
        Q(status=SyncTaskStatus.DEFERRED, next_run_at__lte=now)
        | Q(status=SyncTaskStatus.QUEUED, created_at__lt=now - LOST_AFTER)
    ).filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
    rows = list(
        due.order_by("sales_channel_id", "view_id", "usage", "id").only("pk", "sales_channel_id", "view_id", "usage")[
            :limit
        ]
    )
    enqueue_tasks_by_channel(tasks=rows)
    revive_stopped_imports(now=now)
    for process_id in due_imports(now=now):
        enqueue_on_commit(run_import_task, import_process_id=process_id)
    for job_id in due_jobs(now=now):
        enqueue_on_commit(poll_remote_job, job_id=job_id)
    sweep_due_deliveries(now=now)
    return len(rows)


# -- Huey entry points ----------------------------------------------------------------------------


@db_task()
def run_sync_task(sync_task_id: int) -> None:
    """Run one SyncTask by id."""
    execute_sync_tasks(sync_task_ids=[sync_task_id])


@db_task()
def run_sync_batch(sync_task_ids: list[int]) -> None:
    """Run several SyncTasks by id (grouped per channel, view and usage; one prefetch per group)."""
    execute_sync_tasks(sync_task_ids=sync_task_ids)


@db_periodic_task(crontab(minute="*"))
def dispatch_due_tasks() -> None:
    """Every minute: enqueue deferred, lost and stopped tasks, due imports, vendor jobs and webhook retries."""
    dispatch_due()


@db_periodic_task(crontab(minute="*/15"))
def poll_orders() -> None:
    """Every 15 minutes: an order import for each active, connected channel with order import on."""
    from sales_channels.imports.order_polls import queue_order_imports  # noqa: PLC0415 - order_polls -> flows -> tasks

    queue_order_imports()


@db_periodic_task(crontab(hour="0", minute="5"))
def queue_price_list_windows() -> None:
    """Every day: price updates for the products of price lists that start today or ended yesterday."""
    from sales_channels.price_windows import queue_window_changes  # noqa: PLC0415 - price_windows -> flows -> tasks

    queue_window_changes()
