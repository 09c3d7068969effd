"""GraphQL inputs of the sales-channel mutations: field names match the model, relations are ids.

Update inputs carry `id` and change only the fields that are sent. The company is never part of an
input, and no input here carries a credential or the base URL (a vendor's own mutations set those,
so that pointing a channel at another host is an explicit, vendor-validated step).
"""

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON


@strawberry.input(description="Changes to a sales channel; omitted fields stay as they are.")
class SalesChannelPartialInput:
    """Changes to a channel's name, switches, rate limits and master-of-data choices."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    sync_contents: bool | None = UNSET
    sync_prices: bool | None = UNSET
    sync_images: bool | None = UNSET
    sync_stock: bool | None = UNSET
    sync_ean_codes: bool | None = UNSET
    import_orders: bool | None = UNSET
    use_starting_stock: bool | None = UNSET
    requests_per_second: float | None = UNSET
    burst: int | None = UNSET
    master_of_data: JSON | None = strawberry.field(
        default=UNSET, description="Field group -> 'onesila' or 'remote' (content, prices, images, stock, ...)."
    )


@strawberry.input(description="Map a vendor language to a company language code.")
class RemoteLanguagePartialInput:
    """Changes to a remote language's mapping."""

    id: strawberry.ID
    local_instance: str | None = UNSET


@strawberry.input(description="Map a vendor currency to a company currency.")
class RemoteCurrencyPartialInput:
    """Changes to a remote currency's mapping."""

    id: strawberry.ID
    local_instance: strawberry.ID | None = UNSET
