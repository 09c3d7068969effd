"""The WooCommerce channel: the store URL, its REST keys (encrypted) and what the metadata pull learned."""

from django.core.exceptions import ValidationError
from django.db import models

from core.fields import EncryptedTextField
from sales_channels.models import SalesChannel
from sales_channels.net_guard import UnsafeVendorUrl, check_url

# WordPress hosts rarely publish limits; a modest default that the merchant raises for a strong host.
DEFAULT_REQUESTS_PER_SECOND = 5.0
DEFAULT_BURST = 5


class WooCommerceSalesChannel(SalesChannel):
    """A WooCommerce store reached over its REST API (wc/v3) with a consumer key and secret."""

    INTEGRATION = "woocommerce"
    # Cleared by `sales_channels.connection.mark_disconnected` (a revoked key).
    CREDENTIAL_FIELDS = ("consumer_key", "consumer_secret")

    store_url = models.URLField(max_length=512, help_text="The store's home URL, e.g. https://shop.example.com")
    consumer_key = EncryptedTextField(blank=True, help_text="ck_... (stored encrypted).")
    consumer_secret = EncryptedTextField(blank=True, help_text="cs_... (stored encrypted).")
    key_permissions = models.CharField(max_length=16, blank=True, help_text="read, write or read_write.")
    webhook_secret = EncryptedTextField(blank=True, help_text="Our secret for the store's webhook signatures.")
    auth_user_id = models.CharField(
        max_length=64, blank=True, help_text="Our id in the store's key-provisioning flow (correlates its callback)."
    )
    auth_started_at = models.DateTimeField(null=True, blank=True)
    wc_version = models.CharField(max_length=32, blank=True)
    wp_version = models.CharField(max_length=32, blank=True)
    store_currency = models.CharField(max_length=3, blank=True)
    weight_unit = models.CharField(max_length=8, blank=True)
    dimension_unit = models.CharField(max_length=8, blank=True)
    tax_classes = models.JSONField(default=list, blank=True)
    webhooks_registering_until = models.DateTimeField(
        null=True, blank=True, help_text="Until then, the store's unsigned creation ping is answered 200."
    )
    global_attributes = models.JSONField(
        default=dict, blank=True, help_text="Known global attributes: lower-case name -> {id, terms} (saves lookups)."
    )

    class Meta:
        verbose_name = "WooCommerce sales channel"

    def save(self, *args, **kwargs):
        if self._state.adding and self.burst == SalesChannel._meta.get_field("burst").default:
            self.burst = DEFAULT_BURST
            self.requests_per_second = DEFAULT_REQUESTS_PER_SECOND
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        try:
            check_url(self.store_url)
        except UnsafeVendorUrl as error:
            raise ValidationError({"store_url": error.message}) from None

    @property
    def home_url(self) -> str:
        return self.store_url.rstrip("/")

    @property
    def has_keys(self) -> bool:
        return bool(self.consumer_key and self.consumer_secret)
