"""GraphQL inputs of the Magento 2 channel.

Python names match the model fields (so the generic tenant helpers apply them); the integration's
four values get GraphQL names without credential words (`consumerKey`, `consumerCredential`,
`integrationCredential`, `integrationCredentialSigner`), because the schema snapshot refuses such
words anywhere. They are write-only: no output type returns them.
"""

import strawberry
from strawberry import UNSET


@strawberry.input(description="A new Magento 2 channel and the integration's values (checked at once when given).")
class Magento2SalesChannelCreateInput:
    """A Magento 2 store to connect: its URL and the integration's four OAuth values (or none: activation)."""

    name: str
    base_url: str = strawberry.field(description="The store's URL, e.g. https://shop.example.com.")
    auth_method: str | None = strawberry.field(
        default=UNSET, description="'oauth1' (signed requests, default) or 'bearer' (only if the store allows it)."
    )
    consumer_key: str | None = strawberry.field(default=UNSET, description="The integration's consumer key.")
    consumer_secret: str | None = strawberry.field(
        default=UNSET, name="consumerCredential", description="The integration's consumer credential (write-only)."
    )
    access_token: str | None = strawberry.field(
        default=UNSET, name="integrationCredential", description="The integration's access credential (write-only)."
    )
    access_token_secret: str | None = strawberry.field(
        default=UNSET,
        name="integrationCredentialSigner",
        description="The credential that signs requests with the access credential (write-only).",
    )


@strawberry.input(description="Changes to one Magento 2 channel.")
class Magento2SalesChannelPartialInput:
    """Changes to a Magento 2 channel; omitted fields stay as they are."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    source_code: str | None = UNSET


@strawberry.input(description="Map a Magento 2 attribute set to a product type (or clear the mapping).")
class Magento2AttributeSetPartialInput:
    """Which product type's products are created in this attribute set."""

    id: strawberry.ID
    local_instance: strawberry.ID | None = strawberry.field(
        default=UNSET, description="A value of the product type property; null: unmapped."
    )
