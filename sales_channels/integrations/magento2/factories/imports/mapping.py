"""A Magento product record (with its children, store-view content and stock) -> the framework's neutral value.

Pure: what it needs of the channel (languages, currency, attribute labels, media URL) comes in a
`StoreFacts`. Select values become (attribute label, option label) pairs, so the catalog writer
finds or creates the local property and option by name; a mapped attribute writes into its local
property. System attributes (name, price, ...) are not properties.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
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

SKIPPED_ATTRIBUTES = {"description", "short_description", "url_key", "meta_title", "meta_description", "meta_keyword"}


@dataclass(frozen=True)
class StoreFacts:
    """What mapping a record needs to know about the store and the channel's mappings."""

    language: str
    currency: str
    media_url: str
    view_languages: dict[str, str] = field(default_factory=dict)  # store code -> company language
    attributes: dict[str, tuple[str, str, int | None]] = field(default_factory=dict)  # code -> (label, input, local id)
    attribute_ids: dict[str, str] = field(default_factory=dict)  # attribute_id -> code
    options: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, option id) -> label


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidVendorPayload(f"price {value!r} is not a number") from None


def _custom(product: dict[str, Any]) -> dict[str, Any]:
    return {
        c.get("attribute_code"): c.get("value") for c in product.get("custom_attributes") or [] if isinstance(c, dict)
    }


def _properties(product: dict[str, Any], facts: StoreFacts, *, skip: set[str]) -> tuple[ImportedPropertyValue, ...]:
    found = []
    for code, value in sorted(_custom(product).items()):
        if code in SKIPPED_ATTRIBUTES or code in skip or code not in facts.attributes or value in (None, ""):
            continue
        label, frontend_input, local_id = facts.attributes[code]
        if frontend_input in ("select", "multiselect"):
            labels = [facts.options.get((code, str(part))) for part in str(value).split(",")]
            text = ", ".join(label for label in labels if label)
            if not text:
                continue
            value = text
        found.append(ImportedPropertyValue(value=str(value), name=label, property_id=local_id))
    return tuple(found)


def _stock(stock: dict[str, float], sku: str) -> tuple[ImportedStock, ...] | None:
    if sku not in stock:
        return None
    return (ImportedStock(location="Magento", quantity=int(stock[sku])),)


def _contents(
    product: dict[str, Any], views: dict[str, dict[str, str]], facts: StoreFacts
) -> tuple[ImportedContent, ...]:
    custom = _custom(product)
    contents = [
        ImportedContent(
            name=product.get("name") or "",
            language=facts.language,
            description=custom.get("description") or "",
            url_key=custom.get("url_key") or "",
        )
    ]
    for code, content in sorted(views.items()):
        language = facts.view_languages.get(code)
        if language and language != facts.language and content.get("name"):
            contents.append(
                ImportedContent(name=content["name"], language=language, description=content.get("description") or "")
            )
    return tuple(contents)


def to_imported(*, record: dict[str, Any], facts: StoreFacts) -> ImportedProduct:
    """The neutral value of a record `{"product", "children", "views", "stock"}`; InvalidVendorPayload if malformed."""
    product = record.get("product")
    if not isinstance(product, dict) or not product.get("sku"):
        raise InvalidVendorPayload("the product record has no SKU")
    sku = str(product["sku"])
    configurable = product.get("type_id") == "configurable"
    prices = () if configurable else (ImportedPrice(price=_money(product.get("price")), currency=facts.currency),)
    images = tuple(
        ImportedImage(
            url=f"{facts.media_url}/catalog/product{entry['file']}",
            alt=entry.get("label") or "",
            remote_id=str(entry.get("id", "")),
        )
        for entry in sorted(product.get("media_gallery_entries") or [], key=lambda e: e.get("position") or 0)
        if entry.get("file") and not entry.get("disabled")
    )
    axes_codes: list[str] = []
    variations: tuple[ImportedVariation, ...] = ()
    if configurable:
        options = (product.get("extension_attributes") or {}).get("configurable_product_options") or []
        axes_codes = [
            facts.attribute_ids.get(str(o.get("attribute_id")), "")
            for o in sorted(options, key=lambda o: o.get("position") or 0)
        ]
        if not all(axes_codes):
            raise InvalidVendorPayload(f"configurable {sku} uses an attribute the channel has not pulled")
        variations = tuple(
            _variation(child, axes_codes, record.get("stock") or {}, facts) for child in record.get("children") or []
        )
    return ImportedProduct(
        remote_id=sku,
        sku=sku,
        type=CONFIGURABLE if configurable else SIMPLE,
        active=int(product.get("status") or 1) == 1,
        contents=_contents(product, record.get("views", {}).get(sku, {}), facts),
        prices=prices,
        stock=None if configurable else _stock(record.get("stock") or {}, sku),
        images=images,
        properties=_properties(product, facts, skip=set(axes_codes)),
        axes=tuple(facts.attributes[code][0] for code in axes_codes),
        variations=variations,
        raw=record,
    )


def _variation(
    child: dict[str, Any], axes_codes: list[str], stock: dict[str, float], facts: StoreFacts
) -> ImportedVariation:
    custom = _custom(child)
    axes = []
    for code in axes_codes:
        label = facts.options.get((code, str(custom.get(code, ""))))
        if not label:
            raise InvalidVendorPayload(f"child {child.get('sku')} has no value of the axis '{code}'")
        axes.append((facts.attributes[code][0], label))
    return ImportedVariation(
        sku=str(child["sku"]),
        remote_id=str(child["sku"]),
        title=child.get("name") or "",
        axes=tuple(axes),
        prices=(ImportedPrice(price=_money(child.get("price")), currency=facts.currency),),
        stock=_stock(stock, str(child["sku"])),
    )
