"""Parent/child listings on import: which records are variation children, and a parent with its children as one product.

Amazon lists a configurable as a parent listing (`parentage_level` parent, `variation_theme`, no
offer) and one child listing per variation (`child_parent_sku_relationship`, and a VARIATION
relationship naming the parent's SKU). The import keeps the children out of the page (they come in
with their parent, fetched by `variationParentSku`) and writes the parent as a configurable whose
variations carry the theme's attributes as axes (`SIZE/COLOR` -> size, color).
"""

from typing import Any

FALLBACK_AXES = ("color", "size")


def first_value(attributes: dict[str, Any], name: str, key: str = "value") -> Any:
    """The first value object's `key` of an attribute (Amazon keeps every attribute as an array)."""
    values = attributes.get(name) or []
    return values[0].get(key) if values and isinstance(values[0], dict) else None


def parent_sku_of(record: dict[str, Any]) -> str:
    """The parent's SKU of a variation child ('' for a parent or a standalone listing)."""
    for marketplace in record.get("relationships") or []:
        for relationship in marketplace.get("relationships") or []:
            if relationship.get("type") == "VARIATION" and relationship.get("parentSkus"):
                return str(relationship["parentSkus"][0])
    found = first_value(record.get("attributes") or {}, "child_parent_sku_relationship", "parent_sku")
    return str(found or "")


def is_parent(record: dict[str, Any]) -> bool:
    """A parent listing (`parentage_level` parent): a configurable, not sellable itself."""
    return first_value(record.get("attributes") or {}, "parentage_level") == "parent"


def axis_codes(parent: dict[str, Any], children: list[dict[str, Any]]) -> tuple[str, ...]:
    """The variation theme's attribute codes (`SIZE/COLOR` -> size, color), else the usual ones the children carry."""
    theme = first_value(parent.get("attributes") or {}, "variation_theme", "name")
    if theme:
        return tuple(part.strip().lower() for part in str(theme).split("/") if part.strip())
    carried = {name for child in children for name in (child.get("attributes") or {})}
    return tuple(code for code in FALLBACK_AXES if code in carried)


def child_axes(child: dict[str, Any], codes: tuple[str, ...], names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(axis name, value) of one child for each theme attribute it carries."""
    attributes = child.get("attributes") or {}
    return tuple(
        (names.get(code, code), str(value))
        for code in codes
        if (value := first_value(attributes, code)) not in (None, "")
    )
