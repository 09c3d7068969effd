"""Amazon models: the seller's channel (LWA app, refresh token, region)."""

from sales_channels.integrations.amazon.models.sales_channels import AmazonSalesChannel

__all__ = ["AmazonSalesChannel"]
