"""GraphQL types of the Amazon channel: explicit, non-credential fields only.

The LWA client secret, the refresh and access tokens and the consent state are write-only: never
fields here. `hasCredentials` and `secretRotationWarning` say what a merchant needs to know.
"""

import datetime

import strawberry
import strawberry_django

from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.redaction import Redactor
from sales_channels.schema.types import OrderedTenantType, SalesChannelViewType, public


@strawberry_django.type(AmazonSalesChannel, pagination=True)
class AmazonSalesChannelType(OrderedTenantType):
    """An Amazon seller in one SP-API region: its app, how it is connected and its marketplaces (views)."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    region: str
    application_id: str
    draft_app: bool
    lwa_client_id: str = strawberry_django.field(description="The LWA client identifier (public).")
    lwa_secret_expires_on: datetime.date | None = strawberry_django.field(
        name="lwaCredentialExpiresOn", description="When the app's LWA credential must be rotated."
    )
    selling_partner_id: str
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    views: list[SalesChannelViewType] = strawberry_django.field()

    @strawberry_django.field(only=["base_url"], description="The sandbox URL replacing Amazon's, if any.")
    def base_url(self, root: AmazonSalesChannel) -> str:
        return Redactor().url(root.base_url) if root.base_url else ""

    @strawberry_django.field(
        only=["refresh_token"], description="Whether the channel holds the seller's authorization."
    )
    def has_credentials(self, root: AmazonSalesChannel) -> bool:
        return bool(root.refresh_token)

    @strawberry_django.field(
        only=["lwa_secret_expires_on"], description="A warning when the app's LWA credential must be rotated soon."
    )
    def credential_rotation_warning(self, root: AmazonSalesChannel) -> str:
        return root.secret_rotation_warning()


@strawberry.type(description="Where to send the merchant to authorize the app in Seller Central.")
class AmazonConsentUrl:
    """Seller Central's consent page, carrying a fresh single-use state."""

    consent_url: str


@strawberry.type(description="The outcome of a product type import into one marketplace.")
class AmazonProductTypeImport:
    """Which schema was stored, whether it was downloaded, what was auto-mapped and what is still missing."""

    product_type: str
    downloaded: bool
    mapped_attributes: list[str]
    unmapped_required: list[str]


@strawberry.type(description="One notification type the seller is subscribed to.")
class AmazonNotificationSubscription:
    """The notification type and Amazon's subscription id."""

    notification_type: str
    subscription_id: str


@strawberry.type(description="What the notification set-up found or created at Amazon.")
class AmazonNotificationSetup:
    """The SQS destination, every subscription, which were added now, and where the relay posts."""

    destination_id: str
    destination_created: bool
    subscriptions: list[AmazonNotificationSubscription]
    created: list[str]
    inbox_path: str = strawberry.field(description="Where the queue relay posts (append to the public host).")
    summary: str
