"""Stock queries: lists, single rows by id, and available quantities per product."""

import strawberry
import strawberry_django
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company
from inventory.availability import available_quantities
from inventory.schema.types import InventoryLocationType, InventoryType, ProductQuantityType
from products.models import Product


def _as_ints(values: list[strawberry.ID]) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


@strawberry.type
class Query:
    """Locations and stock of the logged-in user's company."""

    inventory_locations: list[InventoryLocationType] = strawberry_django.field(description="Stock locations.")
    inventory_location: InventoryLocationType | None = strawberry_django.field(description="One location by id.")
    inventories: list[InventoryType] = strawberry_django.field(description="Stock rows (product x location).")
    inventory: InventoryType | None = strawberry_django.field(description="One stock row by id.")

    @strawberry.field(
        description=(
            "Available quantity per product, in the order given. Ids that are unknown or belong to "
            "another company are left out."
        )
    )
    def available_quantity(self, info: Info, product_ids: list[strawberry.ID]) -> list[ProductQuantityType]:
        company = get_multi_tenant_company(info)
        requested = list(dict.fromkeys(_as_ints(product_ids)))
        own = set(Product.objects.filter_multi_tenant(company).filter(id__in=requested).values_list("id", flat=True))
        quantities = available_quantities(product_ids=[pk for pk in requested if pk in own])
        return [
            ProductQuantityType(product_id=strawberry.ID(str(pk)), quantity=quantities[pk])
            for pk in requested
            if pk in own
        ]
