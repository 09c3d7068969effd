"""Mirror binding of the catalog writer: variation mirrors under their listing and image associations, in bulk.

Binding at import time makes the first push an update of the same remote objects (the vendor's
variant and image ids), not new ones.
"""

from datetime import datetime

from media.models import MediaProductThrough
from products.models import Product
from sales_channels.imports.values import ImportedVariation
from sales_channels.models import MirrorStatus, RemoteImageProductAssociation, RemoteProduct

MIRROR_FIELDS = ["remote_id", "remote_sku", "parent", "status", "last_synced_at", "updated_at"]


def bind_variation_mirrors(
    *, channel, view, pairs: list[tuple[RemoteProduct, ImportedVariation, Product]], now: datetime
) -> None:
    """Each variation's RemoteProduct (parent = its listing mirror) holding the vendor's variant id."""
    if not pairs:
        return
    local_ids = [local.pk for _, _, local in pairs]
    remote_ids = [variation.remote_id for _, variation, _ in pairs if variation.remote_id]
    # A variant id still held by another local product's mirror (the SKU moved at the vendor) moves here;
    # the old mirror is marked outdated, so its product is pushed again instead of being lost.
    RemoteProduct.objects.filter(sales_channel=channel, view=view, remote_id__in=remote_ids).exclude(
        local_instance_id__in=local_ids
    ).update(remote_id="", status=MirrorStatus.OUTDATED, updated_at=now)
    existing = {
        mirror.local_instance_id: mirror
        for mirror in RemoteProduct.objects.filter(sales_channel=channel, view=view, local_instance_id__in=local_ids)
    }
    new: list[RemoteProduct] = []
    updated: list[RemoteProduct] = []
    for parent, variation, local in pairs:
        mirror = existing.get(local.pk)
        if mirror is None:
            mirror = RemoteProduct(
                multi_tenant_company_id=channel.multi_tenant_company_id,
                sales_channel=channel,
                view=view,
                local_instance_id=local.pk,
            )
            existing[local.pk] = mirror
            new.append(mirror)
        elif (mirror.remote_id, mirror.parent_id, mirror.remote_sku) == (variation.remote_id, parent.pk, variation.sku):
            continue
        else:
            updated.append(mirror)
        mirror.remote_id, mirror.parent, mirror.remote_sku = variation.remote_id, parent, variation.sku
        mirror.status, mirror.last_synced_at, mirror.updated_at = MirrorStatus.SYNCED, now, now
    RemoteProduct.objects.bulk_create(new)
    if updated:
        RemoteProduct.objects.bulk_update(updated, MIRROR_FIELDS)


def bind_images(*, channel, images: list[tuple[RemoteProduct, str, MediaProductThrough | None]]) -> None:
    """Pair local image links with the vendor's image ids (mirror, remote id, link), so a push sends the id."""
    wanted = {remote_id: (mirror, link) for mirror, remote_id, link in images if remote_id and link is not None}
    if not wanted:
        return
    keep, stale = set(), []
    for row in RemoteImageProductAssociation.objects.filter(sales_channel=channel, remote_id__in=list(wanted)):
        mirror, link = wanted[row.remote_id]
        if (row.remote_product_id, row.local_instance_id) == (mirror.pk, link.pk):
            keep.add(row.remote_id)
        else:
            stale.append(row.pk)
    RemoteImageProductAssociation.objects.filter(pk__in=stale).delete()
    pairs = {(mirror.pk, link.pk): remote_id for remote_id, (mirror, link) in wanted.items() if remote_id not in keep}
    if not pairs:
        return
    held = {
        (row.remote_product_id, row.local_instance_id): row
        for row in RemoteImageProductAssociation.objects.filter(
            sales_channel=channel, remote_product_id__in={mirror_id for mirror_id, _ in pairs}
        )
    }
    new: list[RemoteImageProductAssociation] = []
    updated: list[RemoteImageProductAssociation] = []
    for (mirror_id, link_id), remote_id in pairs.items():
        held_row = held.get((mirror_id, link_id))
        if held_row is None:
            new.append(
                RemoteImageProductAssociation(
                    multi_tenant_company_id=channel.multi_tenant_company_id,
                    sales_channel=channel,
                    remote_product_id=mirror_id,
                    local_instance_id=link_id,
                    remote_id=remote_id,
                    status=MirrorStatus.SYNCED,
                )
            )
        else:
            held_row.remote_id, held_row.status = remote_id, MirrorStatus.SYNCED
            updated.append(held_row)
    RemoteImageProductAssociation.objects.bulk_create(new)
    if updated:
        RemoteImageProductAssociation.objects.bulk_update(updated, ["remote_id", "status"])
