"""Magento 2 imports by kind: the catalog (`products`) and orders (`orders`)."""

from sales_channels.integrations.magento2.factories.imports.products import Magento2ProductsImport
from sales_channels.integrations.magento2.factories.orders.imports import Magento2OrdersImport

IMPORT_PROCESSORS: dict = {
    Magento2ProductsImport.kind: Magento2ProductsImport,
    Magento2OrdersImport.kind: Magento2OrdersImport,
}
