"""Shopify channel queries: a list and a lookup by id, scoped to the request user's company."""

import strawberry
import strawberry_django

from sales_channels.integrations.shopify.schema.types import ShopifySalesChannelType


@strawberry.type
class Query:
    """Shopify channels of the request user's company."""

    shopify_sales_channels: list[ShopifySalesChannelType] = strawberry_django.field(
        description="Shopify channels, by name."
    )
    shopify_sales_channel: ShopifySalesChannelType | None = strawberry_django.field(
        description="One Shopify channel by id."
    )
