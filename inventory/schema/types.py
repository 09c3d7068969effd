"""GraphQL object types and filters for stock locations, stock rows and available quantities."""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry import auto

from core.schema.types import TenantScopedType
from inventory.models import Inventory, InventoryLocation

if TYPE_CHECKING:
    from products.schema.types import ProductType

PRODUCT_TYPES = "products.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(InventoryLocation, lookups=True)
class InventoryLocationFilter:
    """Filter locations by name or whether they count as sellable stock."""

    id: auto
    name: auto
    is_internal: auto


@strawberry_django.type(InventoryLocation, filters=InventoryLocationFilter, pagination=True)
class InventoryLocationType(TenantScopedType):
    """A place holding stock; only internal locations count as available."""

    id: strawberry.ID
    name: str
    is_internal: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.filters.filter_type(Inventory, lookups=True)
class InventoryFilter:
    """Filter stock rows by product, location or quantity."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    location_id: IdLookup | None = strawberry_django.filter_field()
    quantity: auto


@strawberry_django.type(Inventory, filters=InventoryFilter, pagination=True)
class InventoryType(TenantScopedType):
    """The quantity of a simple product at one location."""

    id: strawberry.ID
    product_id: strawberry.ID = strawberry_django.field(only=["product_id"])
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)]
    location: InventoryLocationType
    quantity: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry.type
class ProductQuantityType:
    """The available quantity of one product (simple: stock; configurable: its variations; bundle: whole sets)."""

    product_id: strawberry.ID = strawberry_django.field(only=["product_id"])
    quantity: int
