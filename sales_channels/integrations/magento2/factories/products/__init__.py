"""Magento 2 product steps by usage (single steps over synchronous routes, batch steps over async bulk)."""

from sales_channels.integrations.magento2.factories.products.batch import (
    Magento2PricesBatch,
    Magento2ProductCreatesBatch,
    Magento2ProductsBatch,
    Magento2StockBatch,
)
from sales_channels.integrations.magento2.factories.products.jobs import Magento2ProductsJob
from sales_channels.integrations.magento2.factories.products.steps import (
    Magento2PriceUpdateStep,
    Magento2ProductCreateStep,
    Magento2ProductDeleteStep,
    Magento2ProductStep,
    Magento2StockUpdateStep,
)
from sales_channels.integrations.magento2.factories.products.verify import Magento2ProductsVerifyStep
from sales_channels.integrations.magento2.factories.sales_channels.connection import Magento2ConnectionTestStep

STEPS: dict = {
    "product.create": Magento2ProductCreateStep,
    "product.sync": Magento2ProductStep,
    "product.update": Magento2ProductStep,
    "product.delete": Magento2ProductDeleteStep,
    "price.update": Magento2PriceUpdateStep,
    "stock.update": Magento2StockUpdateStep,
    "connection.test": Magento2ConnectionTestStep,
    "remote.verify": Magento2ProductsVerifyStep,
}
BATCH_STEPS: dict = {
    "product.create": Magento2ProductCreatesBatch,
    "product.sync": Magento2ProductsBatch,
    "product.update": Magento2ProductsBatch,
    "price.update": Magento2PricesBatch,
    "stock.update": Magento2StockBatch,
}
JOB_HANDLERS: dict = {Magento2ProductsJob.kind: Magento2ProductsJob}
