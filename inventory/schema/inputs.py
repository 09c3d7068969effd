"""GraphQL inputs for locations and stock rows: model field names, related rows as ids."""

import strawberry


@strawberry.input
class InventoryLocationInput:
    """A new stock location."""

    name: str
    is_internal: bool | None = strawberry.UNSET


@strawberry.input
class InventoryLocationPartialInput:
    """Changes to a location; omitted fields stay as they are."""

    id: strawberry.ID
    name: str | None = strawberry.UNSET
    is_internal: bool | None = strawberry.UNSET


@strawberry.input
class InventoryInput:
    """Stock of a simple product at a location (never negative)."""

    product: strawberry.ID
    location: strawberry.ID
    quantity: int | None = strawberry.UNSET


@strawberry.input
class InventoryPartialInput:
    """Changes to a stock row; omitted fields stay as they are."""

    id: strawberry.ID
    product: strawberry.ID | None = strawberry.UNSET
    location: strawberry.ID | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET
