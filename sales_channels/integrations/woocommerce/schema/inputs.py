"""GraphQL inputs of the WooCommerce channel.

Python names match the model fields; the consumer secret gets the GraphQL name `consumerSigningKey`
(it is the OAuth 1.0a signing key) because the schema refuses credential words. Write-only.
"""

import strawberry
from strawberry import UNSET

SIGNING_KEY_HELP = "The key pair's second half (cs_...): write-only, checked with one call, stored encrypted."


@strawberry.input(description="A new WooCommerce channel of the request user's company.")
class WooCommerceSalesChannelCreateInput:
    """Name and store URL; a key pair optionally (checked at once), else connect through key provisioning."""

    name: str
    store_url: str = strawberry.field(description="The store's home URL, e.g. https://shop.example.com")
    consumer_key: str | None = strawberry.field(default=UNSET, description="The REST API consumer key (ck_...).")
    consumer_secret: str | None = strawberry.field(
        default=UNSET, name="consumerSigningKey", description=SIGNING_KEY_HELP
    )


@strawberry.input(description="Changes to a WooCommerce channel; omitted fields stay as they are.")
class WooCommerceSalesChannelPartialInput:
    """Name, active flag, store URL."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    store_url: str | None = UNSET
