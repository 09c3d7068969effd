"""Order queries: lists and single rows by id."""

import strawberry
import strawberry_django

from orders.schema.types import OrderItemType, OrderType


@strawberry.type
class Query:
    """Orders and lines of the logged-in user's company."""

    orders: list[OrderType] = strawberry_django.field(description="Orders, newest first.")
    order: OrderType | None = strawberry_django.field(description="One order by id.")
    order_items: list[OrderItemType] = strawberry_django.field(description="Order lines.")
    order_item: OrderItemType | None = strawberry_django.field(description="One order line by id.")
