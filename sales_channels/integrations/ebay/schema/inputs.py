"""GraphQL inputs of the eBay channel (Python names match the model fields; the Cert ID is `clientCredential`)."""

import strawberry
from strawberry import UNSET

CLIENT_CREDENTIAL_HELP = "The keyset's Cert ID (client credential; write-only, stored encrypted)."


@strawberry.input(description="A new eBay channel of the request user's company.")
class EbaySalesChannelCreateInput:
    """Name, keyset (App ID, Cert ID, RuName) and the marketplaces to sell on."""

    name: str
    client_id: str = strawberry.field(description="The keyset's App ID (client id).")
    client_secret: str = strawberry.field(name="clientCredential", description=CLIENT_CREDENTIAL_HELP)
    runame: str = strawberry.field(description="The keyset's RuName; its accepted URL must be OneSila's callback.")
    environment: str = strawberry.field(default="production", description="'production' or 'sandbox' (eBay's).")
    marketplace_ids: list[str] | None = strawberry.field(default=UNSET, description="e.g. [EBAY_US, EBAY_GB].")
    location_country: str | None = UNSET
    location_postal_code: str | None = UNSET
    base_url: str | None = strawberry.field(default=UNSET, description="A local sandbox URL replacing eBay's hosts.")


@strawberry.input(description="Changes to an eBay channel; omitted fields stay as they are.")
class EbaySalesChannelPartialInput:
    """Name, active flag, keyset, marketplaces or ship-from address."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    client_id: str | None = UNSET
    client_secret: str | None = strawberry.field(
        default=UNSET, name="clientCredential", description=CLIENT_CREDENTIAL_HELP
    )
    runame: str | None = UNSET
    marketplace_ids: list[str] | None = UNSET
    location_country: str | None = UNSET
    location_postal_code: str | None = UNSET


@strawberry.input(description="A merchant's choices on an eBay marketplace; omitted fields stay as they are.")
class EbayMarketplacePartialInput:
    """The policies, location, default category and item condition its listings are sent with."""

    id: strawberry.ID
    fulfillment_policy_id: str | None = strawberry.field(
        default=UNSET, description="A fulfillment policy of this marketplace (its remoteId in businessPolicies)."
    )
    payment_policy_id: str | None = strawberry.field(
        default=UNSET, description="A payment policy of this marketplace (its remoteId in businessPolicies)."
    )
    return_policy_id: str | None = strawberry.field(
        default=UNSET, description="A return policy of this marketplace (its remoteId in businessPolicies)."
    )
    merchant_location_key: str | None = strawberry.field(
        default=UNSET, description="An inventory location of the seller (its key in inventoryLocations)."
    )
    category_id: str | None = strawberry.field(
        default=UNSET, description="Leaf category of products whose product type has none here; empty clears it."
    )
    condition: str | None = strawberry.field(
        default=UNSET, description="The item condition (eBay's ConditionEnum, e.g. NEW, USED_EXCELLENT)."
    )
