"""GraphQL inputs for orders and lines: model field names, related rows as ids; totals are computed."""

import datetime
from decimal import Decimal

import strawberry


@strawberry.input
class OrderInput:
    """A new order; `subtotal` and `total` follow from its lines and `shippingTotal`."""

    reference: str
    currency: strawberry.ID
    status: str | None = strawberry.UNSET
    sales_channel: strawberry.ID | None = strawberry.UNSET
    remote_reference: str | None = strawberry.UNSET
    customer_name: str | None = strawberry.UNSET
    customer_email: str | None = strawberry.UNSET
    ordered_at: datetime.datetime | None = strawberry.UNSET
    shipping_total: Decimal | None = strawberry.UNSET


@strawberry.input
class OrderPartialInput:
    """Changes to an order; omitted fields stay as they are."""

    id: strawberry.ID
    reference: str | None = strawberry.UNSET
    currency: strawberry.ID | None = strawberry.UNSET
    status: str | None = strawberry.UNSET
    sales_channel: strawberry.ID | None = strawberry.UNSET
    remote_reference: str | None = strawberry.UNSET
    customer_name: str | None = strawberry.UNSET
    customer_email: str | None = strawberry.UNSET
    ordered_at: datetime.datetime | None = strawberry.UNSET
    shipping_total: Decimal | None = strawberry.UNSET


@strawberry.input
class OrderItemInput:
    """A new line on an order."""

    order: strawberry.ID
    sku: str
    price: Decimal
    product: strawberry.ID | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET


@strawberry.input
class OrderItemPartialInput:
    """Changes to an order line; omitted fields stay as they are."""

    id: strawberry.ID
    order: strawberry.ID | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    price: Decimal | None = strawberry.UNSET
    product: strawberry.ID | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET
