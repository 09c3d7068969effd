"""The Shopify channel: shop domain, API version, app credentials and (expiring) offline tokens."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.fields import EncryptedTextField
from sales_channels.models import SalesChannel
from sales_channels.net_guard import url_field_error

# Shopify meters GraphQL by cost points: the Standard plan's bucket and restore rate (vendor-facts 1.9).
# The live figures from every response's throttleStatus replace these in the shared throttle.
STANDARD_BUCKET_POINTS = 2000
STANDARD_RESTORE_POINTS_PER_SECOND = 100.0
REFRESH_MARGIN = timedelta(minutes=5)
SHOP_DOMAIN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9\-]*\.myshopify\.com$")
SANDBOX_HOSTS = ("127.0.0.1", "localhost", "::1")


class ShopifySalesChannel(SalesChannel):
    """A Shopify shop connected through OAuth, the client-credentials grant or a legacy custom-app token."""

    INTEGRATION = "shopify"
    # Cleared by `sales_channels.connection.mark_disconnected` (uninstall, revoked access).
    CREDENTIAL_FIELDS = ("access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at")

    class AuthMethod(models.TextChoices):
        OAUTH = "oauth", "OAuth (authorization code: public or Dev-Dashboard app)"
        CLIENT_CREDENTIALS = "client_credentials", "Dev-Dashboard custom app (client credentials, 24 h tokens)"
        CUSTOM_APP = "custom_app", "Legacy custom app access token (existing apps only)"

    shop_domain = models.CharField(max_length=255, help_text="e.g. my-shop.myshopify.com")
    api_version = models.CharField(max_length=16, default=settings.SHOPIFY_API_VERSION)
    auth_method = models.CharField(max_length=32, choices=AuthMethod.choices, default=AuthMethod.OAUTH)
    client_id = models.CharField(max_length=255, blank=True, help_text="The app's API key.")
    client_secret = EncryptedTextField(blank=True, help_text="The app's API secret (stored encrypted).")
    scopes = models.CharField(max_length=1024, blank=True, help_text="Granted access scopes, comma-separated.")
    access_token = EncryptedTextField(blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    refresh_token = EncryptedTextField(blank=True)
    refresh_token_expires_at = models.DateTimeField(null=True, blank=True)
    oauth_state = models.CharField(max_length=64, blank=True, help_text="Nonce of the pending authorization.")
    oauth_state_created_at = models.DateTimeField(null=True, blank=True)
    primary_location_id = models.CharField(max_length=255, blank=True, help_text="Where stock is set.")
    max_product_variants = models.PositiveIntegerField(default=2048)
    shop_currency = models.CharField(max_length=3, blank=True)
    primary_locale = models.CharField(max_length=16, blank=True, help_text="The shop's primary locale (e.g. en).")
    shop_name = models.CharField(max_length=255, blank=True, help_text="The shop's name, pulled after connect.")
    custom_id_ready = models.BooleanField(
        default=False, help_text="The unique metafield definition listings upsert by (productSet customId) exists."
    )
    bulk_threshold = models.PositiveIntegerField(
        default=250,
        help_text="A push or resync of at least this many listings goes through one bulk mutation (0: never).",
    )

    class Meta:
        verbose_name = "Shopify sales channel"

    def save(self, *args, **kwargs):
        if self._state.adding and self.burst == SalesChannel._meta.get_field("burst").default:
            self.burst = STANDARD_BUCKET_POINTS
            self.requests_per_second = STANDARD_RESTORE_POINTS_PER_SECOND
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not SHOP_DOMAIN.match(self.shop_domain or ""):
            errors["shop_domain"] = "Use the shop's <name>.myshopify.com domain."
        host = urlsplit(self.base_url).hostname if self.base_url else None
        # base_url exists for sandboxes (allowed by a setting); any other host would make the server
        # call arbitrary URLs.
        url_error = url_field_error(self.base_url)
        if url_error:
            errors["base_url"] = url_error
        elif host is not None and host not in getattr(settings, "SHOPIFY_SANDBOX_HOSTS", SANDBOX_HOSTS):
            errors["base_url"] = "Only a sandbox host may replace the shop's own URL; leave it empty."
        if errors:
            raise ValidationError(errors)

    @property
    def api_base_url(self) -> str:
        """Where the Admin API and OAuth endpoints live: the configured base URL (a sandbox) or the shop."""
        return (self.base_url or f"https://{self.shop_domain}").rstrip("/")

    @property
    def graphql_url(self) -> str:
        """The Admin GraphQL endpoint of the pinned API version (`settings.SHOPIFY_API_VERSION`).

        The documents are written and validated for that version only, so every channel calls it;
        `api_version` records it (migrated forward when the pin moves).
        """
        return f"{self.api_base_url}/admin/api/{settings.SHOPIFY_API_VERSION}/graphql.json"

    def token_expiring(self, *, now=None) -> bool:
        """True when the access token expires within the refresh margin (whatever renews it)."""
        if self.access_token_expires_at is None:
            return False
        return (now or timezone.now()) >= self.access_token_expires_at - REFRESH_MARGIN

    def token_needs_refresh(self, *, now=None) -> bool:
        """True when an expiring token is within the refresh margin of its expiry (and can be refreshed)."""
        if not self.refresh_token or self.access_token_expires_at is None:
            return False
        return (now or timezone.now()) >= self.access_token_expires_at - REFRESH_MARGIN
