"""The application token (client credentials) of one eBay keyset, shared by every channel on that keyset.

eBay grants 1,000 client-credentials tokens a day per App ID, and the token is the application's,
not a seller's: it carries no user data and authorises only application calls (Taxonomy, Metadata,
the Notification public key). So one token is minted per keyset (App ID, the secret that proves
it, and the API host) and reused by every channel on it, whichever company owns the channel. The
row names no company and no channel; the token is stored encrypted, and it is never served to a
merchant (no GraphQL or admin field).
"""

from django.db import models
from django.utils import timezone

from core.fields import EncryptedTextField
from sales_channels.integrations.ebay.models.sales_channels import REFRESH_MARGIN


class EbayApplicationToken(models.Model):
    """The cached client-credentials token of one keyset (client id + secret fingerprint + API host)."""

    keyset = models.CharField(max_length=64, unique=True, help_text="sha256 of client id, secret fingerprint, host.")
    client_id = models.CharField(max_length=255)
    api_url = models.CharField(max_length=255)
    token = EncryptedTextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    minted_count = models.PositiveIntegerField(default=0, help_text="Client-credentials grants made for the keyset.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "eBay application token"

    def __str__(self) -> str:
        return f"{self.client_id} @ {self.api_url}"

    def valid(self, *, now=None) -> bool:
        """A token is held and stays valid beyond the refresh margin."""
        return (
            bool(self.token)
            and self.expires_at is not None
            and (now or timezone.now()) < self.expires_at - REFRESH_MARGIN
        )
