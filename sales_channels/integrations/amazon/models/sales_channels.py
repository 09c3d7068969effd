"""The Amazon channel: one selling partner in one SP-API region, its LWA app and (encrypted) tokens."""

from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.fields import EncryptedTextField
from sales_channels.models import SalesChannel
from sales_channels.net_guard import url_field_error

SANDBOX_HOSTS = ("127.0.0.1", "localhost", "::1")
REGION_ENDPOINTS = {
    "NA": "https://sellingpartnerapi-na.amazon.com",
    "EU": "https://sellingpartnerapi-eu.amazon.com",
    "FE": "https://sellingpartnerapi-fe.amazon.com",
}
SELLER_CENTRAL = {
    "NA": "https://sellercentral.amazon.com",
    "EU": "https://sellercentral-europe.amazon.com",
    "FE": "https://sellercentral.amazon.co.jp",
}
LWA_HOST = "https://api.amazon.com"
SECRET_ROTATION_WARNING = timedelta(days=30)


class AmazonSalesChannel(SalesChannel):
    """A selling partner connected through the website authorization workflow (or a pasted refresh token)."""

    INTEGRATION = "amazon"
    CREDENTIAL_FIELDS = ("refresh_token", "access_token", "access_token_expires_at")

    class Region(models.TextChoices):
        NA = "NA", "North America (US, CA, MX, BR)"
        EU = "EU", "Europe, Middle East, India"
        FE = "FE", "Far East (JP, AU, SG)"

    region = models.CharField(max_length=2, choices=Region.choices, default=Region.NA)
    application_id = models.CharField(max_length=255, blank=True, help_text="The app's id (amzn1.sp.solution...).")
    draft_app = models.BooleanField(default=False, help_text="The app is in Draft: consent needs version=beta.")
    lwa_client_id = models.CharField(max_length=255, blank=True, help_text="The LWA client identifier.")
    lwa_client_secret = EncryptedTextField(blank=True, help_text="The LWA client secret (stored encrypted).")
    lwa_secret_expires_on = models.DateField(
        null=True, blank=True, help_text="When the LWA client secret must be rotated (every 180 days)."
    )
    selling_partner_id = models.CharField(max_length=64, blank=True, help_text="The seller (merchant) id.")
    refresh_token = EncryptedTextField(blank=True)
    access_token = EncryptedTextField(blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    oauth_state = models.CharField(max_length=64, blank=True, help_text="Nonce of the pending authorization.")
    oauth_state_created_at = models.DateTimeField(null=True, blank=True)
    lwa_url = models.URLField(max_length=512, blank=True, help_text="Only for a sandbox: its LWA host.")
    consent_url = models.URLField(max_length=512, blank=True, help_text="Only for a sandbox: its Seller Central.")

    class Meta:
        verbose_name = "Amazon sales channel"

    def save(self, *args, **kwargs):
        if self._state.adding and self.burst == SalesChannel._meta.get_field("burst").default:
            self.requests_per_second, self.burst = 5.0, 10  # the listings plans; operations get their own buckets
        super().save(*args, **kwargs)

    @property
    def api_url(self) -> str:
        """The SP-API endpoint: the sandbox's base URL, else the region's."""
        return (self.base_url or REGION_ENDPOINTS[self.region]).rstrip("/")

    @property
    def token_host(self) -> str:
        return (self.lwa_url or LWA_HOST).rstrip("/")

    @property
    def seller_central(self) -> str:
        return (self.consent_url or SELLER_CENTRAL[self.region]).rstrip("/")

    def secret_rotation_warning(self, *, today: date | None = None) -> str:
        """A warning once the LWA secret is due for rotation within 30 days (or overdue); else ''."""
        if self.lwa_secret_expires_on is None:
            return ""
        today = today or timezone.localdate()
        left = (self.lwa_secret_expires_on - today).days
        if left < 0:
            return f"The LWA client secret expired {-left} day(s) ago: rotate it in Solution Provider Portal."
        if timedelta(days=left) <= SECRET_ROTATION_WARNING:
            return f"The LWA client secret expires in {left} day(s): rotate it and store the new one here."
        return ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        allowed = getattr(settings, "AMAZON_SANDBOX_HOSTS", SANDBOX_HOSTS)
        for name in ("base_url", "lwa_url", "consent_url"):
            value = getattr(self, name)
            if not value:
                continue
            problem = url_field_error(value)
            if problem:
                errors[name] = problem
            elif urlsplit(value).hostname not in allowed:
                errors[name] = "Only a sandbox host may replace Amazon's own URLs; leave it empty."
        if errors:
            raise ValidationError(errors)
