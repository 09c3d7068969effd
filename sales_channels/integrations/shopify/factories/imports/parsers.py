"""Parsing a Shopify product node (ProductsPage's ImportedProduct fragment) into typed values, at the edge.

Pure functions: a malformed node raises InvalidVendorPayload (the import keeps it, with its raw
record, as an ImportItemError) instead of failing three calls deep. SKUs live on each variant's
`inventoryItem.sku`; a product whose only variant is Shopify's "Default Title" is a simple product.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload

DEFAULT_TITLE = "Default Title"
DEFAULT_OPTION = "Title"


@dataclass(frozen=True)
class ImportedOption:
    """A product option (variation axis) and its value names in order."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ImportedStock:
    """Available quantity of a variant at one Shopify location."""

    location: str
    quantity: int


@dataclass(frozen=True)
class ImportedVariant:
    """One Shopify variant: its ids, SKU, option values, prices and stock."""

    remote_id: str
    sku: str
    title: str
    inventory_item_id: str = ""
    barcode: str = ""
    price: Decimal | None = None
    compare_at_price: Decimal | None = None
    options: tuple[tuple[str, str], ...] = ()
    stock: tuple[ImportedStock, ...] = ()


@dataclass(frozen=True)
class ImportedMetafield:
    """A product metafield value."""

    namespace: str
    key: str
    type: str
    value: str


@dataclass(frozen=True)
class ImportedImage:
    """A product image: media gid, source URL and alt text."""

    remote_id: str
    url: str
    alt: str = ""


@dataclass(frozen=True)
class ShopifyImportedProduct:
    """A Shopify product as read from its node (`mapping.to_imported` makes it the framework's neutral value)."""

    remote_id: str
    sku: str
    name: str = ""
    active: bool = True
    handle: str = ""
    description_html: str = ""
    product_type: str = ""
    options: tuple[ImportedOption, ...] = ()
    variants: tuple[ImportedVariant, ...] = ()
    metafields: tuple[ImportedMetafield, ...] = ()
    images: tuple[ImportedImage, ...] = field(default_factory=tuple)

    @property
    def is_simple(self) -> bool:
        """One variant and no real option: Shopify's standalone "Default Title" variant."""
        return len(self.variants) == 1 and not self.options


def _money(value: Any, *, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise InvalidVendorPayload(f"{what} is not a decimal: {value!r}") from error


def _nodes(container: Any, *, what: str) -> list:
    if container is None:
        return []
    nodes = container.get("nodes") if isinstance(container, dict) else None
    if not isinstance(nodes, list):
        raise InvalidVendorPayload(f"{what}: expected a connection with nodes")
    return nodes


def _stock(item: dict) -> tuple[ImportedStock, ...]:
    levels = []
    for level in _nodes(item.get("inventoryLevels"), what="inventoryLevels"):
        quantities = {q.get("name"): q.get("quantity") for q in level.get("quantities") or []}
        name = (level.get("location") or {}).get("name")
        if name and isinstance(quantities.get("available"), int):
            levels.append(ImportedStock(location=name, quantity=max(0, quantities["available"])))
    return tuple(levels)


def parse_variant(node: Any) -> ImportedVariant:
    """A typed variant; InvalidVendorPayload without an id or a SKU (the import links by SKU)."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        raise InvalidVendorPayload(f"variant without an id: {str(node)[:200]}")
    item = node.get("inventoryItem") or {}
    sku = (item.get("sku") or "").strip()
    if not sku:
        raise InvalidVendorPayload(f"variant {node['id']} has no SKU (inventoryItem.sku): it cannot be linked")
    options = tuple(
        (str(option.get("name") or ""), str(option.get("value") or "")) for option in node.get("selectedOptions") or []
    )
    return ImportedVariant(
        remote_id=node["id"],
        sku=sku,
        title=str(node.get("title") or ""),
        inventory_item_id=str(item.get("id") or ""),
        barcode=str(node.get("barcode") or ""),
        price=_money(node.get("price"), what=f"price of {sku}"),
        compare_at_price=_money(node.get("compareAtPrice"), what=f"compareAtPrice of {sku}"),
        options=tuple(pair for pair in options if pair[0] != DEFAULT_OPTION),
        stock=_stock(item),
    )


def _options(node: dict) -> tuple[ImportedOption, ...]:
    options = []
    for option in sorted(node.get("options") or [], key=lambda o: o.get("position") or 0):
        name = str(option.get("name") or "").strip()
        values = tuple(str(v.get("name")) for v in option.get("optionValues") or [] if v.get("name"))
        if not name:
            raise InvalidVendorPayload("product option without a name")
        if name == DEFAULT_OPTION and values in ((DEFAULT_TITLE,), ()):
            continue
        options.append(ImportedOption(name=name, values=values))
    return tuple(options)


def _images(node: dict) -> tuple[ImportedImage, ...]:
    images = []
    for media in _nodes(node.get("media"), what="media"):
        url = ((media or {}).get("image") or {}).get("url")
        if media.get("mediaContentType", "IMAGE") == "IMAGE" and url:
            alt = media.get("alt") or (media.get("image") or {}).get("altText") or ""
            images.append(ImportedImage(remote_id=str(media.get("id") or ""), url=url, alt=alt))
    return tuple(images)


def _metafields(node: dict) -> tuple[ImportedMetafield, ...]:
    return tuple(
        ImportedMetafield(
            namespace=str(m.get("namespace") or ""),
            key=str(m.get("key") or ""),
            type=str(m.get("type") or ""),
            value=str(m.get("value") if m.get("value") is not None else ""),
        )
        for m in _nodes(node.get("metafields"), what="metafields")
        if isinstance(m, dict)
    )


def parse_product_node(node: Any) -> ShopifyImportedProduct:
    """A typed product from a products/product node; InvalidVendorPayload on a bad shape."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        raise InvalidVendorPayload(f"product without an id: {str(node)[:200]}")
    try:
        variants = tuple(parse_variant(v) for v in _nodes(node.get("variants"), what="variants"))
        options = _options(node)
        images, metafields = _images(node), _metafields(node)
    except (AttributeError, TypeError) as error:
        raise InvalidVendorPayload(f"product {node['id']}: unexpected shape ({error})") from error
    if not variants:
        raise InvalidVendorPayload(f"product {node['id']} has no variants")
    title = node.get("title")
    if title is not None and not isinstance(title, str):
        raise InvalidVendorPayload(
            f"product {node['id']}: title must be text, got {type(title).__name__} {str(title)[:120]}"
        )
    title = (title or "").strip()
    if not title:
        raise InvalidVendorPayload(f"product {node['id']} has no title")
    return ShopifyImportedProduct(
        remote_id=node["id"],
        sku=variants[0].sku if len(variants) == 1 and not options else "",
        name=title,
        active=node.get("status", "ACTIVE") == "ACTIVE",
        handle=str(node.get("handle") or ""),
        description_html=str(node.get("descriptionHtml") or ""),
        product_type=str(node.get("productType") or "").strip(),
        options=options,
        variants=variants,
        metafields=metafields,
        images=images,
    )
