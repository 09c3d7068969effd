"""The integration side of asynchronous vendor jobs: submit, poll, read the report.

A vendor that answers "accepted" and finishes later (Magento bulk, Amazon feeds, Shopify bulk
operations) is driven in three pieces:

- submit: a batch step's `send` returns `JobSubmitted(kind, remote_id, refs)` (or an import
  processor calls `submit_import_job`); the framework stores a `RemoteJob` row at once, with what
  the report must bind per item (`JobItem`), and the tasks wait in status "awaiting";
- poll: the spec's `job_handlers[kind]` (a `RemoteJobHandler`) answers `poll()` with a `JobState`
  (running with the delay of the next poll, completed with the vendor's summary, or failed);
- report: for a job serving sync tasks, `read_report()` gives one `ItemResult` per item reference;
  the framework binds each item's mirror and finishes its task (a rejected item is a failed task
  carrying the vendor's message). An import served by a job is resumed when the job completes and
  reads `job.result` (a result file URL, say).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from django.db import transaction
from django.utils import timezone

from sales_channels.exceptions import SalesChannelError
from sales_channels.models import ImportProcess, RemoteJob, RemoteJobStatus, RemoteObject

if TYPE_CHECKING:
    from sales_channels.factories.base import StepContext

logger = logging.getLogger(__name__)

RUNNING = "running"
COMPLETED = "completed"
FAILED = "failed"


@dataclass(frozen=True)
class ItemResult:
    """The vendor's answer for one item of a batch or a job report: its remote id, or that item's own error.

    `exists`: the vendor refused a create because the object (its SKU) already exists; `remote_id`
    then names it when the vendor said which one. `body`: the item's own answer, for the batch
    step's `apply` to bind from (issues, media ids), so no step keeps it on the instance.
    """

    remote_id: str = ""
    error: BaseException | None = None
    exists: bool = False
    body: Any = None


@dataclass(frozen=True)
class JobSubmitted:
    """The vendor accepted a batch as an asynchronous job: its kind (a spec job handler) and its id.

    `refs` maps each batch entry key to the item reference the job's report uses (a SKU, a message id).
    """

    kind: str
    remote_id: str
    refs: dict[str, str]
    next_poll_seconds: float = 10.0
    result: dict[str, Any] | None = None


@dataclass(frozen=True)
class JobItem:
    """What a job's report must bind for one item: its task, mirror row, payload and hash."""

    task_id: int
    ref: str
    mirror: RemoteObject
    payload: dict[str, Any]
    digest: str
    action: str
    remote_id: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "task": self.task_id,
            "ref": self.ref,
            "mirror_model": self.mirror._meta.label_lower,
            "mirror_id": self.mirror.pk,
            "payload": self.payload,
            "digest": self.digest,
            "action": self.action,
            "remote_id": self.remote_id,
        }


@dataclass(frozen=True)
class JobState:
    """Where a vendor job stands: running (poll again in `next_poll_seconds`), completed, or failed.

    A vendor whose status answer already lists the per-item results (Magento's detailed status)
    returns them as `report`, saving the `read_report` call.
    """

    status: Literal["running", "completed", "failed"]
    next_poll_seconds: float = 10.0
    result: dict[str, Any] | None = None
    error: str = ""
    report: dict[str, ItemResult] | None = None


class AwaitingRemoteJob(SalesChannelError):
    """Control flow: an import handed its work to a vendor job; it resumes when the job completes."""

    def __init__(self, job: RemoteJob, *, message: str | None = None) -> None:
        self.job = job
        super().__init__(message or f"Waiting for vendor job {job.remote_id}.")


class RemoteJobHandler:
    """Polls one kind of vendor job and reads its report (an integration registers one per kind)."""

    kind: ClassVar[str] = ""

    def __init__(self, *, context: "StepContext", job: RemoteJob) -> None:
        self.context = context
        self.job = job

    @property
    def client(self) -> Any:
        return self.context.client

    def poll(self) -> JobState:
        """One status call: running, completed (with the vendor's summary) or failed (with its reason)."""
        raise NotImplementedError(f"{type(self).__name__} must implement poll().")

    def read_report(self) -> dict[str, ItemResult]:
        """The per-item results of a completed job serving sync tasks, by item reference."""
        return {}


def record_job(*, context: "StepContext", submitted: JobSubmitted, items: list[JobItem]) -> RemoteJob:
    """Store the job the vendor accepted for these items (tasks it serves, what to bind), due for its first poll."""
    channel = context.channel
    with transaction.atomic():
        job, created = RemoteJob.objects.get_or_create(
            sales_channel_id=channel.pk,
            kind=submitted.kind,
            remote_id=submitted.remote_id,
            defaults={
                "multi_tenant_company_id": channel.multi_tenant_company_id,
                "next_poll_at": timezone.now() + timedelta(seconds=submitted.next_poll_seconds),
                "result": submitted.result,
            },
        )
        if not created and not job.is_open:
            restart_reused_job(job=job, next_poll_seconds=submitted.next_poll_seconds, result=submitted.result)
        job.sync_task_ids = sorted({*job.sync_task_ids, *(item.task_id for item in items)})
        job.items = {**job.items, **{f"{item.task_id}:{item.ref}": item.as_json() for item in items}}
        job.save()
    schedule_poll(job=job)
    return job


def submit_import_job(
    *, process: ImportProcess, kind: str, remote_id: str, next_poll_seconds: float = 10.0
) -> RemoteJob:
    """Store the vendor job an import waits for; the import resumes when the job completes."""
    job, created = RemoteJob.objects.get_or_create(
        sales_channel_id=process.sales_channel_id,
        kind=kind,
        remote_id=remote_id,
        defaults={
            "multi_tenant_company_id": process.multi_tenant_company_id,
            "import_process": process,
            "next_poll_at": timezone.now() + timedelta(seconds=next_poll_seconds),
        },
    )
    if not created and not job.is_open:
        restart_reused_job(job=job, next_poll_seconds=next_poll_seconds, result=None)
        job.import_process = process
        job.save()
    schedule_poll(job=job)
    return job


def restart_reused_job(*, job: RemoteJob, next_poll_seconds: float, result: Any) -> None:
    """The vendor numbered a new job like one that already finished (its ids restarted): the row serves the new job.

    Left as it was, the finished row would take the new job's items and never be polled again. Saved by the caller.
    """
    logger.warning(
        "channel %s: the vendor reused job id %s (%s) after it finished; the row now tracks the new job",
        job.sales_channel_id,
        job.remote_id,
        job.kind,
    )
    job.status = RemoteJobStatus.SUBMITTED
    job.sync_task_ids, job.items = [], {}
    job.attempts, job.result, job.error, job.error_debug = 0, result, "", ""
    job.finished_at = None
    job.next_poll_at = timezone.now() + timedelta(seconds=next_poll_seconds)


def import_job(*, process: ImportProcess, kind: str, remote_id: str) -> RemoteJob | None:
    """The job an import submitted (an import processor reads its status and result on resume)."""
    return RemoteJob.objects.filter(import_process=process, kind=kind, remote_id=remote_id).first()


def refresh_job(*, job: RemoteJob) -> RemoteJob:
    """Poll an open job once now (an import resuming asks before it waits again); the job as it stands after."""
    if job.is_open:
        from sales_channels.tasks_jobs import execute_job_poll  # noqa: PLC0415 - tasks_jobs imports this module: cycle

        execute_job_poll(job_id=job.pk, force=True)
        job.refresh_from_db()
    return job


def schedule_poll(*, job: RemoteJob) -> None:
    """Hand the job's next poll to the queue after commit (the job runner module owns the Huey task)."""
    from sales_channels.tasks_jobs import schedule_job_poll  # noqa: PLC0415 - tasks_jobs imports this module: cycle

    schedule_job_poll(job=job)
