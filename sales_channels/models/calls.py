"""Vendor call records and the database-backed shared throttle state.

`RemoteCallLog` is the attempt row of practice 12: one per HTTP attempt, written by
`sales_channels.http`, always redacted. `ThrottleBucket` holds one token bucket per throttle key
when Redis is not configured, so every worker on every machine draws from the same budget.
"""

from django.db import models

from core.models import TenantModel


class RemoteCallLog(TenantModel):
    """One HTTP attempt against a vendor: what was sent, what came back, how long it took."""

    sales_channel = models.ForeignKey("sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="call_logs")
    # A plain id, not a FK: the sync-task model belongs to the task layer and may be purged first.
    sync_task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    method = models.CharField(max_length=10)
    url = models.CharField(max_length=2048, help_text="Redacted.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty when no response came.")
    duration_ms = models.PositiveIntegerField(default=0)
    request_excerpt = models.TextField(blank=True, help_text="Redacted headers and body, truncated.")
    response_excerpt = models.TextField(blank=True, help_text="Redacted headers and body, truncated.")
    request_id = models.CharField(max_length=64, blank=True, help_text="Our X-Request-ID.")
    vendor_request_id = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["sales_channel", "-created_at"], name="remote_call_channel_created")]

    def __str__(self) -> str:
        return f"{self.method} {self.url} -> {self.status_code or self.error[:40]}"


class ThrottleBucket(models.Model):
    """Shared token-bucket state of one throttle key (used when Redis is not configured)."""

    key = models.CharField(max_length=255, unique=True)
    tokens = models.FloatField()
    capacity = models.FloatField()
    refill_per_second = models.FloatField()
    updated_at = models.FloatField(help_text="Epoch seconds of the last refill computation.")
    blocked_until = models.FloatField(default=0.0, help_text="Epoch seconds; nobody calls before (after a 429).")
    operation_costs = models.JSONField(
        default=dict, blank=True, help_text="Learnt cost per operation (e.g. GraphQL document), shared by workers."
    )
    claimed_total = models.FloatField(
        default=0.0, help_text="Every point ever claimed: a claim's ticket, so a waiter re-checks its turn."
    )

    def __str__(self) -> str:
        return f"{self.key}: {self.tokens:.1f}/{self.capacity:.1f}"
