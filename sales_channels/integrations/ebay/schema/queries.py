"""eBay channel queries: a list and a lookup by id, scoped to the request user's company."""

import strawberry
import strawberry_django

from sales_channels.integrations.ebay.schema.types import EbaySalesChannelType


@strawberry.type
class Query:
    """eBay channels of the request user's company."""

    ebay_sales_channels: list[EbaySalesChannelType] = strawberry_django.field(description="eBay channels, by name.")
    ebay_sales_channel: EbaySalesChannelType | None = strawberry_django.field(description="One eBay channel by id.")
