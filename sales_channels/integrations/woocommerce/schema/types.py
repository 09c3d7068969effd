"""GraphQL types of the WooCommerce channel: explicit, non-credential fields only.

The consumer key pair and the webhook signing secret are write-only: never fields here.
`hasCredentials` says whether the channel holds a key pair.
"""

import datetime

import strawberry
import strawberry_django
from strawberry.scalars import JSON

from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.schema.types import OrderedTenantType, SalesChannelViewType, public


@strawberry_django.type(WooCommerceSalesChannel, pagination=True)
class WooCommerceSalesChannelType(OrderedTenantType):
    """A WooCommerce store: its URL, how it is connected and what the metadata pull read."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    store_url: str
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    key_permissions: str
    wc_version: str
    wp_version: str
    store_currency: str
    weight_unit: str
    dimension_unit: str
    tax_classes: JSON
    created_at: datetime.datetime
    updated_at: datetime.datetime
    views: list[SalesChannelViewType] = strawberry_django.field()

    @strawberry_django.field(only=["consumer_key"], description="Whether the channel holds a REST API key pair.")
    def has_credentials(self, root: WooCommerceSalesChannel) -> bool:
        return bool(root.consumer_key)


@strawberry.type(description="Where to send the merchant to approve OneSila on the store.")
class WooCommerceAuthorizeUrl:
    """The store's /wc-auth/v1/authorize URL for a fresh, single-use correlation id."""

    authorize_url: str
