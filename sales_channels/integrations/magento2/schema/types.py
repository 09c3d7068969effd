"""GraphQL types of the Magento 2 channel: explicit fields only, never credentials (write-only)."""

import datetime

import strawberry
import strawberry_django

from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2SalesChannel
from sales_channels.redaction import Redactor
from sales_channels.schema.types import OrderedTenantType, SalesChannelViewType, public


@strawberry_django.type(Magento2SalesChannel, pagination=True)
class Magento2SalesChannelType(OrderedTenantType):
    """A Magento 2 store: its URL, how requests are signed and what was pulled from it."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    auth_method: str
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    website_id: int | None
    attribute_set_id: int | None
    base_currency: str
    msi_enabled: bool
    source_code: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    views: list[SalesChannelViewType] = strawberry_django.field()

    @strawberry_django.field(
        only=["activation_key"],
        description="The path (on this server) to give the Magento integration as its Callback URL: Magento then "
        "posts the credentials itself when the integration is activated.",
    )
    def activation_path(self, root: Magento2SalesChannel) -> str:
        return root.activation_path

    @strawberry_django.field(only=["base_url"], description="The store's URL.")
    def base_url(self, root: Magento2SalesChannel) -> str:
        return Redactor().url(root.base_url) if root.base_url else ""

    @strawberry_django.field(
        only=["consumer_key", "access_token"], description="Whether the channel holds the integration's credentials."
    )
    def has_credentials(self, root: Magento2SalesChannel) -> bool:
        return bool(root.access_token)


@strawberry_django.type(Magento2AttributeSet, pagination=True)
class Magento2AttributeSetType(OrderedTenantType):
    """A product attribute set of a Magento 2 store and the product type whose products are created in it."""

    ordering = ("sales_channel_id", "name", "pk")

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_id: str
    name: str
    local_instance_id: strawberry.ID | None = strawberry_django.field(
        description="The mapped product type (a value of the product type property); empty: unmapped, products of "
        "that type go to the channel's set."
    )
