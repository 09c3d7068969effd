"""Shopify models."""

from sales_channels.integrations.shopify.models.products import ShopifyRemoteVariant
from sales_channels.integrations.shopify.models.properties import ShopifyRemoteProperty
from sales_channels.integrations.shopify.models.sales_channels import ShopifySalesChannel
from sales_channels.integrations.shopify.models.webhooks import ShopifyWebhookEvent

__all__ = ["ShopifyRemoteProperty", "ShopifyRemoteVariant", "ShopifySalesChannel", "ShopifyWebhookEvent"]
