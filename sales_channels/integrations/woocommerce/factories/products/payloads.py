"""Pure payload builders: ProductData in, wc/v3 product and variation bodies out, no I/O.

Prices are strings: the regular price is the RRP when it is above the price (then the price is the
`sale_price`), else the price. Stock is sent with `manage_stock: true` (WooCommerce ignores
`stock_quantity` otherwise). Images are the full ordered gallery as `src` items (the first is the
featured image); `with_media_ids` swaps in the ids of images the store already holds just before
the call, so the hashed payload stays the same once they are uploaded. Variation axes are global
attributes (`id` + term names); other property values travel as `meta_data`.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

CENT = Decimal("0.01")
META_PREFIX = "onesila_"


@dataclass(frozen=True)
class Axis:
    """A variation axis as a global attribute: its id, name and each variation's term name."""

    attribute_id: int
    name: str
    values: dict[int, str] = field(default_factory=dict)
    property_id: int = 0


def money(amount: Decimal | None) -> str:
    return "" if amount is None else str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def price_fields(price, *, window=None) -> dict[str, str]:
    """regular_price, sale_price and the sale's days from a ResolvedPrice (and its price list's window).

    A price list in force: the product's own price is the regular one, the list's the sale price,
    between the list's first and last day. Otherwise an RRP above the price makes an open-ended sale.
    Empty strings clear a sale or its dates left from an earlier push.
    """
    if price is None or price.price is None:
        return {}
    fields = {"regular_price": money(price.price), "sale_price": "", "date_on_sale_from": "", "date_on_sale_to": ""}
    if (
        price.source == "price_list"
        and window is not None
        and window.regular is not None
        and window.regular > price.price
    ):
        fields.update(regular_price=money(window.regular), sale_price=money(price.price))
        if window.start is not None:
            fields["date_on_sale_from"] = f"{window.start.isoformat()}T00:00:00"
        if window.end is not None:
            fields["date_on_sale_to"] = f"{window.end.isoformat()}T23:59:59"
    elif price.rrp is not None and price.rrp > price.price:
        fields.update(regular_price=money(price.rrp), sale_price=money(price.price))
    return fields


def public_url(url: str) -> str:
    """An absolute URL the store can download (stored files are served under ONESILA_PUBLIC_URL)."""
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "ONESILA_PUBLIC_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def image_item(link) -> dict[str, str]:
    return {"src": public_url(link.media.url), "name": link.media.title or "", "alt": link.media.title or ""}


def stock_fields(*, quantity: int | None, allow_backorder: bool) -> dict[str, Any]:
    return {
        "manage_stock": True,
        "stock_quantity": int(quantity or 0),
        "backorders": "notify" if allow_backorder else "no",
    }


def first_price(data) -> tuple[int | None, Any]:
    """(currency id, ResolvedPrice) of the channel's first currency with a price, or (None, None)."""
    prices = [(currency_id, price) for currency_id, price in sorted(data.prices.items()) if price is not None]
    return prices[0] if prices else (None, None)


def product_payload(
    *,
    data,
    translation,
    axes: list[Axis],
    meta: list[dict[str, str]],
    gtin: str | None,
    attributes: list[dict[str, Any]] | None = None,
    window=None,
) -> dict[str, Any]:
    """The body of a simple or variable product (without `id`): axes first, then other global attributes."""
    variable = bool(data.product.is_configurable)
    payload: dict[str, Any] = {
        "name": (translation.name if translation else "") or data.sku,
        "type": "variable" if variable else "simple",
        "status": "publish" if data.product.active else "draft",
        "sku": data.sku,
        "description": (translation.description if translation else "") or "",
        "short_description": (translation.short_description if translation else "") or "",
        "images": [image_item(link) for link in data.images],
        "meta_data": meta,
    }
    if gtin is not None:
        payload["global_unique_id"] = gtin
    axis_entries = [
        {
            "id": axis.attribute_id,
            "name": axis.name,
            "visible": True,
            "variation": True,
            "options": list(dict.fromkeys(axis.values.values())),
        }
        for axis in (axes if variable else [])
    ]
    if axis_entries or attributes:
        payload["attributes"] = axis_entries + list(attributes or [])
    if not variable:
        payload.update(price_fields(first_price(data)[1], window=window))
        payload.update(stock_fields(quantity=data.stock, allow_backorder=data.product.allow_backorder))
    return payload


def variation_payload(*, data, axes: list[Axis], gtin: str | None, window=None) -> dict[str, Any]:
    """The body of one variation (without `id`): its own SKU, price, stock, image and axis values."""
    payload: dict[str, Any] = {
        "sku": data.sku,
        "status": "publish" if data.product.active else "private",
        "attributes": [{"id": axis.attribute_id, "option": axis.values[data.id]} for axis in axes],
        **price_fields(first_price(data)[1], window=window),
        **stock_fields(quantity=data.stock, allow_backorder=data.product.allow_backorder),
    }
    if data.images:
        payload["image"] = image_item(data.images[0])
    if gtin is not None:
        payload["global_unique_id"] = gtin
    return payload


def with_media_ids(payload: dict[str, Any], *, media_ids: list[str | None]) -> dict[str, Any]:
    """The payload to send: images the store already holds by id (position by position), new ones by src."""
    sent = dict(payload)
    if "images" in payload:
        sent["images"] = [
            {"id": int(media_id)} if media_id else image
            for image, media_id in zip(payload["images"], media_ids + [None] * len(payload["images"]), strict=False)
        ]
    if payload.get("image") and media_ids and media_ids[0]:
        sent["image"] = {"id": int(media_ids[0])}
    return sent


def property_text(value, *, language: str) -> str | None:
    """A product property value as meta_data text (select labels, comma-joined multi-selects)."""
    raw = value.get_value(language=language)
    if raw is None:
        return None
    if isinstance(raw, list):
        return ", ".join(option.value(language=language) for option in raw) or None
    if hasattr(raw, "value") and callable(raw.value):
        return raw.value(language=language)
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    return str(raw)


def meta_entries(*, values, language: str, skip: set[int]) -> list[dict[str, str]]:
    """meta_data for every property value not used as a variation axis, keyed by the property's internal name."""
    entries = []
    for value in sorted(values, key=lambda v: v.property.internal_name):
        if value.property_id in skip:
            continue
        text = property_text(value, language=language)
        if text is not None:
            entries.append({"key": META_PREFIX + value.property.internal_name, "value": text})
    return entries
