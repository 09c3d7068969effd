"""A parsed Shopify product -> the framework's neutral `ImportedProduct` (the catalog writer does the rest).

A product whose only variant is Shopify's "Default Title" is a simple product with that variant's
SKU; otherwise a configurable whose SKU is its handle (or `shopify-<id>`), with one variation per
variant and the options as axes. Prices are in the shop currency; compareAtPrice is the RRP.
Mapped metafields (`ShopifyRemoteProperty`) become values of their local property. The variant
gids travel in `extra` for `bind_variants`.
"""

from sales_channels.imports.values import (
    CONFIGURABLE,
    SIMPLE,
    ImportedContent,
    ImportedImage,
    ImportedPrice,
    ImportedProduct,
    ImportedPropertyValue,
    ImportedStock,
    ImportedVariation,
)
from sales_channels.integrations.shopify.factories.imports.parsers import ImportedVariant, ShopifyImportedProduct


def listing_sku(*, parsed: ShopifyImportedProduct) -> str:
    """The local SKU of the listing: the variant's for a simple product, else the handle or the gid number."""
    if parsed.is_simple:
        return parsed.variants[0].sku
    return parsed.handle or f"shopify-{parsed.remote_id.rsplit('/', 1)[-1]}"


def _prices(variant: ImportedVariant, *, currency: str) -> tuple[ImportedPrice, ...]:
    if variant.price is None and variant.compare_at_price is None:
        return ()
    return (ImportedPrice(price=variant.price, rrp=variant.compare_at_price, currency=currency),)


def _stock(variant: ImportedVariant, *, with_stock: bool) -> tuple[ImportedStock, ...] | None:
    if not with_stock or not variant.stock:
        return None
    return tuple(ImportedStock(location=level.location, quantity=level.quantity) for level in variant.stock)


def _variant_extra(variant: ImportedVariant) -> dict:
    return {"variant_id": variant.remote_id, "inventory_item_id": variant.inventory_item_id}


def to_imported(
    *,
    parsed: ShopifyImportedProduct,
    currency: str,
    metafield_properties: dict[tuple[str, str], int],
    with_stock: bool = True,
    raw=None,
) -> ImportedProduct:
    """The neutral value of a parsed Shopify product (`metafield_properties`: (namespace, key) -> property id)."""
    properties = tuple(
        ImportedPropertyValue(
            value=metafield.value, property_id=metafield_properties[(metafield.namespace, metafield.key)]
        )
        for metafield in parsed.metafields
        if (metafield.namespace, metafield.key) in metafield_properties
    )
    common = {
        "remote_id": parsed.remote_id,
        "sku": listing_sku(parsed=parsed),
        "active": parsed.active,
        "contents": (ImportedContent(name=parsed.name, description=parsed.description_html, url_key=parsed.handle),),
        "images": tuple(ImportedImage(url=i.url, alt=i.alt, remote_id=i.remote_id) for i in parsed.images),
        "properties": properties,
        "product_type": parsed.product_type,
        "raw": raw,
    }
    if parsed.is_simple:
        variant = parsed.variants[0]
        return ImportedProduct(
            type=SIMPLE,
            prices=_prices(variant, currency=currency),
            stock=_stock(variant, with_stock=with_stock),
            barcode=variant.barcode,
            extra={"variants": {variant.sku: _variant_extra(variant)}},
            **common,
        )
    variations = tuple(
        ImportedVariation(
            sku=variant.sku,
            remote_id=variant.remote_id,
            title=variant.title,
            axes=variant.options,
            prices=_prices(variant, currency=currency),
            stock=_stock(variant, with_stock=with_stock),
            barcode=variant.barcode,
        )
        for variant in parsed.variants
    )
    return ImportedProduct(
        type=CONFIGURABLE,
        axes=tuple(option.name for option in parsed.options),
        variations=variations,
        extra={"variants": {variant.sku: _variant_extra(variant) for variant in parsed.variants}},
        **common,
    )
