"""Argument types of the product, variation, attribute and term routes, checked like WordPress does.

WordPress validates each known argument against its declared type and enum and ignores unknown
ones; a mismatch answers 400 `rest_invalid_param` (inside a batch: that item's error). Types follow
the route index (`wc/v3`); `object` accepts a JSON object or list, like PHP arrays.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .replies import invalid_param

PRODUCT_TYPES = ("simple", "grouped", "external", "variable")
POST_STATUSES = ("draft", "pending", "private", "publish")
STOCK_STATUSES = ("instock", "outofstock", "onbackorder")
BACKORDERS = ("no", "notify", "yes")
TAX_STATUSES = ("taxable", "shipping", "none")
VISIBILITIES = ("visible", "catalog", "search", "hidden")

COMMON = {
    "description": ("string", None),
    "sku": ("string", None),
    "global_unique_id": ("string", None),
    "regular_price": ("string", None),
    "sale_price": ("string", None),
    "date_on_sale_from": ("date-time", None),
    "date_on_sale_from_gmt": ("date-time", None),
    "date_on_sale_to": ("date-time", None),
    "date_on_sale_to_gmt": ("date-time", None),
    "tax_status": ("string", TAX_STATUSES),
    "tax_class": ("string", None),
    "manage_stock": ("boolean", None),
    "stock_quantity": ("integer", None),
    "stock_status": ("string", STOCK_STATUSES),
    "backorders": ("string", BACKORDERS),
    "weight": ("string", None),
    "dimensions": ("object", None),
    "attributes": ("array", None),
    "meta_data": ("array", None),
    "menu_order": ("integer", None),
}
PRODUCT_FIELDS = {
    **COMMON,
    "name": ("string", None),
    "slug": ("string", None),
    "type": ("string", PRODUCT_TYPES),
    "status": ("string", POST_STATUSES),
    "featured": ("boolean", None),
    "catalog_visibility": ("string", VISIBILITIES),
    "short_description": ("string", None),
    "categories": ("array", None),
    "tags": ("array", None),
    "images": ("object", None),
    "default_attributes": ("array", None),
}
VARIATION_FIELDS = {**COMMON, "status": ("string", POST_STATUSES), "image": ("object", None)}
ATTRIBUTE_FIELDS = {
    "name": ("string", None),
    "slug": ("string", None),
    "type": ("string", ("select",)),
    "order_by": ("string", ("menu_order", "name", "name_num", "id")),
    "has_archives": ("boolean", None),
}
TERM_FIELDS = {"name": ("string", None), "slug": ("string", None), "description": ("string", None)}


def _date_ok(value: Any) -> bool:
    if value is None or value == "":
        return True
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


TYPE_CHECKS = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict | list),
    "date-time": _date_ok,
}


def type_ok(kind: str, value: Any) -> bool:
    """Whether a JSON value passes WordPress's check for a declared type (null passes date-time only)."""
    check_type = TYPE_CHECKS.get(kind)
    return True if check_type is None else check_type(value)


def check(fields: dict[str, tuple[str, tuple | None]], payload: Any) -> dict[str, Any]:
    """The payload when every known argument has its declared type and enum; raises the WordPress error."""
    if not isinstance(payload, dict):
        raise invalid_param("body", "The request body must be a JSON object.")
    for name, value in payload.items():
        if name not in fields:
            continue  # WordPress ignores arguments a route does not declare
        kind, enum = fields[name]
        if not type_ok(kind, value):
            raise invalid_param(name, f"{name} is not of type {kind}.")
        if enum is not None and value not in enum:
            raise invalid_param(name, f"{name} is not one of {', '.join(enum)}.")
    return payload
