"""What eBay gives a listing besides its key: the offer id and, once published, the listing id.

One row per listing mirror: a simple product or a variation (its offer in the marketplace), or a
configurable (its inventory item group: `item_hash` is the group's hash and `offer_id` is empty).
The hashes say which part of a listing changed since it was last sent, so an update sends only the
calls it needs: the item (without its quantity), the offer (without price and quantity), or
price and quantity alone through `bulk_update_price_quantity`.
"""

from django.db import models

from core.models import TenantModel
from sales_channels.models import RemoteProduct


class EbayOffer(TenantModel):
    """The offer (or, for a configurable, the item group) of one listing mirror in its marketplace."""

    remote_product = models.OneToOneField(RemoteProduct, on_delete=models.CASCADE, related_name="ebay_offer")
    offer_id = models.CharField(max_length=64, blank=True)
    listing_id = models.CharField(max_length=64, blank=True)
    item_hash = models.CharField(max_length=64, blank=True)
    offer_hash = models.CharField(max_length=64, blank=True)
    price_quantity_hash = models.CharField(max_length=64, blank=True)
    revisions_day = models.DateField(null=True, blank=True, help_text="The (UTC) day `revisions` counts.")
    revisions = models.PositiveSmallIntegerField(default=0, help_text="Revisions of the live listing that day.")
