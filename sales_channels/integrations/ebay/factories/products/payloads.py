"""Pure builders of eBay payloads from `ProductData`: inventory items, offers, item groups, price/quantity.

An inventory item and an offer are full replacements on eBay, so every builder returns the whole
object every time. `split_hashes` separates what changed: the item without its quantity, the offer
without its price and quantity, and the price with the quantity (sent through
`bulk_update_price_quantity` when it is all that changed).
"""

import hashlib
import json
from decimal import Decimal
from typing import Any

from properties.models import Property

TITLE_MAX = 80
SKU_MAX = 50
SELECT_TYPES = {Property.Type.SELECT, Property.Type.MULTISELECT}


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def aspects(*, properties, names: dict[int, str], labels: dict[int, str], language: str) -> dict[str, list[str]]:
    """Item specifics from property values: {name: [values]} (select, multi-select and text)."""
    found: dict[str, list[str]] = {}
    for value in properties:
        prop = value.property
        if prop.is_product_type:
            continue
        name = names.get(prop.pk) or prop.internal_name
        if prop.type == Property.Type.SELECT and value.value_select_id:
            found[name] = [labels.get(value.value_select_id, str(value.value_select_id))]
        elif prop.type == Property.Type.MULTISELECT:
            chosen = [labels.get(option.pk, str(option.pk)) for option in value.value_multi_select.all()]
            if chosen:
                found[name] = chosen
        elif prop.type == Property.Type.TEXT:
            text = value.get_value(language=language)
            if text:
                found[name] = [str(text)[:65]]
    return found


def _content(data, language: str) -> tuple[str, str]:
    translation = data.translations.get(language) or next(iter(data.translations.values()), None)
    name = (translation.name if translation is not None else "") or data.sku
    description = (getattr(translation, "description", "") or "") if translation is not None else ""
    return name[:TITLE_MAX], description or f"<p>{name}</p>"


def image_urls(*, data, public_url) -> list[str]:
    """HTTPS image URLs (eBay fetches them); at most 24."""
    return [url for url in (public_url(link.media.url) for link in data.images) if url.startswith("https://")][:24]


def inventory_item(
    *,
    data,
    language: str,
    condition: str,
    item_aspects: dict[str, list[str]],
    images: list[str],
    quantity: int,
) -> dict[str, Any]:
    """The full inventory item (createOrReplace replaces everything: every field, every time)."""
    title, description = _content(data, language)
    product: dict[str, Any] = {"title": title, "description": description, "aspects": item_aspects, "imageUrls": images}
    if data.ean:
        product["ean"] = [data.ean]
    return {
        "sku": data.sku,
        "condition": condition,
        "product": product,
        "availability": {"shipToLocationAvailability": {"quantity": max(0, int(quantity))}},
    }


def offer(
    *, sku: str, view, price: Decimal | None, quantity: int, description: str, category_id: str = ""
) -> dict[str, Any]:
    """The full offer of a SKU in the view's marketplace (a PUT replaces it whole), in its category."""
    body: dict[str, Any] = {
        "sku": sku,
        "marketplaceId": view.remote_id,
        "format": "FIXED_PRICE",
        "listingDuration": "GTC",
        "categoryId": category_id or view.category_id,
        "merchantLocationKey": view.merchant_location_key,
        "availableQuantity": max(0, int(quantity)),
        "listingDescription": description,
        "listingPolicies": {
            "fulfillmentPolicyId": view.fulfillment_policy_id,
            "paymentPolicyId": view.payment_policy_id,
            "returnPolicyId": view.return_policy_id,
        },
    }
    if price is not None:
        body["pricingSummary"] = {"price": {"value": money(price), "currency": view.currency}}
    return body


def offer_update(offer_body: dict[str, Any]) -> dict[str, Any]:
    """The PUT body of an offer: everything but the keys eBay takes from the offer id."""
    return {key: value for key, value in offer_body.items() if key not in ("sku", "marketplaceId", "format")}


def group(
    *,
    key: str,
    data,
    language: str,
    variant_skus: list[str],
    axes: dict[str, list[str]],
    shared: dict,
    images: list[str],
) -> dict[str, Any]:
    """The inventory item group of a configurable: every variant SKU, every time (an omission removes it)."""
    title, description = _content(data, language)
    return {
        "inventoryItemGroupKey": key,
        "title": title,
        "description": description,
        "imageUrls": images,
        "aspects": shared,
        "variantSKUs": variant_skus,
        "variesBy": {
            "aspectsImageVariesBy": [],
            "specifications": [{"name": name, "values": values} for name, values in axes.items()],
        },
    }


def variation_axes(variation_aspects: list[dict[str, list[str]]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(axes, shared): aspects whose values differ between variations, and those all variations share."""
    names = {name for found in variation_aspects for name in found}
    axes: dict[str, list[str]] = {}
    shared: dict[str, list[str]] = {}
    for name in sorted(names):
        values = [tuple(found.get(name, [])) for found in variation_aspects]
        if len(set(values)) > 1:
            axes[name] = sorted({v for value in values for v in value})
        elif values and values[0]:
            shared[name] = list(values[0])
    return axes, shared


def price_quantity(*, offer_id: str, sku: str, offer_body: dict[str, Any]) -> dict[str, Any]:
    """One `bulk_update_price_quantity` request: the offer's price and quantity, and the SKU's quantity."""
    change: dict[str, Any] = {"offerId": offer_id, "availableQuantity": offer_body["availableQuantity"]}
    if "pricingSummary" in offer_body:
        change["price"] = offer_body["pricingSummary"]["price"]
    return {
        "sku": sku,
        "shipToLocationAvailability": {"quantity": offer_body["availableQuantity"]},
        "offers": [change],
    }


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def split_hashes(payload: dict[str, Any]) -> dict[str, str]:
    """Hashes of the item (without quantity), the offer (without price and quantity) and price + quantity."""
    item = {k: v for k, v in (payload.get("item") or {}).items() if k != "availability"}
    offer_body = {
        k: v for k, v in (payload.get("offer") or {}).items() if k not in ("pricingSummary", "availableQuantity")
    }
    pricing = {
        "price": (payload.get("offer") or {}).get("pricingSummary"),
        "quantity": (payload.get("offer") or {}).get("availableQuantity"),
    }
    return {"item": _digest(item), "offer": _digest(offer_body), "price_quantity": _digest(pricing)}
