"""eBay models: the channel, its marketplaces, policies and locations, and the offers of listings."""

from sales_channels.integrations.ebay.models.products import EbayOffer
from sales_channels.integrations.ebay.models.sales_channels import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)
from sales_channels.integrations.ebay.models.tokens import EbayApplicationToken

__all__ = [
    "EbayApplicationToken",
    "EbayBusinessPolicy",
    "EbayInventoryLocation",
    "EbayMarketplaceView",
    "EbayOffer",
    "EbaySalesChannel",
]
