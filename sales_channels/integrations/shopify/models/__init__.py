"""Shopify models."""

from sales_channels.integrations.shopify.models.sales_channels import ShopifySalesChannel

__all__ = ["ShopifySalesChannel"]
