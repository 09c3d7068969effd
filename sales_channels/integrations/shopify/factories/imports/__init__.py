"""Shopify import processors by kind: the catalog (products, products_catalog_only, products_bulk) and orders."""

from sales_channels.integrations.shopify.factories.imports.bulk import ShopifyProductsBulkImport
from sales_channels.integrations.shopify.factories.imports.products import (
    ShopifyProductsCatalogOnlyImport,
    ShopifyProductsImport,
)
from sales_channels.integrations.shopify.factories.orders.imports import ShopifyOrdersImport

IMPORT_PROCESSORS: dict = {
    ShopifyProductsImport.kind: ShopifyProductsImport,
    ShopifyProductsCatalogOnlyImport.kind: ShopifyProductsCatalogOnlyImport,
    ShopifyProductsBulkImport.kind: ShopifyProductsBulkImport,
    ShopifyOrdersImport.kind: ShopifyOrdersImport,
}
