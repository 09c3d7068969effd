"""Shopify import processors by kind: the catalog ("products") and orders ("orders")."""

from sales_channels.integrations.shopify.factories.imports.products import ShopifyProductsImport
from sales_channels.integrations.shopify.factories.orders.imports import ShopifyOrdersImport

IMPORT_PROCESSORS: dict = {
    ShopifyProductsImport.kind: ShopifyProductsImport,
    ShopifyOrdersImport.kind: ShopifyOrdersImport,
}
