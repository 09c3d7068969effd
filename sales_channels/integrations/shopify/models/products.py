"""The variant ids Shopify gives a product: one row per local product sold as a Shopify variant.

A simple product is one variant of its listing; each variation of a configurable is one variant of
the configurable's listing. `productSet` replaces the variant list, so every update must send the
ids of the variants we already created, or Shopify deletes and recreates them (losing stock).
"""

from django.db import models

from sales_channels.models import RemoteObject, RemoteProduct
from sales_channels.models.mirrors import mirror_constraints
from sales_channels.models.products import local_ref


class ShopifyRemoteVariant(RemoteObject):
    """A Shopify variant (`remote_id`) and its inventory item, for a simple product or a variation."""

    local_instance = local_ref("products.Product")
    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="+")
    product_remote_id = models.CharField(max_length=255, help_text="The gid of the Shopify product.")
    inventory_item_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = mirror_constraints("shopify_variant", local=("local_instance",))
