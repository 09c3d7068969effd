"""The eBay channel (one seller account through one application keyset), its marketplaces and their settings."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.fields import EncryptedTextField
from core.models import TenantModel
from sales_channels.models import SalesChannel, SalesChannelView
from sales_channels.net_guard import url_field_error

PRODUCTION_API = "https://api.ebay.com"
PRODUCTION_AUTH = "https://auth.ebay.com"
PRODUCTION_IDENTITY = "https://apiz.ebay.com"
SANDBOX_API = "https://api.sandbox.ebay.com"
SANDBOX_AUTH = "https://auth.sandbox.ebay.com"
SANDBOX_IDENTITY = "https://apiz.sandbox.ebay.com"
REFRESH_MARGIN = timedelta(minutes=5)
REFRESH_TOKEN_WARNING = timedelta(days=30)
RECONSENT_PREFIX = "The eBay consent ends on"
LOCAL_SANDBOX_HOSTS = ("127.0.0.1", "localhost", "::1")
# eBay meters calls per day (the Inventory API about 2,000,000 a day, about 23 a second) rather than per
# second: the shared throttle's sustained rate and burst for a new channel (changeable per channel).
DEFAULT_REQUESTS_PER_SECOND = 20.0
DEFAULT_BURST = 40


class EbaySalesChannel(SalesChannel):
    """An eBay seller account connected through OAuth (authorization code with the RuName)."""

    INTEGRATION = "ebay"
    CREDENTIAL_FIELDS = (
        "access_token",
        "access_token_expires_at",
        "refresh_token",
        "refresh_token_expires_at",
    )

    class Environment(models.TextChoices):
        PRODUCTION = "production", "Production (api.ebay.com)"
        SANDBOX = "sandbox", "eBay's sandbox (api.sandbox.ebay.com)"

    environment = models.CharField(max_length=16, choices=Environment.choices, default=Environment.PRODUCTION)
    client_id = models.CharField(max_length=255, help_text="The keyset's App ID (Client ID).")
    client_secret = EncryptedTextField(help_text="The keyset's Cert ID (Client Secret), stored encrypted.")
    runame = models.CharField(max_length=255, help_text="The RuName (eBay Redirect URL name) of the keyset.")
    scopes = models.TextField(blank=True, help_text="Granted OAuth scopes, space-separated.")
    access_token = EncryptedTextField(blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_token = EncryptedTextField(blank=True)
    refresh_token_expires_at = models.DateTimeField(null=True, blank=True)
    oauth_state = models.CharField(max_length=64, blank=True, help_text="Nonce of the pending authorization.")
    oauth_state_created_at = models.DateTimeField(null=True, blank=True)
    ebay_user_id = models.CharField(max_length=64, blank=True, help_text="The seller's eBay user id (Identity API).")
    ebay_username = models.CharField(max_length=255, blank=True)
    location_country = models.CharField(
        max_length=2, blank=True, help_text="Ship-from country of the location created when the seller has none."
    )
    location_postal_code = models.CharField(max_length=16, blank=True, help_text="Ship-from postal code (same).")
    opted_in_programs = models.JSONField(
        default=list, blank=True, help_text="eBay programs the seller opted in to (SELLING_POLICY_MANAGEMENT, ...)."
    )
    orders_modified_since = models.DateTimeField(
        null=True, blank=True, help_text="The next order import asks for orders modified since (newest seen)."
    )
    marketplace_ids = models.JSONField(
        default=list, blank=True, help_text="Marketplaces to sell on (EBAY_US, EBAY_GB, ...); empty: the seller's own."
    )

    class Meta:
        verbose_name = "eBay sales channel"

    def save(self, *args, **kwargs):
        if self._state.adding and self.burst == SalesChannel._meta.get_field("burst").default:
            self.burst = DEFAULT_BURST
            self.requests_per_second = DEFAULT_REQUESTS_PER_SECOND
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        url_error = url_field_error(self.base_url)
        host = urlsplit(self.base_url).hostname if self.base_url else None
        if url_error:
            raise ValidationError({"base_url": url_error})
        if host is not None and host not in getattr(settings, "EBAY_SANDBOX_HOSTS", LOCAL_SANDBOX_HOSTS):
            raise ValidationError({"base_url": "Only a local sandbox may replace eBay's hosts; leave it empty."})

    # -- hosts --------------------------------------------------------------------------------------

    @property
    def _local(self) -> str:
        return (self.base_url or "").rstrip("/")

    @property
    def api_url(self) -> str:
        """The REST host (Inventory, Account, Fulfillment, Notification, the token endpoint)."""
        if self._local:
            return self._local
        return SANDBOX_API if self.environment == self.Environment.SANDBOX else PRODUCTION_API

    @property
    def auth_url(self) -> str:
        """Where the merchant signs in and grants consent."""
        if self._local:
            return self._local
        return SANDBOX_AUTH if self.environment == self.Environment.SANDBOX else PRODUCTION_AUTH

    @property
    def identity_url(self) -> str:
        """The Identity API host (apiz)."""
        if self._local:
            return self._local
        return SANDBOX_IDENTITY if self.environment == self.Environment.SANDBOX else PRODUCTION_IDENTITY

    @property
    def token_url(self) -> str:
        return f"{self.api_url}/identity/v1/oauth2/token"

    # -- token state --------------------------------------------------------------------------------

    def token_needs_refresh(self, *, now=None) -> bool:
        """The user token is missing or expires within the margin, and a refresh token can renew it."""
        if not self.refresh_token:
            return False
        if not self.access_token or self.access_token_expires_at is None:
            return True
        return (now or timezone.now()) >= self.access_token_expires_at - REFRESH_MARGIN

    def refresh_token_expiring(self, *, now=None) -> bool:
        """The refresh token (about 18 months) ends within 30 days: the merchant must consent again."""
        if self.refresh_token_expires_at is None:
            return False
        return (now or timezone.now()) >= self.refresh_token_expires_at - REFRESH_TOKEN_WARNING

    def connection_warning(self, *, now=None) -> str:
        """What the merchant must do soon although the channel works (the consent is about to end), or ""."""
        ends = self.refresh_token_expires_at
        if ends is None or not self.refresh_token or not self.refresh_token_expiring(now=now):
            return ""
        return (
            f"{RECONSENT_PREFIX} {ends.astimezone(UTC):%Y-%m-%d %H:%M} UTC: connect the account again before then "
            "(Connect on the channel's page), or orders and listings stop syncing."
        )


class EbayMarketplaceView(SalesChannelView):
    """One eBay marketplace of the channel (EBAY_US, ...): its currency, language and chosen policies."""

    currency = models.CharField(max_length=3, blank=True)
    content_language = models.CharField(max_length=8, blank=True, help_text="e.g. en-US: sent on inventory writes.")
    fulfillment_policy_id = models.CharField(max_length=64, blank=True)
    payment_policy_id = models.CharField(max_length=64, blank=True)
    return_policy_id = models.CharField(max_length=64, blank=True)
    merchant_location_key = models.CharField(max_length=36, blank=True)
    category_id = models.CharField(
        max_length=16, blank=True, help_text="Leaf category of products whose product type has no category here."
    )
    category_tree_id = models.CharField(max_length=16, blank=True, help_text="The marketplace's default category tree.")
    category_tree_version = models.CharField(
        max_length=32, blank=True, help_text="The tree's version when its categories' aspects were last read."
    )
    condition = models.CharField(max_length=32, default="NEW")

    class Meta:
        verbose_name = "eBay marketplace"


class EbayBusinessPolicy(TenantModel):
    """A fulfillment, payment or return policy of one marketplace, pulled from the Account API."""

    class Kind(models.TextChoices):
        FULFILLMENT = "fulfillment", "Fulfillment"
        PAYMENT = "payment", "Payment"
        RETURN = "return", "Return"

    sales_channel = models.ForeignKey(EbaySalesChannel, on_delete=models.CASCADE, related_name="policies")
    view = models.ForeignKey(EbayMarketplaceView, on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    remote_id = models.CharField(max_length=64)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sales_channel", "kind", "remote_id"], name="ebay_policy_unique"),
        ]


class EbayInventoryLocation(TenantModel):
    """An inventory location (merchantLocationKey) of the seller."""

    sales_channel = models.ForeignKey(EbaySalesChannel, on_delete=models.CASCADE, related_name="locations")
    key = models.CharField(max_length=36)
    name = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=2, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sales_channel", "key"], name="ebay_location_unique")]
