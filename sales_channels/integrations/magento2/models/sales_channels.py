"""The Magento 2 channel (store URL, integration credentials, where products go) and its store views."""

import secrets
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from core.fields import EncryptedTextField
from sales_channels.models import SalesChannel, SalesChannelView
from sales_channels.net_guard import UnsafeVendorUrl, check_url, sandbox_urls_allowed

# Magento has no API rate limit of its own (the host or WAF may add one): a polite default.
DEFAULT_REQUESTS_PER_SECOND = 4.0
DEFAULT_BURST = 8


class Magento2SalesChannel(SalesChannel):
    """A Magento 2.4 store connected through an integration (OAuth 1.0a, or Bearer when the store allows it)."""

    INTEGRATION = "magento2"
    # Cleared by `sales_channels.connection.mark_disconnected` (revoked integration).
    CREDENTIAL_FIELDS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")

    class AuthMethod(models.TextChoices):
        """How requests are authenticated."""

        OAUTH1 = "oauth1", "OAuth 1.0a signature (integration credentials; works on every store)"
        BEARER = "bearer", "Access token as Bearer (only when the store allows standalone Bearer tokens)"

    auth_method = models.CharField(max_length=16, choices=AuthMethod.choices, default=AuthMethod.OAUTH1)
    consumer_key = EncryptedTextField(blank=True, help_text="The integration's consumer key (stored encrypted).")
    consumer_secret = EncryptedTextField(blank=True, help_text="The integration's consumer secret (stored encrypted).")
    access_token = EncryptedTextField(blank=True, help_text="The integration's access token (stored encrypted).")
    access_token_secret = EncryptedTextField(blank=True, help_text="The access token secret (stored encrypted).")
    activation_key = models.CharField(
        max_length=64, blank=True, help_text="Names this channel in the activation endpoint URL given to Magento."
    )
    website_id = models.PositiveIntegerField(null=True, blank=True, help_text="The website products are assigned to.")
    attribute_set_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The attribute set products are created in (pulled: the store's Default)."
    )
    attribute_group_id = models.PositiveIntegerField(null=True, blank=True, help_text="Where new attributes go.")
    base_currency = models.CharField(max_length=3, blank=True)
    msi_enabled = models.BooleanField(default=True, help_text="Stock through MSI source items (else stock items).")
    source_code = models.CharField(max_length=64, default="default", help_text="The MSI source stock is set on.")
    media_base_url = models.URLField(max_length=512, blank=True, help_text="Where the store serves product images.")
    orders_updated_since = models.CharField(
        max_length=19, blank=True, help_text="The newest order update imported (UTC, Magento's 'YYYY-MM-DD HH:MM:SS')."
    )

    class Meta:
        verbose_name = "Magento 2 sales channel"

    def save(self, *args, **kwargs):
        if not self.activation_key:
            self.activation_key = secrets.token_urlsafe(24)
        if self._state.adding and self.burst == SalesChannel._meta.get_field("burst").default:
            self.burst = DEFAULT_BURST
            self.requests_per_second = DEFAULT_REQUESTS_PER_SECOND
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not self.base_url:
            raise ValidationError({"base_url": "Give the store's URL, e.g. https://shop.example.com."})
        if urlsplit(self.base_url).scheme != "https" and not sandbox_urls_allowed():
            raise ValidationError({"base_url": "Use the store's https:// URL."})
        try:
            check_url(self.base_url)
        except UnsafeVendorUrl as error:
            raise ValidationError({"base_url": error.message}) from None

    @property
    def activation_path(self) -> str:
        """Where Magento posts the integration's credentials on activation (its Callback URL, on this server)."""
        return f"/integrations/magento2/activate/{self.activation_key}" if self.activation_key else ""

    @property
    def store_url(self) -> str:
        return self.base_url.rstrip("/")


class Magento2StoreView(SalesChannelView):
    """A Magento store view: its code is the REST scope of its language's values."""

    code = models.CharField(max_length=64)
    website_id = models.PositiveIntegerField(default=0)
    store_group_id = models.PositiveIntegerField(default=0)
    locale = models.CharField(max_length=16, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        verbose_name = "Magento 2 store view"
