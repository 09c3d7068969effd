"""Polling asynchronous vendor jobs by deferral, and mapping their reports back to tasks and mirrors.

`execute_job_poll(job_id)` claims a due open job (its next poll time moves one lease ahead, so a
worker killed mid-poll leaves a job that is polled again when that lease ends), asks the spec's
handler for the job's state, and:

- running: schedules the next poll (Huey `schedule` with a delay; `dispatch_due` is the safety net);
- completed: reads the report once and, per item, binds the mirror and finishes the task, or
  fails that task with the vendor's message (classified like any failure, so a transient item
  error is retried); an import the job serves is resumed;
- failed, or a poll that cannot be retried: every task it serves fails with the reason.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task

from core.tasks import enqueue_on_commit
from sales_channels.exceptions import AuthExpired, InvalidVendorPayload, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.clients import build_client
from sales_channels.factories.jobs import COMPLETED, FAILED, ItemResult, RemoteJobHandler
from sales_channels.factories.lifecycle import CREATE
from sales_channels.factories.outcomes import CREATED, UPDATED, StepOutcome
from sales_channels.models import ImportProcess, ImportStatus, RemoteJob, RemoteJobStatus, SyncTask, SyncTaskStatus
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.models.tasks import lease_deadline
from sales_channels.registry import IntegrationSpec, spec_for_channel
from sales_channels.tasks_batch import refresh_client, save_succeeded, succeed
from sales_channels.tasks_failures import (
    BACKOFF,
    FREE,
    backoff_seconds,
    classify,
    debug_text,
    handle_failure,
    logger,
    user_message,
)
from sales_channels.tasks_imports import run_import_task

MAX_POLL_FAILURES = 20
CLOCK_SKEW = timedelta(seconds=1)
SERVED_STATUSES = (SyncTaskStatus.AWAITING, SyncTaskStatus.RUNNING)


def queue_is_immediate() -> bool:
    """True when Huey runs tasks at enqueue time (tests): a scheduled poll would run at once and loop."""
    return bool(HUEY.immediate)


def schedule_job_poll(*, job: RemoteJob) -> None:
    """Schedule the job's next poll after commit (immediate queues: `dispatch_due` polls due jobs)."""
    if queue_is_immediate() or job.next_poll_at is None:
        return
    delay = max(0.0, (job.next_poll_at - timezone.now()).total_seconds())
    transaction.on_commit(partial(poll_remote_job.schedule, kwargs={"job_id": job.pk}, delay=delay))


@db_task()
def poll_remote_job(job_id: int) -> None:
    """Poll one vendor job by id (scheduled, never sleeping)."""
    execute_job_poll(job_id=job_id)


def due_jobs(*, now: datetime) -> list[int]:
    """Open jobs whose poll time has come (or whose poller stopped: its lease moved the poll time)."""
    return list(
        RemoteJob.objects.filter(status__in=OPEN_JOB_STATUSES, next_poll_at__lte=now).values_list("pk", flat=True)
    )


def execute_job_poll(*, job_id: int, now: datetime | None = None, force: bool = False) -> RemoteJob | None:
    """Poll a due job once and act on its state; None when it is not due (or another worker has it).

    `force` polls an open job before its time (an import that runs asks once before waiting again).
    """
    now = now or timezone.now()
    due = RemoteJob.objects.filter(pk=job_id, status__in=OPEN_JOB_STATUSES)
    if not force:
        due = due.filter(next_poll_at__lte=now + CLOCK_SKEW)
    claimed = due.update(next_poll_at=lease_deadline(now=now), attempts=F("attempts") + 1)
    if not claimed:
        return None
    job = RemoteJob.objects.select_related("sales_channel").get(pk=job_id)
    spec = None
    try:
        spec = spec_for_channel(job.sales_channel)
        channel = job.sales_channel.specific
        client, session = build_client(spec=spec, channel=channel)
        context = StepContext(channel=channel, spec=spec, client=client, session=session)
        handler = spec.job_handler_for(job.kind)(context=context, job=job)
        _poll(handler, context=context, spec=spec)
    except Exception as error:  # noqa: BLE001 - classified: polled again later, or the job fails visibly
        _poll_failed(job, error, spec=spec)
    return job


def _poll(handler: RemoteJobHandler, *, context: StepContext, spec: IntegrationSpec) -> None:
    try:
        state = handler.poll()
    except AuthExpired:
        if not refresh_client(context):
            raise
        handler.context = context
        state = handler.poll()
    job = handler.job
    if state.status == FAILED:
        _finish(job, status=RemoteJobStatus.FAILED, error=state.error or "The vendor reports the job failed.")
        return
    if state.status != COMPLETED:
        job.status = RemoteJobStatus.RUNNING
        job.next_poll_at = timezone.now() + timedelta(seconds=state.next_poll_seconds)
        job.result = state.result if state.result is not None else job.result
        job.save(update_fields=["status", "next_poll_at", "result", "updated_at"])
        schedule_job_poll(job=job)
        return
    job.result = state.result if state.result is not None else job.result
    job.save(update_fields=["result", "updated_at"])
    if job.items:
        apply_report(job, state.report if state.report is not None else handler.read_report(), spec=spec)
    _finish(job, status=RemoteJobStatus.COMPLETED)


def apply_report(job: RemoteJob, report: dict[str, ItemResult], *, spec: IntegrationSpec) -> None:
    """Bind every reported item's mirror, then finish each task the job serves (a rejected item fails its task)."""
    tasks = {
        task.pk: task
        for task in SyncTask.objects.filter(pk__in=job.sync_task_ids, status__in=SERVED_STATUSES).select_related(
            "sales_channel"
        )
    }
    mirrors = _load_mirrors(job.items.values())
    errors: dict[int, BaseException] = {}
    kinds: dict[int, set[str]] = defaultdict(set)
    for item in job.items.values():
        model = apps.get_model(item["mirror_model"])
        mirror = mirrors.get((item["mirror_model"], item["mirror_id"]))
        result = report.get(item["ref"]) or ItemResult(
            error=InvalidVendorPayload(f"the vendor's report does not mention {item['ref']}")
        )
        binder = MirrorBinder(model=model, channel=job.sales_channel, keys={})
        if result.error is not None:
            errors.setdefault(item["task"], result.error)
            if mirror is not None:
                binder.record_failure(mirror, result.error)
            continue
        if mirror is not None:
            remote_id = result.remote_id or item.get("remote_id") or None
            binder.bind(mirror, remote_id=remote_id, payload=item["payload"], digest=item["digest"])
        kinds[item["task"]].add(CREATED if item["action"] == CREATE else UPDATED)
    succeeded = []
    for task_id, task in tasks.items():
        if task_id in errors:
            handle_failure(task, errors[task_id], spec=spec)
            continue
        succeed(
            task, StepOutcome(kind=CREATED if CREATED in kinds[task_id] else UPDATED, detail=f"job {job.remote_id}")
        )
        succeeded.append(task)
    save_succeeded(succeeded)


def _load_mirrors(items) -> dict[tuple[str, int], object]:
    by_model: dict[str, set[int]] = defaultdict(set)
    for item in items:
        by_model[item["mirror_model"]].add(item["mirror_id"])
    loaded = {}
    for label, ids in by_model.items():
        for pk, row in apps.get_model(label).objects.in_bulk(list(ids)).items():
            loaded[(label, pk)] = row
    return loaded


def _finish(job: RemoteJob, *, status: str, error: str = "", debug: str = "") -> None:
    """Close the job; a failed job fails the tasks it still serves; its import resumes (or fails) either way."""
    job.status = status
    job.error, job.error_debug = error, debug
    job.finished_at = timezone.now()
    job.next_poll_at = None
    job.save()
    if status == RemoteJobStatus.FAILED and job.sync_task_ids:
        spec = spec_for_channel(job.sales_channel)
        reason = VendorValidationError([error])
        for task in SyncTask.objects.filter(pk__in=job.sync_task_ids, status__in=SERVED_STATUSES):
            handle_failure(task, reason, spec=spec)
    if job.import_process_id:
        resumed = ImportProcess.objects.filter(pk=job.import_process_id, status=ImportStatus.PENDING).update(
            next_run_at=timezone.now()
        )
        if resumed:
            enqueue_on_commit(run_import_task, import_process_id=job.import_process_id)


def _poll_failed(job: RemoteJob, error: BaseException, *, spec: IntegrationSpec | None) -> None:
    decision = classify(error, spec=spec)
    if decision.kind == "unexpected":
        logger.exception("polling job %s failed", job.pk, exc_info=error)
    retry = decision.retry == FREE or (decision.retry == BACKOFF and job.attempts < MAX_POLL_FAILURES)
    if retry:
        delay = decision.delay if decision.retry == FREE else backoff_seconds(job.attempts)
        job.next_poll_at = timezone.now() + timedelta(seconds=delay)
        job.error, job.error_debug = user_message(error), debug_text(error)
        job.save(update_fields=["next_poll_at", "error", "error_debug", "updated_at"])
        schedule_job_poll(job=job)
        return
    _finish(job, status=RemoteJobStatus.FAILED, error=user_message(error), debug=debug_text(error))
