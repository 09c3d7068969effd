"""eBay steps by usage: single-listing steps (deletes, fallbacks) and the bulk batch step."""

from sales_channels.integrations.ebay.factories.products.batch import EbayBatchListings
from sales_channels.integrations.ebay.factories.products.steps import (
    EbayProductCreateStep,
    EbayProductDeleteStep,
    EbayProductStep,
)
from sales_channels.integrations.ebay.factories.products.verify import EbayListingsVerifyStep
from sales_channels.integrations.ebay.factories.sales_channels.connection import EbayConnectionTestStep

STEPS: dict = {
    "product.create": EbayProductCreateStep,
    "product.sync": EbayProductStep,
    "product.update": EbayProductStep,
    "product.delete": EbayProductDeleteStep,
    "price.update": EbayProductStep,
    "stock.update": EbayProductStep,
    "connection.test": EbayConnectionTestStep,
    "remote.verify": EbayListingsVerifyStep,
}
BATCH_STEPS: dict = {
    "product.create": EbayBatchListings,
    "product.sync": EbayBatchListings,
    "product.update": EbayBatchListings,
    "price.update": EbayBatchListings,
    "stock.update": EbayBatchListings,
}
