"""Asynchronous vendor jobs: a vendor answered "accepted" and finishes later (bulk operations, feeds).

A `RemoteJob` row is written in the same transaction that records the submission, so a worker
killed between "accepted" and "report read" loses nothing: the row stays due and is polled again.
It is polled by deferral (a Huey task scheduled at `next_poll_at`, with `dispatch_due` as the
safety net), never by a sleeping worker. `items` maps each sync task it serves to what the report
must bind (the mirror row, its payload and hash); an import it serves is resumed when it ends.
"""

from django.db import models

from core.models import TenantModel


class RemoteJobStatus(models.TextChoices):
    """Lifecycle of a vendor job: submitted -> running -> completed | failed."""

    SUBMITTED = "submitted", "Submitted"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


OPEN_JOB_STATUSES = (RemoteJobStatus.SUBMITTED, RemoteJobStatus.RUNNING)


class RemoteJob(TenantModel):
    """One vendor job (bulk operation, feed, bulk request): what it serves, when to poll it next, what it answered."""

    sales_channel = models.ForeignKey("sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=64, help_text="The spec's job handler, e.g. products_bulk or products_batch.")
    remote_id = models.CharField(max_length=255, help_text="The vendor's id: a bulk uuid, a feed id, a gid.")
    status = models.CharField(max_length=16, choices=RemoteJobStatus.choices, default=RemoteJobStatus.SUBMITTED)
    sync_task_ids = models.JSONField(default=list, blank=True, help_text="The sync tasks this job serves.")
    items = models.JSONField(
        default=dict, blank=True, help_text="Per task id: the item reference in the report and what to bind."
    )
    import_process = models.ForeignKey(
        "sales_channels.ImportProcess", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    next_poll_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Polls made.")
    result = models.JSONField(null=True, blank=True, help_text="The vendor's summary: counts, a result file URL.")
    error = models.TextField(blank=True, help_text="Why the job failed, for the merchant.")
    error_debug = models.TextField(blank=True, help_text="Developer detail.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        indexes = [models.Index(fields=["status", "next_poll_at"], name="remote_job_due")]
        constraints = [
            models.UniqueConstraint(fields=["sales_channel", "kind", "remote_id"], name="remote_job_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} job {self.remote_id} on {self.sales_channel_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_JOB_STATUSES
