"""The sandbox's product types: their definitions and JSON Schemas (2019-09 with Amazon's vocabulary).

Written for the sandbox after the documented shape of a product type definition: every attribute
is an array of objects keyed by its `selectors` (`marketplace_id`, `language_tag`), limited with
`maxUniqueItems` / `maxUtf8ByteLength`; the schema itself is a separate download whose checksum
(base64 MD5 of its bytes) the definition carries.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

META_SCHEMA_ID = "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1"
SCHEMA_DIALECT = "https://json-schema.org/draft/2019-09/schema"
VERSION = "U3Vwkr2x7cC4sLMzOYuGwVg0Tz8o5dFKc7g1b0yJ9Yk"


def _text(title: str, *, max_length: int = 200, localized: bool = True, max_items: int = 1) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "value": {"type": "string", "minLength": 1, "maxLength": max_length, "maxUtf8ByteLength": max_length * 2},
        "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
    }
    required = ["value"]
    selectors = ["marketplace_id"]
    if localized:
        properties["language_tag"] = {"$ref": "#/$defs/language_tag"}
        required.append("language_tag")
        selectors.append("language_tag")
    return {
        "title": title,
        "type": "array",
        "minItems": 1,
        "minUniqueItems": 1,
        "maxUniqueItems": max_items,
        "selectors": selectors,
        "items": {"type": "object", "required": required, "properties": properties, "additionalProperties": False},
    }


def _enum(title: str, values: list[str], names: list[str]) -> dict[str, Any]:
    attribute = _text(title, localized=False)
    attribute["items"]["properties"]["value"] = {"type": "string", "enum": values, "enumNames": names}
    return attribute


def _image(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "type": "array",
        "minItems": 1,
        "maxUniqueItems": 1,
        "selectors": ["marketplace_id"],
        "items": {
            "type": "object",
            "required": ["media_location"],
            "properties": {
                "media_location": {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2000},
                "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
            },
            "additionalProperties": False,
        },
    }


def _common() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "item_name": _text("Item Name", max_length=200),
        "brand": _text("Brand Name", max_length=100),
        "product_description": _text("Product Description", max_length=2000),
        "bullet_point": _text("Bullet Point", max_length=500, max_items=5),
        "merchant_suggested_asin": _text("Merchant Suggested ASIN", max_length=10, localized=False),
        "condition_type": _enum(
            "Condition", ["new_new", "used_like_new", "used_good"], ["New", "Used - Like New", "Used - Good"]
        ),
        "externally_assigned_product_identifier": {
            "title": "External Product ID",
            "type": "array",
            "maxUniqueItems": 1,
            "selectors": ["marketplace_id", "type"],
            "items": {
                "type": "object",
                "required": ["type", "value"],
                "properties": {
                    "type": {"type": "string", "enum": ["ean", "gtin", "upc", "isbn"]},
                    "value": {"type": "string", "pattern": "^[0-9]{8,14}$"},
                    "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
                },
                "additionalProperties": False,
            },
        },
        "purchasable_offer": {
            "title": "Purchasable Offer",
            "type": "array",
            "maxUniqueItems": 1,
            "selectors": ["marketplace_id", "currency", "audience"],
            "items": {
                "type": "object",
                "required": ["currency", "our_price"],
                "properties": {
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    "audience": {"type": "string", "enum": ["ALL", "B2B"]},
                    "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
                    "our_price": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["schedule"],
                            "properties": {
                                "schedule": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["value_with_tax"],
                                        "properties": {"value_with_tax": {"type": "number", "minimum": 0}},
                                        "additionalProperties": False,
                                    },
                                }
                            },
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
        "fulfillment_availability": {
            "title": "Fulfillment Availability",
            "type": "array",
            "maxUniqueItems": 1,
            "selectors": ["fulfillment_channel_code"],
            "items": {
                "type": "object",
                "required": ["fulfillment_channel_code"],
                "properties": {
                    "fulfillment_channel_code": {"type": "string"},
                    "quantity": {"type": "integer", "minimum": 0},
                    "lead_time_to_ship_max_days": {"type": "integer", "minimum": 0},
                },
                "additionalProperties": False,
            },
        },
        "main_product_image_locator": _image("Main Image Location"),
        "parentage_level": _enum("Parentage Level", ["parent", "child"], ["Parent", "Child"]),
        "child_parent_sku_relationship": {
            "title": "Child Parent SKU Relationship",
            "type": "array",
            "maxUniqueItems": 1,
            "selectors": ["marketplace_id"],
            "items": {
                "type": "object",
                "required": ["child_relationship_type", "parent_sku"],
                "properties": {
                    "child_relationship_type": {"type": "string", "enum": ["variation"]},
                    "parent_sku": {"type": "string", "maxLength": 40},
                    "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
                },
                "additionalProperties": False,
            },
        },
    }
    for number in range(1, 9):
        properties[f"other_product_image_locator_{number}"] = _image(f"Other Image Location {number}")
    return properties


def _definition_schema(
    product_type: str, *, extra: dict[str, Any], required: list[str], themes: list[str], variation_required: list[str]
) -> dict:
    properties = {**_common(), **extra}
    properties["variation_theme"] = {
        "title": "Variation Theme",
        "type": "array",
        "maxUniqueItems": 1,
        "selectors": ["marketplace_id"],
        "items": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "enum": themes},
                "marketplace_id": {"$ref": "#/$defs/marketplace_id"},
            },
            "additionalProperties": False,
        },
    }
    return {
        "$schema": META_SCHEMA_ID,
        "$id": f"https://schemas.amazon.com/selling-partners/definitions/product-types/schema/v1/{product_type}",
        "$comment": f"Amazon product type definition for {product_type} product type (sandbox)",
        "$defs": {
            "marketplace_id": {"type": "string", "editable": False, "hidden": True},
            "language_tag": {"type": "string", "pattern": "^[a-z]{2}_[A-Z]{2}$"},
        },
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
        # Variation attributes are required of everything but a parent (Amazon's conditional requirements).
        "allOf": [
            {
                "if": {
                    "required": ["parentage_level"],
                    "properties": {"parentage_level": {"contains": {"properties": {"value": {"const": "parent"}}}}},
                },
                "else": {"required": variation_required},
            }
        ],
    }


SCHEMAS: dict[str, dict[str, Any]] = {
    "SHIRT": _definition_schema(
        "SHIRT",
        extra={
            "color": _text("Color", max_length=50),
            "size": _text("Size", max_length=20),
            "material": _text("Fabric Type", max_length=100, max_items=3),
        },
        required=["item_name", "brand", "condition_type"],
        themes=["COLOR", "SIZE", "SIZE/COLOR"],
        variation_required=["color"],
    ),
    "HAT": _definition_schema(
        "HAT",
        extra={"color": _text("Color", max_length=50), "size": _text("Size", max_length=20)},
        required=["item_name", "brand", "condition_type"],
        themes=["COLOR", "SIZE"],
        variation_required=[],
    ),
}
# (name, extra attributes, whether colour is required of non-parent listings); PRODUCT is Amazon's generic type.
for _name, _extra, _color_required in (
    ("SWEATSHIRT", ("color", "size", "material"), True),
    ("COAT", ("color", "size", "material"), True),
    ("SHOES", ("color", "footwear_size", "material"), True),
    ("BACKPACK", ("color", "material"), True),
    ("DRINKING_CUP", ("color", "material"), True),
    ("LAMP", ("color", "material"), True),
    ("NOTEBOOK", ("color",), False),
    ("BOTTLE", ("color", "material"), True),
    ("PRODUCT", ("color",), False),
):
    SCHEMAS[_name] = _definition_schema(
        _name,
        extra={code: _text(code.replace("_", " ").title(), max_length=100) for code in _extra},
        required=["item_name", "brand", "condition_type"],
        themes=["COLOR", "SIZE", "SIZE/COLOR"] if "size" in _extra else ["COLOR"],
        variation_required=["color"] if _color_required else [],
    )
DISPLAY_NAMES = {
    "SHIRT": "Shirt",
    "HAT": "Hat",
    "SWEATSHIRT": "Sweatshirt",
    "COAT": "Coat",
    "SHOES": "Shoes",
    "BACKPACK": "Backpack",
    "DRINKING_CUP": "Drinking Cup",
    "LAMP": "Lamp",
    "NOTEBOOK": "Notebook",
    "BOTTLE": "Bottle",
    "PRODUCT": "Product",
}
PROPERTY_GROUPS = {
    "offer": {
        "title": "Offer",
        "description": "Sales terms",
        "propertyNames": ["condition_type", "purchasable_offer", "fulfillment_availability"],
    },
    "product_identity": {
        "title": "Product Identity",
        "description": "What the product is",
        "propertyNames": ["item_name", "brand", "externally_assigned_product_identifier"],
    },
}


def schema_bytes(product_type: str) -> bytes:
    """The schema document as served (stable bytes, so its checksum is stable)."""
    return json.dumps(SCHEMAS[product_type], sort_keys=True, separators=(",", ":")).encode()


def schema_checksum(product_type: str) -> str:
    """Base64 MD5 of the schema document, as Amazon's SchemaLink carries it."""
    return base64.b64encode(hashlib.md5(schema_bytes(product_type), usedforsecurity=False).digest()).decode()


def search(keywords: str, marketplace_ids: list[str]) -> list[dict[str, Any]]:
    """Product types whose name or display name contains one of the keywords (all when none)."""
    words = [word.lower() for word in keywords.split(",") if word.strip()]
    found = []
    for name, display in DISPLAY_NAMES.items():
        if not words or any(word.strip() in name.lower() or word.strip() in display.lower() for word in words):
            found.append({"name": name, "displayName": display, "marketplaceIds": marketplace_ids})
    return found


def definition(product_type: str, *, base_url: str, marketplace_id: str, requirements: str, locale: str) -> dict:
    """The ProductTypeDefinition answer: links to the schema and the meta-schema with their checksums."""
    return {
        "metaSchema": {
            "link": {"resource": f"{base_url}/__schemas__/meta-schema.json", "verb": "GET"},
            "checksum": "c2FuZGJveC1tZXRh",
        },
        "schema": {
            "link": {"resource": f"{base_url}/__schemas__/{product_type}.json", "verb": "GET"},
            "checksum": schema_checksum(product_type),
        },
        "requirements": requirements,
        "requirementsEnforced": "ENFORCED",
        "propertyGroups": PROPERTY_GROUPS,
        "locale": locale,
        "marketplaceIds": [marketplace_id],
        "productType": product_type,
        "displayName": DISPLAY_NAMES[product_type],
        "productTypeVersion": {"version": VERSION, "latest": True, "releaseCandidate": False},
    }
