"""Parsing Shopify's product answers at the edge, and binding the variant and media ids they carry.

The listing step binds them inside the framework's create lock (`MirrorStep.bind_answer`, which
receives the `ProductSetAnswer` its create or update returned), so a
worker that waited on that lock finds every variant bound and reloads them (`reload_bound_parts`)
instead of failing for a variant it had not seen. New rows are written with `bind_or_get`: two
workers binding the same variant or image end with one row, not an IntegrityError.
"""

from dataclasses import dataclass, field
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import bind_or_get
from sales_channels.integrations.shopify.factories.products.context import known_variants, load_variants
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import RemoteImageProductAssociation, RemoteProduct


@dataclass(frozen=True)
class RemoteVariant:
    """A variant as Shopify answered it."""

    id: str
    sku: str
    inventory_item_id: str = ""  # "" when the answer did not carry it (productSet asks for id and SKU only)


@dataclass(frozen=True)
class RemoteShopifyProduct:
    """The parts of a Shopify product the push binds: its id, variants by SKU and media in order."""

    id: str
    variants: dict[str, RemoteVariant] = field(default_factory=dict)
    media: list[tuple[str, str]] = field(default_factory=list)  # (media gid, image url)


def parse_product(node: Any, *, operation: str) -> RemoteShopifyProduct:
    """A typed product from a productSet / products / product answer; InvalidVendorPayload on a bad shape."""
    try:
        variants = {}
        for variant in (node.get("variants") or {}).get("nodes") or []:
            item = variant.get("inventoryItem") or {}
            sku = variant.get("sku") or item.get("sku") or ""
            variants[sku] = RemoteVariant(id=variant["id"], sku=sku, inventory_item_id=item.get("id") or "")
        media = [
            (entry["id"], ((entry.get("image") or {}).get("url")) or "")
            for entry in (node.get("media") or {}).get("nodes") or []
        ]
        return RemoteShopifyProduct(id=node["id"], variants=variants, media=media)
    except (KeyError, TypeError, AttributeError) as error:
        raise InvalidVendorPayload(
            f"{operation}: unexpected product shape ({error})", raw_excerpt=str(node)[:500]
        ) from error


@dataclass(frozen=True)
class ProductSetAnswer:
    """What one productSet answered and what it was sent: the step's `bind_answer` binds from it."""

    product: RemoteShopifyProduct
    media_nodes: list[dict[str, Any]]
    sent_files: list[dict[str, Any]] | None


def product_set_answer(*, product: Any, sent: dict[str, Any]) -> ProductSetAnswer:
    """The typed answer of a productSet (live or a bulk result line) for the input it was `sent`.

    The media in the order of the files sent: the media connection's nodes, or the featured media
    asked for instead when the product has one file only.
    """
    featured = product.get("featuredMedia")
    return ProductSetAnswer(
        product=parse_product(product, operation="productSet"),
        media_nodes=(product.get("media") or {}).get("nodes") or ([featured] if isinstance(featured, dict) else []),
        sent_files=sent.get("files"),
    )


def bind_variants(
    *, context: StepContext, mirror: RemoteProduct, product: RemoteShopifyProduct, skus: dict[str, int]
) -> None:
    """Store each variant's id (and inventory item, when answered) by local product (`skus`: SKU -> local id).

    Drops gone ones. An answer without the inventory item keeps the one already stored for the same
    variant; a new variant without it gets it read when its stock is first set on its own.
    """
    known = known_variants(context)
    for sku, product_id in skus.items():
        variant = product.variants.get(sku)
        if variant is None:
            continue
        row = known.get(product_id)
        if row is None:
            row = ShopifyRemoteVariant.objects.filter(
                sales_channel=context.channel, local_instance_id=product_id
            ).first()
        kept = row.inventory_item_id if row is not None and row.remote_id == variant.id else ""
        values = {
            "remote_id": variant.id,
            "inventory_item_id": variant.inventory_item_id or kept,
            "product_remote_id": product.id,
            "remote_product": mirror,
            "status": "synced",
        }
        if row is None:
            new = ShopifyRemoteVariant(
                multi_tenant_company_id=context.company_id,
                sales_channel=context.channel,
                local_instance_id=product_id,
                **values,
            )
            row, _ours = bind_or_get(new, unique={"sales_channel": context.channel, "local_instance_id": product_id})
            if not values["inventory_item_id"] and row.remote_id == variant.id:  # bound meanwhile by another worker
                values["inventory_item_id"] = row.inventory_item_id
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
        known[product_id] = row
    gone = ShopifyRemoteVariant.objects.filter(remote_product=mirror).exclude(local_instance_id__in=list(skus.values()))
    for row in gone:
        known.pop(row.local_instance_id, None)
        row.delete()


def reload_bound_parts(*, context: StepContext, mirror: RemoteProduct, product_ids: list[int]) -> None:
    """Another worker bound this listing meanwhile: read its variant and media rows again instead of the batch's."""
    load_variants(context, product_ids)
    context.cache.pop(("shopify_media", mirror.pk), None)


def media_rows(context: StepContext, mirror: RemoteProduct | None) -> dict[int, RemoteImageProductAssociation]:
    """The listing's pushed images by local product-image link id (one query per listing and run)."""
    if mirror is None or mirror.pk is None:
        return {}
    return context.cached(
        ("shopify_media", mirror.pk),
        lambda: {
            row.local_instance_id: row for row in RemoteImageProductAssociation.objects.filter(remote_product=mirror)
        },
    )


def bind_media(*, context: StepContext, mirror: RemoteProduct, product: RemoteShopifyProduct, links: list) -> None:
    """Pair the answer's media (in the order sent) with the local image links; forget removed images."""
    rows = media_rows(context, mirror)
    for link, (media_id, _url) in zip(links, product.media, strict=False):
        row = rows.get(link.pk)
        if row is not None and row.remote_id == media_id:
            continue
        if row is None:
            new = RemoteImageProductAssociation(
                multi_tenant_company_id=context.company_id,
                sales_channel=context.channel,
                remote_product=mirror,
                local_instance_id=link.pk,
                remote_id=media_id,
                status="synced",
            )
            row, _ours = bind_or_get(new, unique={"remote_product": mirror, "local_instance_id": link.pk})
        if (row.remote_id, row.status) != (media_id, "synced"):
            row.remote_id, row.status = media_id, "synced"
            row.save()
        rows[link.pk] = row
    wanted = {link.pk for link in links}
    for link_id in [pk for pk in rows if pk not in wanted]:
        rows.pop(link_id).delete()
