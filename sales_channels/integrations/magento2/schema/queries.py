"""Magento2 queries."""

import strawberry
import strawberry_django

from sales_channels.integrations.magento2.schema import types

ChannelType = types.Magento2SalesChannelType


@strawberry.type
class Query:
    """Magento2 channels of the logged-in user's company."""

    magento2_sales_channels: list[ChannelType] = strawberry_django.field()
    magento2_sales_channel: ChannelType | None = strawberry_django.field()
