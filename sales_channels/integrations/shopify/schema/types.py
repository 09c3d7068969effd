"""GraphQL types of the Shopify channel: explicit, non-credential fields only.

Credentials are write-only: the app's client credential, the access and refresh tokens and the
OAuth state are never fields here. `hasCredentials` and `credentialsExpireAt` say what a merchant
needs to know about them.
"""

import datetime

import strawberry
import strawberry_django

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.redaction import Redactor
from sales_channels.schema.types import OrderedTenantType, SalesChannelViewType, public


@strawberry_django.type(ShopifySalesChannel, pagination=True)
class ShopifySalesChannelType(OrderedTenantType):
    """A Shopify shop: its domain, API version, how it is connected and what was pulled from it."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    shop_domain: str
    api_version: str
    auth_method: str
    client_id: str = strawberry_django.field(description="The app's public API key (client id).")
    scopes: str = strawberry_django.field(description="Access scopes the shop granted, comma-separated.")
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    shop_name: str
    shop_currency: str
    max_product_variants: int
    primary_location_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    views: list[SalesChannelViewType] = strawberry_django.field()

    @strawberry_django.field(only=["base_url"], description="The sandbox URL replacing the shop's, if any.")
    def base_url(self, root: ShopifySalesChannel) -> str:
        return Redactor().url(root.base_url) if root.base_url else ""

    @strawberry_django.field(only=["access_token"], description="Whether the channel holds Admin API credentials.")
    def has_credentials(self, root: ShopifySalesChannel) -> bool:
        return bool(root.access_token)

    @strawberry_django.field(
        only=["access_token_expires_at"],
        description="When the current (expiring) credentials expire; null when they do not expire. "
        "They are refreshed automatically before then.",
    )
    def credentials_expire_at(self, root: ShopifySalesChannel) -> datetime.datetime | None:
        return root.access_token_expires_at


@strawberry.type(description="Where to send the merchant to approve the app.")
class ShopifyRedirectUrl:
    """The shop's authorize URL, carrying a fresh single-use state."""

    redirect_url: str
