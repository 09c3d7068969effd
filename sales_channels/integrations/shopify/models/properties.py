"""Shopify's side of a property: a product metafield (namespace, key, type) or a product option."""

from django.db import models

from sales_channels.models import RemoteProperty


class ShopifyRemoteProperty(RemoteProperty):
    """A local property mapped to a product metafield; `remote_id` is the definition gid or `namespace.key`.

    Rows pulled from the shop's metafield definitions start without a local property; auto-mapping
    links them by name or internal name, and properties left over get a metafield of our own namespace.
    """

    namespace = models.CharField(max_length=255)
    key = models.CharField(max_length=64)
    metafield_type = models.CharField(max_length=64, help_text="e.g. single_line_text_field")
    definition_id = models.CharField(max_length=255, blank=True, help_text="The metafield definition gid, if any.")

    class Meta:
        verbose_name = "Shopify metafield mapping"

    @property
    def identifier(self) -> str:
        return f"{self.namespace}.{self.key}"
