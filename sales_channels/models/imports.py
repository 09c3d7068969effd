"""Imports of a vendor's catalog: progress, counts, a resumable cursor and per-item errors."""

from django.db import models

from core.models import TenantModel
from sales_channels.models.tasks import lease_deadline


class ImportStatus(models.TextChoices):
    """Lifecycle of an import process."""

    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class ItemSeverity(models.TextChoices):
    """An item error kept the record out; a warning imported it with a change or a part left out."""

    ERROR = "error", "Error"
    WARNING = "warning", "Warning"


class ImportProcess(TenantModel):
    """One import run of a kind (products, orders, ...) from a channel; the cursor is saved after every page."""

    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="import_processes"
    )
    kind = models.CharField(max_length=64, default="products")
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    percentage = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Records the vendor announced, when known.")
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    linked_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0, help_text="Records imported with a warning.")
    cursor = models.JSONField(null=True, blank=True, help_text="Where the next page starts; null before the first.")
    update_only = models.BooleanField(default=False, help_text="Update existing local products; never create.")
    dry_run = models.BooleanField(default=False, help_text="Count what would happen; write nothing local.")
    error = models.TextField(blank=True, help_text="What failed, why and what to do, for the merchant.")
    error_debug = models.TextField(blank=True, help_text="Developer detail: exception class and trimmed traceback.")
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A running import whose lease expired was left by a stopped worker."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_run_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "import processes"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.kind} import from {self.sales_channel_id} ({self.status}, {self.percentage}%)"

    def save(self, *args, **kwargs) -> None:
        """Saving a running import (after every page) is its heartbeat: the lease moves ahead."""
        update_fields = kwargs.get("update_fields")
        if self.status == ImportStatus.RUNNING and (update_fields is None or "lease_expires_at" in update_fields):
            self.lease_expires_at = lease_deadline()
        super().save(*args, **kwargs)


class ImportItemError(TenantModel):
    """A vendor record an import could not take in, with the raw record and why."""

    import_process = models.ForeignKey(ImportProcess, on_delete=models.CASCADE, related_name="item_errors")
    identifier = models.CharField(max_length=255, blank=True)
    message = models.TextField()
    severity = models.CharField(max_length=8, choices=ItemSeverity.choices, default=ItemSeverity.ERROR)
    raw_record = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.identifier}: {self.message[:60]}"
