"""What OneSila did for each of Shopify's mandatory privacy (compliance) webhooks of a shop."""

from django.db import models

from core.models import TenantModel
from sales_channels.models import SalesChannel


class ShopifyComplianceAction(TenantModel):
    """One compliance request acted on: customers/data_request, customers/redact or shop/redact."""

    sales_channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64, blank=True, help_text="Shopify's data request id, when given.")
    customer_remote_id = models.CharField(max_length=64, blank=True, help_text="Shopify's customer id, when given.")
    orders_matched = models.PositiveIntegerField(default=0)
    export = models.JSONField(
        null=True, blank=True, help_text="customers/data_request: the customer's data held, for the merchant to send."
    )
    detail = models.TextField(blank=True)

    class Meta:
        verbose_name = "Shopify compliance action"
