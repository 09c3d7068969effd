"""Binding imported Shopify variants: the variant rows the push reads, for a whole page at once.

The push sends the ids of the variants it knows (`ShopifyRemoteVariant`), because productSet
replaces the variant list. Binding them at import time (with the framework's variation mirrors,
bound by the catalog writer) makes the first push an update of the same variants, not new ones.
"""

from sales_channels.imports.plans import WrittenProduct
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import MirrorStatus

FIELDS = ["remote_id", "inventory_item_id", "product_remote_id", "remote_product", "status"]


def _wanted(result: WrittenProduct) -> dict[int, tuple]:
    """Local product id -> (listing mirror, variant ids) of one written listing (none when it was skipped)."""
    if result.product is None or result.mirror is None:
        return {}
    locals_by_sku = {result.product.sku: result.product} if not result.variations else {}
    locals_by_sku.update({variation.sku: local for variation, local in result.variations})
    found = {}
    for sku, ids in (result.value.extra.get("variants") or {}).items():
        local = locals_by_sku.get(sku)
        if local is not None and ids.get("variant_id"):
            found[local.pk] = (result.mirror, ids)
    return found


def bind_variants(*, channel, written: list[WrittenProduct]) -> None:
    """One ShopifyRemoteVariant per local simple product or variation of the written listings."""
    wanted = {}
    for result in written:
        wanted.update(_wanted(result))
    if not wanted:
        return
    remote_ids = [ids["variant_id"] for _, ids in wanted.values()]
    # A variant id bound to another local product (the SKU moved) is re-bound to this one.
    ShopifyRemoteVariant.objects.filter(sales_channel=channel, remote_id__in=remote_ids).exclude(
        local_instance_id__in=list(wanted)
    ).delete()
    rows = {
        row.local_instance_id: row
        for row in ShopifyRemoteVariant.objects.filter(sales_channel=channel, local_instance_id__in=list(wanted))
    }
    new, updated = [], []
    for local_id, (mirror, ids) in wanted.items():
        values = {
            "remote_id": ids["variant_id"],
            "inventory_item_id": ids.get("inventory_item_id") or "",
            "product_remote_id": mirror.remote_id,
            "remote_product": mirror,
            "status": MirrorStatus.SYNCED,
        }
        row = rows.get(local_id)
        if row is None:
            new.append(
                ShopifyRemoteVariant(
                    multi_tenant_company_id=channel.multi_tenant_company_id,
                    sales_channel=channel,
                    local_instance_id=local_id,
                    **values,
                )
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            updated.append(row)
    ShopifyRemoteVariant.objects.bulk_create(new)
    if updated:
        ShopifyRemoteVariant.objects.bulk_update(updated, FIELDS)
