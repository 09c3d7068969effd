"""Stock mutations: create/update/delete locations and stock rows inside the user's company."""

import strawberry

from core.schema.mutations import tenant_create, tenant_delete, tenant_update
from inventory.models import Inventory, InventoryLocation
from inventory.schema.inputs import (
    InventoryInput,
    InventoryLocationInput,
    InventoryLocationPartialInput,
    InventoryPartialInput,
)
from inventory.schema.types import InventoryLocationType, InventoryType


@strawberry.type
class Mutation:
    """Stock changes; stock is kept on simple products only and is never negative."""

    create_inventory_location: InventoryLocationType = tenant_create(
        model=InventoryLocation, input_type=InventoryLocationInput, output_type=InventoryLocationType
    )
    update_inventory_location: InventoryLocationType = tenant_update(
        model=InventoryLocation, input_type=InventoryLocationPartialInput, output_type=InventoryLocationType
    )
    delete_inventory_location = tenant_delete(model=InventoryLocation)

    create_inventory: InventoryType = tenant_create(
        model=Inventory, input_type=InventoryInput, output_type=InventoryType
    )
    update_inventory: InventoryType = tenant_update(
        model=Inventory, input_type=InventoryPartialInput, output_type=InventoryType
    )
    delete_inventory = tenant_delete(model=Inventory)
