"""Binding imported Shopify variants: the variant row the push reads and a variation's own mirror.

The push sends the ids of the variants it knows (`ShopifyRemoteVariant`), because productSet
replaces the variant list; a variation's `RemoteProduct` (with its parent) holds the variant gid.
Binding both at import time makes the first push an update of the same variants, not new ones.
"""

from django.utils import timezone

from sales_channels.factories.base import StepContext
from sales_channels.integrations.shopify.factories.imports.parsers import ImportedVariant
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import MirrorStatus, RemoteProduct


def bind_variant(*, context: StepContext, mirror: RemoteProduct, product, variant: ImportedVariant) -> None:
    """The variant row of a local product (a simple product or a variation) under the listing mirror."""
    values = {
        "remote_id": variant.remote_id,
        "inventory_item_id": variant.inventory_item_id,
        "product_remote_id": mirror.remote_id,
        "remote_product": mirror,
        "status": MirrorStatus.SYNCED,
    }
    # A variant id bound to another local product (the SKU moved) is re-bound to this one.
    ShopifyRemoteVariant.objects.filter(sales_channel=context.channel, remote_id=variant.remote_id).exclude(
        local_instance_id=product.pk
    ).delete()
    row = ShopifyRemoteVariant.objects.filter(sales_channel=context.channel, local_instance_id=product.pk).first()
    if row is None:
        ShopifyRemoteVariant.objects.create(
            multi_tenant_company_id=context.company_id,
            sales_channel=context.channel,
            local_instance_id=product.pk,
            **values,
        )
        return
    if any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def bind_variation_mirror(*, context: StepContext, parent: RemoteProduct, product, variant: ImportedVariant) -> None:
    """A variation's RemoteProduct (parent = the listing mirror) holding its variant gid."""
    mirror, _ = RemoteProduct.objects.get_or_create(
        sales_channel=context.channel,
        view=None,
        local_instance_id=product.pk,
        defaults={"multi_tenant_company_id": context.company_id, "parent": parent},
    )
    if (mirror.remote_id, mirror.parent_id, mirror.remote_sku) == (variant.remote_id, parent.pk, variant.sku):
        return
    mirror.remote_id, mirror.parent, mirror.remote_sku = variant.remote_id, parent, variant.sku
    mirror.status = MirrorStatus.SYNCED
    mirror.last_synced_at = timezone.now()
    mirror.save()
