"""GraphQL object types and filters for prices, price lists and resolved prices."""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import auto

from core.schema.types import TenantScopedType
from currencies.schema.types import CurrencyType
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem

if TYPE_CHECKING:
    from products.schema.types import ProductType

PRODUCT_TYPES = "products.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(SalesPrice, lookups=True)
class SalesPriceFilter:
    """Filter prices by product, product SKU or currency."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    currency_id: IdLookup | None = strawberry_django.filter_field()

    @strawberry_django.filter_field
    def product_sku(self, value: str, prefix: str) -> Q:
        """Exact SKU of the product."""
        return Q(**{f"{prefix}product__sku": value})


@strawberry_django.type(SalesPrice, filters=SalesPriceFilter, pagination=True)
class SalesPriceType(TenantScopedType):
    """A product's regular price and RRP in one currency."""

    id: strawberry.ID
    product_id: strawberry.ID = strawberry_django.field(only=["product_id"])
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)]
    currency: CurrencyType
    price: Decimal | None
    rrp: Decimal | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.filters.filter_type(SalesPriceListItem, lookups=True)
class SalesPriceListItemFilter:
    """Filter price list items by list or product."""

    id: auto
    price_list_id: IdLookup | None = strawberry_django.filter_field()
    product_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.type(SalesPriceListItem, filters=SalesPriceListItemFilter, pagination=True)
class SalesPriceListItemType(TenantScopedType):
    """The override price of one product in a price list."""

    id: strawberry.ID
    price_list_id: strawberry.ID = strawberry_django.field(only=["price_list_id"])
    product_id: strawberry.ID = strawberry_django.field(only=["product_id"])
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)]
    price: Decimal
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.filters.filter_type(SalesPriceList, lookups=True)
class SalesPriceListFilter:
    """Filter price lists by name, currency or window."""

    id: auto
    name: auto
    currency_id: IdLookup | None = strawberry_django.filter_field()
    start_date: auto
    end_date: auto


@strawberry_django.type(SalesPriceList, filters=SalesPriceListFilter, pagination=True)
class SalesPriceListType(TenantScopedType):
    """Price overrides in one currency, valid from `startDate` to `endDate` (inclusive; empty is open)."""

    id: strawberry.ID
    name: str
    currency: CurrencyType
    start_date: datetime.date | None
    end_date: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    items: list[SalesPriceListItemType] = strawberry_django.field(pagination=True)


@strawberry.type
class ResolvedPriceType:
    """The price that applies on a day, its RRP, and its source: PRICE_LIST, SALES_PRICE or INHERITED."""

    price: Decimal | None
    rrp: Decimal | None
    source: str
