"""A few generic Huey entry points that run any SyncTask or import by id, and classify failure once.

- `run_sync_task(sync_task_id)` / `run_sync_batch(sync_task_ids)`: claim the pending tasks (an
  atomic UPDATE with a claim token, so a task never runs twice at once), group them by channel,
  view and usage, look up the spec and the step for the usage, prefetch the batch, run each step;
- `run_import_task(import_process_id)`: run the channel's import processor for the process kind;
- `dispatch_due_tasks()` (every minute): enqueue deferred tasks whose time has come, queued tasks
  whose message was lost, and tasks left running by a crashed worker.

Failure policy (`classify`): RateLimited -> deferred until `retry_after`, no attempt burnt;
TransientVendorError (and other retryable errors) -> deferred with exponential backoff until
`max_attempts`, then failed; AuthExpired -> the spec refreshes credentials once and the step runs
again at once, a second AuthExpired fails; VendorValidationError, MappingMissing,
InvalidVendorPayload and the spec's `non_retryable` -> failed at once; anything else -> failed with
a traceback summary, and logged with `logger.exception`.

Deferred runs: with a real queue the retry is also scheduled with Huey's `delay`. In immediate
mode (tests) nothing is scheduled, since the "later" run would happen at once and loop; the
deferred row waits for `dispatch_due_tasks` (tests call `dispatch_due(now=...)`).
"""

import json
import logging
import random
import traceback
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from core.tasks import enqueue_on_commit
from sales_channels.connection import record_connection_failure
from sales_channels.exceptions import (
    AuthExpired,
    InvalidVendorPayload,
    MappingMissing,
    RateLimited,
    SalesChannelError,
    VendorValidationError,
)
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import error_text
from sales_channels.factories.clients import build_client
from sales_channels.factories.outcomes import canonical_json
from sales_channels.models import ImportProcess, ImportStatus, SalesChannel, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import IntegrationSpec, spec_for_channel

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
LOST_AFTER = timedelta(minutes=5)
STUCK_AFTER = timedelta(minutes=30)
CLOCK_SKEW = timedelta(seconds=1)


def queue_is_immediate() -> bool:
    """True when Huey runs tasks in-process at enqueue time (the test settings)."""
    return bool(HUEY.immediate)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


# -- classification -------------------------------------------------------------------------------

NEVER, BACKOFF, FREE = "never", "backoff", "free"
NON_RETRYABLE_KINDS = (
    (MappingMissing, "mapping"),
    (VendorValidationError, "validation"),
    (InvalidVendorPayload, "invalid_payload"),
    (AuthExpired, "auth"),
)


@dataclass(frozen=True)
class Decision:
    """How a failure is handled: its kind, the retry mode (never, backoff, free) and a delay for free retries."""

    kind: str
    retry: str
    delay: float = 0.0


def classify(error: BaseException, *, spec: IntegrationSpec | None = None) -> Decision:
    """The one place a failure's retry policy is decided."""
    if isinstance(error, RateLimited):
        return Decision("rate_limited", FREE, error.retry_after)
    if spec is not None and spec.non_retryable and isinstance(error, spec.non_retryable):
        return Decision("non_retryable", NEVER)
    for error_class, kind in NON_RETRYABLE_KINDS:
        if isinstance(error, error_class):
            return Decision(kind, NEVER)
    if isinstance(error, SalesChannelError):
        return Decision("transient" if error.retryable else "vendor", BACKOFF if error.retryable else NEVER)
    return Decision("unexpected", NEVER)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with +-10% jitter: base, 2x base, 4x base, ... capped."""
    base = _setting("SALES_CHANNELS_RETRY_BASE_SECONDS", 30.0)
    cap = _setting("SALES_CHANNELS_RETRY_MAX_SECONDS", 3600.0)
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return delay * random.uniform(0.9, 1.1)


def _describe(error: BaseException, decision: Decision) -> str:
    if decision.kind != "unexpected":
        return error_text(error)
    summary = "".join(traceback.format_exception(type(error), error, error.__traceback__, limit=8))
    return summary[-4000:]


# -- enqueueing -----------------------------------------------------------------------------------


def enqueue_sync_tasks(*, sync_task_ids: list[int], delay: float = 0) -> None:
    """Hand tasks to Huey after commit, by id, in batches (scheduled `delay` seconds later with a real queue)."""
    for start in range(0, len(sync_task_ids), BATCH_SIZE):
        chunk = list(sync_task_ids[start : start + BATCH_SIZE])
        if delay > 0 and not queue_is_immediate():
            transaction.on_commit(partial(run_sync_batch.schedule, kwargs={"sync_task_ids": chunk}, delay=delay))
        else:
            enqueue_on_commit(run_sync_batch, sync_task_ids=chunk)


def _schedule_retry(task: SyncTask, delay: float) -> None:
    if not queue_is_immediate():
        schedule = partial(run_sync_task.schedule, kwargs={"sync_task_id": task.pk}, delay=max(delay, 0.0))
        transaction.on_commit(schedule)


# -- running sync tasks ---------------------------------------------------------------------------


def claim(*, sync_task_ids: list[int], now: datetime | None = None) -> list[SyncTask]:
    """Atomically mark the due pending tasks among these ids as running (for this run only) and load them."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    SyncTask.objects.filter(pk__in=sync_task_ids, status__in=PENDING_STATUSES).filter(
        Q(next_run_at__isnull=True) | Q(next_run_at__lte=now + CLOCK_SKEW)
    ).update(
        status=SyncTaskStatus.RUNNING, claim_token=token, started_at=now, finished_at=None, attempts=F("attempts") + 1
    )
    return list(SyncTask.objects.filter(claim_token=token).select_related("sales_channel", "view").order_by("id"))


def execute_sync_tasks(*, sync_task_ids: list[int], now: datetime | None = None) -> list[SyncTask]:
    """Run these tasks (those still pending and due); returns them with their final state."""
    tasks = claim(sync_task_ids=sync_task_ids, now=now)
    groups: dict[tuple, list[SyncTask]] = defaultdict(list)
    for task in tasks:
        groups[(task.sales_channel_id, task.view_id, task.usage)].append(task)
    for group in groups.values():
        _run_group(group)
    return tasks


def _fail(task: SyncTask, *, kind: str, error: str) -> None:
    task.status = SyncTaskStatus.FAILED
    task.outcome = "failed"
    task.error_kind = kind
    task.error = error
    task.finished_at = timezone.now()
    task.save()


def _run_group(tasks: list[SyncTask]) -> None:
    first = tasks[0]
    try:
        spec = spec_for_channel(first.sales_channel)
        step_class = spec.step_for(first.usage)
        channel = first.sales_channel.specific
        client, session = build_client(spec=spec, channel=channel, sync_task_id=first.pk)
    except Exception as error:  # noqa: BLE001 - a configuration problem fails the tasks visibly, never silently
        logger.exception("cannot run %s tasks on channel %s", first.usage, first.sales_channel_id)
        for task in tasks:
            _fail(task, kind="configuration", error=error_text(error))
        return
    context = StepContext(channel=channel, spec=spec, client=client, session=session, view=first.view)
    runnable = []
    for task in tasks:
        if task.multi_tenant_company_id != channel.multi_tenant_company_id:
            _fail(task, kind="tenancy", error="The task's company does not own its sales channel.")
        else:
            runnable.append(task)
    if not runnable:
        return
    try:
        step_class.prefetch(context=context, object_ids=[task.object_id for task in runnable])
    except Exception as error:  # noqa: BLE001 - classified per task like any step failure
        for task in runnable:
            _handle_failure(task, error, spec=spec)
        return
    succeeded: list[SyncTask] = []
    try:
        for task in runnable:
            if _run_one(task, context=context, step_class=step_class):
                succeeded.append(task)
    finally:
        context.flush()
        _save_succeeded(succeeded)


def _save_succeeded(tasks: list[SyncTask]) -> None:
    """One UPDATE per distinct result of the batch (a crash before it leaves them running: dispatch re-runs them)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for task in tasks:
        groups[canonical_json([task.outcome, task.detail])].append(task.pk)
    now = timezone.now()
    for key, ids in groups.items():
        outcome, detail = json.loads(key)
        SyncTask.objects.filter(pk__in=ids).update(
            status=SyncTaskStatus.SUCCEEDED,
            outcome=outcome,
            detail=detail,
            error="",
            error_kind="",
            finished_at=now,
            updated_at=now,
        )


def summary(outcome) -> dict | None:
    """What a task stores about its outcome: the kind of each part (remote ids live on the mirrors)."""
    if not outcome.children and not outcome.detail:
        return None
    parts = {child.detail or f"part {n}": child.kind for n, child in enumerate(outcome.children)}
    return {"detail": outcome.detail, "parts": parts} if outcome.detail else {"parts": parts}


def _run_one(task: SyncTask, *, context: StepContext, step_class: type) -> bool:
    """Run one task's step; True on success (saved by the caller with the batch), else classified and saved."""
    context.sync_task = task
    if context.session is not None:
        context.session.sync_task_id = task.pk
    refreshed = False
    while True:
        try:
            outcome = step_class(context=context, object_id=task.object_id, payload=task.payload).run()
        except AuthExpired as error:
            if not refreshed and _refresh(context):
                refreshed = True
                continue
            _mark_disconnected(context.channel, error)
            _handle_failure(task, error, spec=context.spec)
            return False
        except Exception as error:  # noqa: BLE001 - classified once below: deferred, retried or failed, never lost
            _handle_failure(task, error, spec=context.spec)
            return False
        task.status = SyncTaskStatus.SUCCEEDED
        task.outcome = outcome.kind
        task.detail = summary(outcome)
        task.error = task.error_kind = ""
        task.finished_at = task.updated_at = timezone.now()
        return True


def _refresh(context: StepContext) -> bool:
    """Refresh the channel's credentials once and rebuild the client; False when the spec cannot."""
    refresh = context.spec.refresh_credentials
    if refresh is None:
        return False
    try:
        refresh(channel=context.channel)
        context.client, context.session = build_client(
            spec=context.spec, channel=context.channel, sync_task_id=getattr(context.sync_task, "pk", None)
        )
    except Exception:  # noqa: BLE001 - a failed refresh is the auth failure the task reports
        logger.exception("refreshing credentials of channel %s failed", context.channel.pk)
        return False
    return True


def _mark_disconnected(channel: SalesChannel, error: BaseException) -> None:
    record_connection_failure(channel=channel, error=error)


def _handle_failure(task: SyncTask, error: BaseException, *, spec: IntegrationSpec | None) -> None:
    decision = classify(error, spec=spec)
    message = _describe(error, decision)
    if decision.kind == "unexpected":
        logger.exception("sync task %s (%s #%s) failed", task.pk, task.usage, task.object_id, exc_info=error)
    if decision.retry == FREE:
        _defer(task, delay=decision.delay, kind=decision.kind, error=message, burn=False)
    elif decision.retry == BACKOFF and task.attempts < task.max_attempts:
        _defer(task, delay=backoff_seconds(task.attempts), kind=decision.kind, error=message, burn=True)
    else:
        _fail(task, kind=decision.kind, error=message)


def _defer(task: SyncTask, *, delay: float, kind: str, error: str, burn: bool) -> None:
    task.status = SyncTaskStatus.DEFERRED
    task.next_run_at = timezone.now() + timedelta(seconds=delay)
    if not burn:
        task.attempts = max(0, task.attempts - 1)
    task.error_kind = kind
    task.error = error
    task.save()
    _schedule_retry(task, delay)


# -- imports --------------------------------------------------------------------------------------


def execute_import(*, import_process_id: int) -> ImportProcess | None:
    """Run (or resume, from its cursor) one import process; failures are classified like sync tasks."""
    claimed = ImportProcess.objects.filter(pk=import_process_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    process = ImportProcess.objects.select_related("sales_channel").get(pk=import_process_id)
    spec = None
    try:
        spec = spec_for_channel(process.sales_channel)
        channel = process.sales_channel.specific
        client, session = build_client(spec=spec, channel=channel)
        context = StepContext(channel=channel, spec=spec, client=client, session=session, dry_run=process.dry_run)
        processor = spec.processor_for(process.kind)(process=process, context=context)
        _run_processor(processor, context)
    except Exception as error:  # noqa: BLE001 - classified below; the import stays visible with its error
        _import_failed(process, error, spec=spec)
    return process


def _run_processor(processor, context: StepContext) -> None:
    try:
        processor.run()
    except AuthExpired:
        if not _refresh(context):
            raise
        processor.context = context
        processor.run()


def _import_failed(process: ImportProcess, error: BaseException, *, spec: IntegrationSpec | None) -> None:
    decision = classify(error, spec=spec)
    process.error = _describe(error, decision)
    if decision.kind == "unexpected":
        logger.exception("import %s failed", process.pk, exc_info=error)
    retry = decision.retry == FREE or (decision.retry == BACKOFF and process.attempts < 5)
    if retry:
        delay = decision.delay if decision.retry == FREE else backoff_seconds(process.attempts)
        process.status = ImportStatus.PENDING
        process.next_run_at = timezone.now() + timedelta(seconds=delay)
        if decision.retry == FREE:
            process.attempts = max(0, process.attempts - 1)
        if not queue_is_immediate():
            transaction.on_commit(
                partial(run_import_task.schedule, kwargs={"import_process_id": process.pk}, delay=delay)
            )
    else:
        process.status = ImportStatus.FAILED
        process.finished_at = timezone.now()
    process.save()


# -- dispatching ----------------------------------------------------------------------------------


def dispatch_due(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Enqueue what is due: deferred tasks past their time, lost queued tasks, crashed running tasks, imports."""
    now = now or timezone.now()
    SyncTask.objects.filter(status=SyncTaskStatus.RUNNING, started_at__lt=now - STUCK_AFTER).update(
        status=SyncTaskStatus.DEFERRED, next_run_at=now, error="Requeued: the worker running it stopped."
    )
    due = SyncTask.objects.filter(
        Q(status=SyncTaskStatus.DEFERRED, next_run_at__lte=now)
        | Q(status=SyncTaskStatus.QUEUED, created_at__lt=now - LOST_AFTER)
    ).filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))
    ids = list(due.order_by("sales_channel_id", "view_id", "usage", "id").values_list("pk", flat=True)[:limit])
    enqueue_sync_tasks(sync_task_ids=ids)
    imports = ImportProcess.objects.filter(status=ImportStatus.PENDING, next_run_at__lte=now).values_list(
        "pk", flat=True
    )
    for process_id in imports:
        enqueue_on_commit(run_import_task, import_process_id=process_id)
    return len(ids)


# -- Huey entry points ----------------------------------------------------------------------------


@db_task()
def run_sync_task(sync_task_id: int) -> None:
    """Run one SyncTask by id."""
    execute_sync_tasks(sync_task_ids=[sync_task_id])


@db_task()
def run_sync_batch(sync_task_ids: list[int]) -> None:
    """Run several SyncTasks by id (grouped per channel, view and usage; one prefetch per group)."""
    execute_sync_tasks(sync_task_ids=sync_task_ids)


@db_task()
def run_import_task(import_process_id: int) -> None:
    """Run or resume one ImportProcess by id."""
    execute_import(import_process_id=import_process_id)


@db_periodic_task(crontab(minute="*"))
def dispatch_due_tasks() -> None:
    """Every minute: enqueue deferred, lost and crashed tasks and imports that are due."""
    dispatch_due()
