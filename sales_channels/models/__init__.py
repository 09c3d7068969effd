"""Sales-channel framework models."""

from sales_channels.models.sales_channels import SalesChannel

__all__ = ["SalesChannel"]
