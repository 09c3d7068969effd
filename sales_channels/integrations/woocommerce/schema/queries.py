"""WooCommerce channel queries: a list and a lookup by id, scoped to the request user's company."""

import strawberry
import strawberry_django

from sales_channels.integrations.woocommerce.schema.types import WooCommerceSalesChannelType


@strawberry.type
class Query:
    """WooCommerce channels of the request user's company."""

    woocommerce_sales_channels: list[WooCommerceSalesChannelType] = strawberry_django.field(
        description="WooCommerce channels, by name."
    )
    woocommerce_sales_channel: WooCommerceSalesChannelType | None = strawberry_django.field(
        description="One WooCommerce channel by id."
    )
