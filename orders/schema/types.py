"""GraphQL object types and filters for orders and their lines."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry import auto

from core.schema.types import TenantScopedType
from currencies.schema.types import CurrencyType
from orders.models import Order, OrderItem

if TYPE_CHECKING:
    from products.schema.types import ProductType

PRODUCT_TYPES = "products.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(OrderItem, lookups=True)
class OrderItemFilter:
    """Filter order lines by order, product or SKU."""

    id: auto
    order_id: IdLookup | None = strawberry_django.filter_field()
    product_id: IdLookup | None = strawberry_django.filter_field()
    sku: auto


@strawberry_django.type(OrderItem, filters=OrderItemFilter, pagination=True)
class OrderItemType(TenantScopedType):
    """A line of an order; `sku` and `name` are kept even when the product is deleted."""

    id: strawberry.ID
    order_id: strawberry.ID = strawberry_django.field(only=["order_id"])
    product_id: strawberry.ID | None = strawberry_django.field(only=["product_id"])
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)] | None
    sku: str
    name: str
    quantity: int
    price: Decimal
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.filters.filter_type(Order, lookups=True)
class OrderFilter:
    """Filter orders by reference, status, currency, channel, customer or date."""

    id: auto
    reference: auto
    status: auto
    currency_id: IdLookup | None = strawberry_django.filter_field()
    sales_channel_id: IdLookup | None = strawberry_django.filter_field()
    remote_reference: auto
    customer_email: auto
    ordered_at: auto


@strawberry_django.type(Order, filters=OrderFilter, pagination=True)
class OrderType(TenantScopedType):
    """An order; `subtotal` and `total` are kept in step with its lines."""

    id: strawberry.ID
    reference: str
    status: str
    currency: CurrencyType
    sales_channel_id: strawberry.ID | None = strawberry_django.field(only=["sales_channel_id"])
    remote_reference: str
    customer_name: str
    customer_email: str
    ordered_at: datetime.datetime | None
    subtotal: Decimal
    shipping_total: Decimal
    total: Decimal
    created_at: datetime.datetime
    updated_at: datetime.datetime
    items: list[OrderItemType] = strawberry_django.field(pagination=True)
