"""Running and resuming imports: claimed with a lease, resumed from the saved cursor after a crash.

A running import renews its lease every time it saves a page (`ImportProcessor` saves the cursor
after each). A worker killed mid-import leaves it "running" with an expired lease; `dispatch_due`
turns it back to pending, due now, and it resumes from its cursor. `resume_import` does the same
on request (a failed import, or one whose worker stopped).
"""

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task

from core.tasks import enqueue_on_commit
from sales_channels.exceptions import AuthExpired
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.factories.jobs import AwaitingRemoteJob
from sales_channels.models import ImportProcess, ImportStatus
from sales_channels.models.tasks import lease_deadline, lease_seconds
from sales_channels.registry import IntegrationSpec, spec_for_channel
from sales_channels.tasks_batch import refresh_client
from sales_channels.tasks_failures import (
    BACKOFF,
    FREE,
    backoff_seconds,
    classify,
    debug_text,
    logger,
    user_message,
)

MAX_IMPORT_ATTEMPTS = 5
RESUMABLE_STATUSES = (ImportStatus.FAILED, ImportStatus.RUNNING, ImportStatus.PENDING)


class ImportNotResumable(Exception):
    """The import finished or was cancelled, or its worker still holds it."""


def execute_import(*, import_process_id: int) -> ImportProcess | None:
    """Run (or resume, from its cursor) one import process; failures are classified like sync tasks."""
    claimed = ImportProcess.objects.filter(pk=import_process_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, attempts=F("attempts") + 1, lease_expires_at=lease_deadline()
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
    except AwaitingRemoteJob as waiting:
        _wait_for_job(process, waiting)
    except Exception as error:  # noqa: BLE001 - classified below; the import stays visible with its error
        _import_failed(process, error, spec=spec)
    return process


def _run_processor(processor, context: StepContext) -> None:
    try:
        processor.run()
    except AuthExpired:
        if not refresh_client(context):
            raise
        processor.context = context
        processor.run()


def _wait_for_job(process: ImportProcess, waiting: AwaitingRemoteJob) -> None:
    """The import waits for its vendor job: pending until the job's next poll (the job also resumes it when it ends)."""
    process.status = ImportStatus.PENDING
    process.next_run_at = waiting.job.next_poll_at or timezone.now()
    process.error = waiting.message
    process.error_debug = ""
    process.lease_expires_at = None
    process.attempts = max(0, process.attempts - 1)
    process.save()


def _import_failed(process: ImportProcess, error: BaseException, *, spec: IntegrationSpec | None) -> None:
    decision = classify(error, spec=spec)
    process.error, process.error_debug = user_message(error), debug_text(error)
    process.lease_expires_at = None
    if decision.kind == "unexpected":
        logger.exception("import %s failed", process.pk, exc_info=error)
    retry = decision.retry == FREE or (decision.retry == BACKOFF and process.attempts < MAX_IMPORT_ATTEMPTS)
    if retry:
        delay = decision.delay if decision.retry == FREE else backoff_seconds(process.attempts)
        process.status = ImportStatus.PENDING
        process.next_run_at = timezone.now() + timedelta(seconds=delay)
        if decision.retry == FREE:
            process.attempts = max(0, process.attempts - 1)
        if not HUEY.immediate:
            transaction.on_commit(
                partial(run_import_task.schedule, kwargs={"import_process_id": process.pk}, delay=delay)
            )
    else:
        process.status = ImportStatus.FAILED
        process.finished_at = timezone.now()
    process.save()


def revive_stopped_imports(*, now: datetime) -> int:
    """Running imports whose lease expired (their worker stopped): pending again, due now (resumed from the cursor)."""
    stale = Q(lease_expires_at__lt=now) | Q(
        lease_expires_at__isnull=True, updated_at__lt=now - timedelta(seconds=lease_seconds())
    )
    return (
        ImportProcess.objects.filter(status=ImportStatus.RUNNING)
        .filter(stale)
        .update(status=ImportStatus.PENDING, next_run_at=min(now, timezone.now()), lease_expires_at=None)
    )


def resume_import(*, process: ImportProcess, now: datetime | None = None) -> ImportProcess:
    """Resume an import from its saved cursor now: a failed one, or one whose worker stopped."""
    now = now or timezone.now()
    live = process.status == ImportStatus.RUNNING and process.lease_expires_at and process.lease_expires_at > now
    if process.status not in RESUMABLE_STATUSES or live:
        raise ImportNotResumable(
            f"Import {process.pk} is {process.get_status_display().lower()}"
            + (" and its worker is still running it." if live else "; only failed or stopped imports resume.")
        )
    ImportProcess.objects.filter(pk=process.pk).update(
        status=ImportStatus.PENDING, next_run_at=now, finished_at=None, lease_expires_at=None, error="", error_debug=""
    )
    enqueue_on_commit(run_import_task, import_process_id=process.pk)
    process.refresh_from_db()
    return process


def due_imports(*, now: datetime) -> list[int]:
    return list(
        ImportProcess.objects.filter(status=ImportStatus.PENDING, next_run_at__lte=now).values_list("pk", flat=True)
    )


@db_task()
def run_import_task(import_process_id: int) -> None:
    """Run or resume one ImportProcess by id."""
    execute_import(import_process_id=import_process_id)
