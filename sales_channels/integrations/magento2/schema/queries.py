"""Magento 2 queries: the company's channels."""

import strawberry
import strawberry_django

from sales_channels.integrations.magento2.schema.types import Magento2SalesChannelType


@strawberry.type
class Query:
    """Magento 2 channels of the logged-in user's company."""

    magento2_sales_channels: list[Magento2SalesChannelType] = strawberry_django.field()
    magento2_sales_channel: Magento2SalesChannelType | None = strawberry_django.field()
