"""The catalog import: `GET /products` 100 a page (by id, so pages stay put while the store changes),
each variable product's variations with it, every page written through the framework's catalog writer.

The cursor is the next page number; the framework saves it after every page, so an interrupted
import resumes at that page. Products are linked to local ones by SKU (the writer's rule); a
variable product becomes a configurable whose axes are its variation attributes; other attribute
options become select property values; prices (`regular_price` / `sale_price` strings), managed
stock and the gallery come along. A record with no SKU or a bad shape is kept with its raw payload.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import Page
from sales_channels.factories.products.imports import CatalogImportProcessor, ProductImportStep
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

STOCK_LOCATION = "store"
VARIATIONS_KEY = "_variations"


def decimal_or_none(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise InvalidVendorPayload(f"not a price: {text!r}") from None


def prices_of(record: dict, *, currency: str) -> tuple[ImportedPrice, ...]:
    regular, sale = decimal_or_none(record.get("regular_price")), decimal_or_none(record.get("sale_price"))
    if regular is None and sale is None:
        return ()
    if sale is not None and regular is not None and sale < regular:
        return (ImportedPrice(price=sale, currency=currency, rrp=regular),)
    return (ImportedPrice(price=regular if regular is not None else sale, currency=currency),)


def stock_of(record: dict) -> tuple[ImportedStock, ...] | None:
    if not record.get("manage_stock") or record.get("stock_quantity") is None:
        return None
    return (ImportedStock(location=STOCK_LOCATION, quantity=int(record["stock_quantity"])),)


def parse_product(record: Any, *, currency: str) -> ImportedProduct:
    """A wc/v3 product (with its variations under `_variations`) as the writer's neutral value."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), int):
        raise InvalidVendorPayload(f"a product needs an integer id, got {str(record)[:120]}")
    sku = record.get("sku")
    if not isinstance(sku, str) or not sku:
        raise InvalidVendorPayload(f"product {record['id']} has no SKU: give it one in WooCommerce to import it")
    attributes = [a for a in record.get("attributes") or [] if isinstance(a, dict)]
    axes = tuple(a["name"] for a in attributes if a.get("variation")) if record.get("type") == "variable" else ()
    properties = tuple(
        ImportedPropertyValue(name=a["name"], value=str(option))
        for a in attributes
        if a["name"] not in axes
        for option in (a.get("options") or [])[:1]
    )
    variations = tuple(parse_variation(v, currency=currency) for v in record.get(VARIATIONS_KEY) or [])
    return ImportedProduct(
        remote_id=str(record["id"]),
        sku=sku,
        type=CONFIGURABLE if axes else SIMPLE,
        active=record.get("status") == "publish",
        contents=(
            ImportedContent(
                name=record.get("name") or sku,
                description=record.get("description") or "",
                url_key=record.get("slug") or "",
            ),
        ),
        prices=() if axes else prices_of(record, currency=currency),
        stock=None if axes else stock_of(record),
        images=tuple(
            ImportedImage(url=image["src"], alt=image.get("alt") or "", remote_id=str(image.get("id") or ""))
            for image in record.get("images") or []
            if isinstance(image, dict) and image.get("src")
        ),
        properties=properties,
        axes=axes,
        variations=variations,
        barcode=str(record.get("global_unique_id") or ""),
        raw=record,
    )


def parse_variation(record: Any, *, currency: str) -> ImportedVariation:
    if not isinstance(record, dict) or not isinstance(record.get("id"), int):
        raise InvalidVendorPayload(f"a variation needs an integer id, got {str(record)[:120]}")
    if not record.get("sku"):
        raise InvalidVendorPayload(f"variation {record['id']} has no SKU: give it one in WooCommerce to import it")
    return ImportedVariation(
        sku=record["sku"],
        remote_id=str(record["id"]),
        axes=tuple((a.get("name") or "", str(a.get("option") or "")) for a in record.get("attributes") or []),
        prices=prices_of(record, currency=currency),
        stock=stock_of(record),
        barcode=str(record.get("global_unique_id") or ""),
    )


class WooCommerceProductImportStep(ProductImportStep):
    """One wc/v3 product -> ImportedProduct."""

    def parse(self) -> ImportedProduct:
        return parse_product(self.record, currency=getattr(self.channel.specific, "store_currency", "") or "")


class WooCommerceProductsImport(CatalogImportProcessor):
    """Pages of 100 products by id; variable products' variations fetched with their page."""

    kind = "products"
    item_step = WooCommerceProductImportStep

    def identifier(self, record: Any) -> str:
        return str(record.get("sku") or record.get("id")) if isinstance(record, dict) else str(record)[:80]

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        page = int((cursor or {}).get("page", 1))
        client = self.context.client
        items, total, pages = client.page("products", page=page, orderby="id", order="asc")
        for item in items:
            if isinstance(item, dict) and item.get("type") == "variable" and item.get("variations"):
                item[VARIATIONS_KEY] = client.all_pages(f"products/{item['id']}/variations")
        following = {"page": page + 1} if page < pages else None
        return Page(records=items, next_cursor=following, total=total)
