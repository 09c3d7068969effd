"""The webhook inbox: every vendor's incoming deliveries, stored raw before anything acts on them.

A delivery is verified (the vendor's signature), checked for age, stored once per (channel,
vendor event id) and answered at once; a Huey task processes it later through the topic's
handler. Duplicates (same event id) and rejected deliveries (bad signature, no timestamp, older
than the vendor's retry window) never reach a handler and are counted on the channel
(`webhook_*_count`). After processing, the raw body is dropped unless the integration keeps its
topic (customer and shop data are not kept longer than needed).
"""

from django.db import models

from core.models import TenantModel


class WebhookStatus(models.TextChoices):
    """Where a stored delivery stands."""

    RECEIVED = "received", "Received"
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored"
    FAILED = "failed", "Failed"


class WebhookDelivery(TenantModel):
    """One webhook delivery from a vendor, unique per channel and the vendor's event id."""

    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    integration = models.CharField(max_length=64)
    topic = models.CharField(max_length=128)
    event_id = models.CharField(max_length=255)
    body = models.TextField(blank=True, help_text="The raw body as received (dropped after processing unless kept).")
    headers = models.JSONField(default=dict, blank=True, help_text="The vendor headers the handler may need.")
    triggered_at = models.DateTimeField(null=True, blank=True, help_text="When the vendor says the event happened.")
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.RECEIVED)
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.TextField(blank=True, help_text="What the handler did, or why it was ignored.")
    error = models.TextField(blank=True, help_text="The last processing error (the delivery is kept to retry).")
    processed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When dispatch_due's sweep processes this delivery (again); empty when nothing is due.",
    )

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(fields=["sales_channel", "event_id"], name="webhook_delivery_event_unique"),
        ]
        indexes = [models.Index(fields=["sales_channel", "topic"], name="webhook_delivery_topic")]

    def __str__(self) -> str:
        return f"{self.integration} {self.topic} {self.event_id} ({self.status})"
