"""GraphQL inputs of the Amazon channel (credential fields get names without credential words)."""

import datetime

import strawberry
from strawberry import UNSET


@strawberry.input(description="A new Amazon channel of the request user's company.")
class AmazonSalesChannelCreateInput:
    """Name, region and the SP-API app's identifiers and LWA credential."""

    name: str
    region: str = strawberry.field(default="NA", description="NA, EU or FE.")
    application_id: str = strawberry.field(default="", description="The app's id (amzn1.sp.solution...).")
    draft_app: bool = strawberry.field(default=False, description="The app is still in Draft (consent needs beta).")
    lwa_client_id: str = strawberry.field(default="", description="The LWA client identifier.")
    lwa_client_secret: str = strawberry.field(
        default="", name="lwaClientCredential", description="The LWA client credential (write-only, stored encrypted)."
    )
    lwa_secret_expires_on: datetime.date | None = strawberry.field(
        default=UNSET, name="lwaCredentialExpiresOn", description="When the LWA credential must be rotated."
    )
    base_url: str | None = strawberry.field(default=UNSET, description="A sandbox URL replacing Amazon's.")
    lwa_url: str | None = strawberry.field(default=UNSET, description="A sandbox's Login with Amazon host.")
    consent_url: str | None = strawberry.field(default=UNSET, description="A sandbox's Seller Central host.")
