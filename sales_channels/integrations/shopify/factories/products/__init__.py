"""Shopify steps by usage: the product usages the framework's flows queue, and the connection test."""

from sales_channels.integrations.shopify.factories.products.steps import (
    ShopifyPriceUpdateStep,
    ShopifyProductCreateStep,
    ShopifyProductDeleteStep,
    ShopifyProductStep,
    ShopifyStockUpdateStep,
)
from sales_channels.integrations.shopify.factories.products.verify import ShopifyProductsVerifyStep
from sales_channels.integrations.shopify.factories.sales_channels.connection import ShopifyConnectionTestStep

STEPS: dict = {
    "product.create": ShopifyProductCreateStep,
    "product.sync": ShopifyProductStep,
    "product.update": ShopifyProductStep,
    "product.delete": ShopifyProductDeleteStep,
    "price.update": ShopifyPriceUpdateStep,
    "stock.update": ShopifyStockUpdateStep,
    "connection.test": ShopifyConnectionTestStep,
    "remote.verify": ShopifyProductsVerifyStep,
}
