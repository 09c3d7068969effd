"""eBay queries, scoped to the request user's company: channels, their marketplaces, policies and locations."""

import strawberry
import strawberry_django

from sales_channels.integrations.ebay.schema.types import (
    EbayBusinessPolicyType,
    EbayInventoryLocationType,
    EbayMarketplaceType,
    EbaySalesChannelType,
)


@strawberry.type
class Query:
    """eBay channels of the request user's company, their marketplaces, business policies and locations."""

    ebay_sales_channels: list[EbaySalesChannelType] = strawberry_django.field(description="eBay channels, by name.")
    ebay_sales_channel: EbaySalesChannelType | None = strawberry_django.field(description="One eBay channel by id.")
    ebay_marketplaces: list[EbayMarketplaceType] = strawberry_django.field(
        description="Marketplaces of every eBay channel (each lists its businessPolicies and inventoryLocations)."
    )
    ebay_marketplace: EbayMarketplaceType | None = strawberry_django.field(description="One eBay marketplace by id.")
    ebay_business_policies: list[EbayBusinessPolicyType] = strawberry_django.field(
        description="Business policies of every eBay marketplace (per marketplace: ebayMarketplace.businessPolicies)."
    )
    ebay_inventory_locations: list[EbayInventoryLocationType] = strawberry_django.field(
        description="Inventory locations of every eBay channel."
    )
