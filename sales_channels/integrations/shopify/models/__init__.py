"""Shopify models."""

from sales_channels.integrations.shopify.models.compliance import ShopifyComplianceAction
from sales_channels.integrations.shopify.models.products import ShopifyRemoteVariant
from sales_channels.integrations.shopify.models.properties import ShopifyRemoteProperty
from sales_channels.integrations.shopify.models.sales_channels import ShopifySalesChannel

__all__ = ["ShopifyComplianceAction", "ShopifyRemoteProperty", "ShopifyRemoteVariant", "ShopifySalesChannel"]
