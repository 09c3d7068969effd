"""Pure payload builders for Magento's catalog REST bodies (no database, no HTTP): whole dicts, tested as such."""

import base64
import mimetypes
from decimal import Decimal
from typing import Any

ENABLED, DISABLED = 1, 2
VISIBLE_EVERYWHERE, NOT_VISIBLE_INDIVIDUALLY = 4, 1
MAIN_IMAGE_TYPES = ["image", "small_image", "thumbnail"]


def money(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


def product_body(
    *,
    sku: str,
    name: str,
    type_id: str,
    attribute_set_id: int,
    price: Decimal | None,
    active: bool,
    visible: bool,
    website_ids: list[int],
    custom_attributes: list[dict[str, Any]],
) -> dict[str, Any]:
    """A `catalog-data-product-interface` body for a global (`/rest/all`) save."""
    body: dict[str, Any] = {
        "sku": sku,
        "name": name,
        "type_id": type_id,
        "attribute_set_id": attribute_set_id,
        "status": ENABLED if active else DISABLED,
        "visibility": VISIBLE_EVERYWHERE if visible else NOT_VISIBLE_INDIVIDUALLY,
        "extension_attributes": {"website_ids": sorted(website_ids)},
        "custom_attributes": sorted(custom_attributes, key=lambda item: item["attribute_code"]),
    }
    if type_id != "configurable" and price is not None:
        body["price"] = money(price)
    return body


def view_body(*, sku: str, name: str, description: str) -> dict[str, Any]:
    """A store view's own name and description, saved through `/rest/<store code>/V1/products`."""
    attributes = [{"attribute_code": "description", "value": description}] if description else []
    return {"sku": sku, "name": name, "custom_attributes": attributes}


def configurable_option(*, attribute_id: str, label: str, position: int, value_ids: list[str]) -> dict[str, Any]:
    """A `configurable-product-data-option-interface` body: the axis attribute and the option ids it uses."""
    return {
        "attribute_id": str(attribute_id),
        "label": label,
        "position": position,
        "values": [{"value_index": int(value)} for value in sorted(set(value_ids), key=int)],
    }


def image_descriptor(
    *, key: str, media_id: int, label: str, position: int, main: bool, file_name: str
) -> dict[str, Any]:
    """What the listing's payload (and hash) records of one image; its bytes are read when it is sent."""
    mime = mimetypes.guess_type(file_name)[0] or "image/jpeg"
    return {
        "key": key,
        "media": media_id,
        "label": label,
        "position": position,
        "types": list(MAIN_IMAGE_TYPES) if main else [],
        "name": file_name,
        "mime": mime,
    }


def media_entry(*, descriptor: dict[str, Any], data: bytes) -> dict[str, Any]:
    """A base64 media gallery entry (Magento takes image bytes, never a URL)."""
    return {
        "media_type": "image",
        "label": descriptor["label"],
        "position": descriptor["position"],
        "disabled": False,
        "types": descriptor["types"],
        "content": {
            "base64_encoded_data": base64.b64encode(data).decode(),
            "type": descriptor["mime"],
            "name": descriptor["name"],
        },
    }


def base_price(*, sku: str, price: Decimal) -> dict[str, Any]:
    """One `/V1/products/base-prices` item at the global (admin, 0) scope."""
    return {"sku": sku, "price": money(price), "store_id": 0}


def source_item(*, sku: str, source_code: str, quantity: int) -> dict[str, Any]:
    """One MSI `/V1/inventory/source-items` item; in stock while the quantity is positive."""
    return {
        "sku": sku,
        "source_code": source_code,
        "quantity": max(0, int(quantity)),
        "status": 1 if quantity > 0 else 0,
    }
