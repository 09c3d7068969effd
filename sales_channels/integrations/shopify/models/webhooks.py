"""Incoming Shopify webhook deliveries, one row per event: the dedupe key and what was done with it.

Shopify retries a delivery (8 times over 4 hours) with the same `X-Shopify-Event-Id`, so the event
id is unique per channel: a duplicate finds the row and is acknowledged without being processed again.
"""

from django.db import models

from core.models import TenantModel


class ShopifyWebhookEvent(TenantModel):
    """One webhook event received from a shop (unique per channel and event id)."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored"
        FAILED = "failed", "Failed"

    sales_channel = models.ForeignKey(
        "shopify.ShopifySalesChannel", on_delete=models.CASCADE, related_name="webhook_events"
    )
    event_id = models.CharField(max_length=255)
    webhook_id = models.CharField(max_length=255, blank=True)
    topic = models.CharField(max_length=128)
    triggered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    detail = models.TextField(blank=True, help_text="Why it was ignored, or the processing error.")
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sales_channel", "event_id"], name="shopify_webhook_event_unique"),
        ]
        indexes = [models.Index(fields=["sales_channel", "topic"], name="shopify_webhook_topic")]

    def __str__(self) -> str:
        return f"{self.topic} {self.event_id}"
