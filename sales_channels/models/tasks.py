"""The queue of work against vendors, as rows: one `SyncTask` per (channel, view, usage, object).

A queued or deferred task is unique per key (`sales_channel, view, usage, object_id`): that partial
unique constraint *is* the dedupe, so ten saves of a product give one pending task per channel
no matter how many workers or processes race. Running, finished and cancelled rows stay as history
(and can be retried); RemoteCallLog rows name the task that made each vendor call.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TenantModel


class SyncTaskStatus(models.TextChoices):
    """Lifecycle of a task: queued -> running -> succeeded | failed | deferred | awaiting (a vendor job)."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"
    AWAITING = "awaiting", "Awaiting vendor job"


class Outcome(models.TextChoices):
    """What a step did to the remote object."""

    CREATED = "created", "Created"
    LINKED = "linked", "Linked"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
    DELETED = "deleted", "Deleted"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


PENDING_STATUSES = (SyncTaskStatus.QUEUED, SyncTaskStatus.DEFERRED)


def lease_seconds() -> float:
    """How long a claimed task or a running import stays its worker's without a heartbeat."""
    return float(getattr(settings, "SALES_CHANNELS_TASK_LEASE_SECONDS", 180.0))


def lease_deadline(*, now: datetime | None = None) -> datetime:
    """When a lease taken (or renewed) now ends."""
    return (now or timezone.now()) + timedelta(seconds=lease_seconds())


class SyncTask(TenantModel):
    """One unit of work against a vendor: run step `usage` for local object `object_id` on a channel (and view)."""

    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="sync_tasks"
    )
    view = models.ForeignKey(
        "sales_channels.SalesChannelView", null=True, blank=True, on_delete=models.CASCADE, related_name="sync_tasks"
    )
    usage = models.CharField(max_length=64, help_text="Which step runs, e.g. product.sync or price.update.")
    object_id = models.BigIntegerField(help_text="The local object (a product id for product usages).")
    payload = models.JSONField(default=dict, blank=True, help_text="What the step needs beyond the id (a remote id).")
    status = models.CharField(max_length=16, choices=SyncTaskStatus.choices, default=SyncTaskStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Runs that counted (rate limits do not).")
    max_attempts = models.PositiveSmallIntegerField(default=5)
    next_run_at = models.DateTimeField(null=True, blank=True, help_text="Not before (deferred and debounced tasks).")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    detail = models.JSONField(null=True, blank=True, help_text="The step's outcome detail (a dry run's diff).")
    error = models.TextField(blank=True, help_text="What failed, why and what to do, for the merchant.")
    error_debug = models.TextField(blank=True, help_text="Developer detail: exception class and trimmed traceback.")
    error_kind = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A running task whose lease expired was left by a stopped worker."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, help_text="Which worker run claimed it.")

    class Meta:
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(
                fields=["sales_channel", "usage", "object_id"],
                condition=Q(status__in=PENDING_STATUSES, view__isnull=True),
                name="sync_task_pending_unique",
            ),
            models.UniqueConstraint(
                fields=["sales_channel", "view", "usage", "object_id"],
                condition=Q(status__in=PENDING_STATUSES, view__isnull=False),
                name="sync_task_pending_unique_per_view",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_run_at"], name="sync_task_due"),
            models.Index(fields=["sales_channel", "object_id"], name="sync_task_channel_object"),
            models.Index(fields=["claim_token"], name="sync_task_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.usage} #{self.object_id} on {self.sales_channel_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def key(self) -> tuple[int, int | None, str, int]:
        """The dedupe key."""
        return (self.sales_channel_id, self.view_id, self.usage, self.object_id)
