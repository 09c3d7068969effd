"""GraphQL types of the eBay channel: explicit, non-credential fields only.

The keyset's Cert ID, the user and application tokens and the OAuth state are never fields here;
`hasCredentials`, `credentialsExpireAt` and `reconsentBy` say what a merchant needs to know.
"""

import datetime
from enum import Enum
from typing import cast

import strawberry
import strawberry_django

from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)
from sales_channels.redaction import Redactor
from sales_channels.schema.types import OrderedTenantType, public


@strawberry.enum(description="The kind of an eBay business policy.")
class EbayPolicyKind(Enum):
    """Fulfillment (shipping), payment or return."""

    FULFILLMENT = "fulfillment"
    PAYMENT = "payment"
    RETURN = "return"


@strawberry_django.type(EbayBusinessPolicy, pagination=True)
class EbayBusinessPolicyType(OrderedTenantType):
    """A business policy pulled for one marketplace: choose it on the marketplace by its `remoteId`."""

    ordering = ("kind", "name", "pk")

    id: strawberry.ID
    kind: str = strawberry_django.field(description="fulfillment, payment or return.")
    remote_id: str = strawberry_django.field(description="eBay's policy id (e.g. fulfillmentPolicyId).")
    name: str

    @strawberry_django.field(select_related=["view"], description="The marketplace id it belongs to, e.g. EBAY_US.")
    def marketplace_id(self, root: EbayBusinessPolicy) -> str:
        return root.view.remote_id


@strawberry_django.type(EbayInventoryLocation, pagination=True)
class EbayInventoryLocationType(OrderedTenantType):
    """An inventory location of the seller: choose it on a marketplace by its `key` (merchantLocationKey)."""

    ordering = ("key", "pk")

    id: strawberry.ID
    key: str = strawberry_django.field(description="The merchantLocationKey.")
    name: str
    country: str


@strawberry_django.type(EbayMarketplaceView, pagination=True)
class EbayMarketplaceType(OrderedTenantType):
    """One eBay marketplace of a channel, with its currency, language and chosen policies."""

    ordering = ("sales_channel_id", "-is_default", "remote_id", "pk")

    id: strawberry.ID
    remote_id: str = strawberry_django.field(description="The marketplace id, e.g. EBAY_US.")
    name: str
    active: bool
    is_default: bool
    currency: str
    content_language: str
    fulfillment_policy_id: str
    payment_policy_id: str
    return_policy_id: str
    merchant_location_key: str
    category_id: str = strawberry_django.field(description="Leaf category of products whose type has none here.")
    category_tree_id: str = strawberry_django.field(description="The marketplace's default category tree.")
    category_tree_version: str
    condition: str = strawberry_django.field(description="The item condition of its listings (eBay's ConditionEnum).")

    @strawberry_django.field(description="The business policies pulled for this marketplace, of one kind or all.")
    def business_policies(
        self, root: EbayMarketplaceView, kind: EbayPolicyKind | None = None
    ) -> list[EbayBusinessPolicyType]:
        found = EbayBusinessPolicy.objects.filter(
            view=root, sales_channel_id=root.sales_channel_id, multi_tenant_company_id=root.multi_tenant_company_id
        )
        if kind is not None:
            found = found.filter(kind=kind.value)
        return cast(list[EbayBusinessPolicyType], list(found.select_related("view").order_by("kind", "name", "pk")))

    @strawberry_django.field(description="The seller's inventory locations (any of them can serve this marketplace).")
    def inventory_locations(self, root: EbayMarketplaceView) -> list[EbayInventoryLocationType]:
        found = EbayInventoryLocation.objects.filter(
            sales_channel_id=root.sales_channel_id, multi_tenant_company_id=root.multi_tenant_company_id
        )
        return cast(list[EbayInventoryLocationType], list(found.order_by("key", "pk")))


@strawberry_django.type(EbaySalesChannel, pagination=True)
class EbaySalesChannelType(OrderedTenantType):
    """An eBay seller account: its keyset's public parts, connection state and marketplaces."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    environment: str
    client_id: str = strawberry_django.field(description="The keyset's App ID (client id).")
    runame: str = strawberry_django.field(description="The keyset's RuName (redirect URL name).")
    scopes: str = strawberry_django.field(description="OAuth scopes granted, space-separated.")
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    ebay_username: str
    marketplace_ids: list[str]
    opted_in_programs: list[str]
    location_country: str
    location_postal_code: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @strawberry_django.field(description="The channel's marketplaces (views).")
    def marketplaces(self, root: EbaySalesChannel) -> list[EbayMarketplaceType]:
        views = EbayMarketplaceView.objects.filter(sales_channel=root).order_by("-is_default", "remote_id")
        return cast(list[EbayMarketplaceType], list(views))

    @strawberry_django.field(only=["base_url"], description="The local sandbox URL replacing eBay's hosts, if any.")
    def base_url(self, root: EbaySalesChannel) -> str:
        return Redactor().url(root.base_url) if root.base_url else ""

    @strawberry_django.field(only=["access_token"], description="Whether the channel holds an eBay user grant.")
    def has_credentials(self, root: EbaySalesChannel) -> bool:
        return bool(root.access_token)

    @strawberry_django.field(
        only=["access_token_expires_at"], description="When the current user grant expires (renewed automatically)."
    )
    def credentials_expire_at(self, root: EbaySalesChannel) -> datetime.datetime | None:
        return root.access_token_expires_at

    @strawberry_django.field(
        only=["refresh_token_expires_at"],
        description="When the seller must consent again (the long-lived grant ends, about 18 months).",
    )
    def reconsent_by(self, root: EbaySalesChannel) -> datetime.datetime | None:
        return root.refresh_token_expires_at


@strawberry.type(description="What updateEbayMarketplace did.")
class EbayMarketplaceUpdate:
    """The marketplace as saved, the fields that changed, the listing syncs queued and what to know."""

    marketplace: EbayMarketplaceType
    changed: list[str] = strawberry.field(description="The fields that changed (GraphQL names).")
    queued: int = strawberry.field(description="Sync tasks of the marketplace's listings queued by the change.")
    notes: list[str] = strawberry.field(description="Accepted, but worth knowing (e.g. a category checked later).")


@strawberry.type(description="Where to send the merchant to consent on eBay.")
class EbayRedirectUrl:
    """eBay's consent URL, carrying a fresh single-use state."""

    redirect_url: str


@strawberry.type
class EbayCategoryNode:
    """One category of a marketplace's tree: a leaf can take listings."""

    category_id: str
    name: str
    leaf: bool
    level: int


@strawberry.type
class EbayCategoryImport:
    """A category's aspects stored in a marketplace: downloaded or current, auto-mapped and still missing."""

    category_id: str
    downloaded: bool
    mapped_aspects: list[str]
    unmapped_required: list[str]
