"""Magento 2 queries: the company's channels and their attribute sets."""

import strawberry
import strawberry_django

from sales_channels.integrations.magento2.schema.types import Magento2AttributeSetType, Magento2SalesChannelType


@strawberry.type
class Query:
    """Magento 2 channels of the logged-in user's company, and their attribute sets."""

    magento2_sales_channels: list[Magento2SalesChannelType] = strawberry_django.field()
    magento2_sales_channel: Magento2SalesChannelType | None = strawberry_django.field()
    magento2_attribute_sets: list[Magento2AttributeSetType] = strawberry_django.field()
