"""Amazon channel queries: a list and a lookup by id, scoped to the request user's company."""

import strawberry
import strawberry_django

from sales_channels.integrations.amazon.schema.types import AmazonSalesChannelType


@strawberry.type
class Query:
    """Amazon channels of the request user's company."""

    amazon_sales_channels: list[AmazonSalesChannelType] = strawberry_django.field(
        description="Amazon channels, by name."
    )
    amazon_sales_channel: AmazonSalesChannelType | None = strawberry_django.field(
        description="One Amazon channel by id."
    )
