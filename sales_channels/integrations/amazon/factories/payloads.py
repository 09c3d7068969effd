"""Pure builders of Amazon listing bodies: `{productType, requirements, attributes}` keyed by selectors.

Every attribute is an array of objects; each object carries the selectors its schema names
(`marketplace_id`, `language_tag`). Prices go through `purchasable_offer`, quantity (merchant
fulfilled) through `fulfillment_availability` with channel code DEFAULT, images through
`main_product_image_locator` and `other_product_image_locator_1..8` with public URLs, variations
through `parentage_level`, `child_parent_sku_relationship` and `variation_theme`.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MAX_OTHER_IMAGES = 8
# Attributes every listing body fills from the product itself (no property mapping needed).
PROVIDED_ATTRIBUTES = frozenset(
    {
        "item_name",
        "product_description",
        "condition_type",
        "externally_assigned_product_identifier",
        "purchasable_offer",
        "fulfillment_availability",
        "main_product_image_locator",
        "parentage_level",
        "child_parent_sku_relationship",
        "variation_theme",
    }
    | {f"other_product_image_locator_{n}" for n in range(1, MAX_OTHER_IMAGES + 1)}
)


@dataclass(frozen=True)
class AttributeValue:
    """One mapped attribute value and the selectors its schema keys values by."""

    value: Any
    selectors: tuple[str, ...] = ("marketplace_id",)


@dataclass(frozen=True)
class ListingInput:
    """Everything a listing body is built from (plain values, no database)."""

    product_type: str
    marketplace_id: str
    language_tag: str
    name: str
    description: str = ""
    mapped: dict[str, AttributeValue] = field(default_factory=dict)
    price: Decimal | None = None
    currency: str = ""
    quantity: int | None = None
    image_urls: tuple[str, ...] = ()
    ean: str = ""
    parentage: str = ""  # "parent", "child" or "" (a standalone listing)
    parent_sku: str = ""
    variation_theme: str = ""
    condition: str = "new_new"


def keyed(value: Any, *, selectors: tuple[str, ...], marketplace_id: str, language_tag: str) -> dict[str, Any]:
    """One attribute value object with the selectors its schema asks for."""
    entry: dict[str, Any] = {"value": value}
    if "marketplace_id" in selectors:
        entry["marketplace_id"] = marketplace_id
    if "language_tag" in selectors:
        entry["language_tag"] = language_tag
    return entry


def offer(*, price: Decimal, currency: str, marketplace_id: str) -> list[dict[str, Any]]:
    """purchasable_offer: our price in the marketplace's currency."""
    return [
        {
            "currency": currency,
            "audience": "ALL",
            "marketplace_id": marketplace_id,
            "our_price": [{"schedule": [{"value_with_tax": float(price)}]}],
        }
    ]


def availability(*, quantity: int) -> list[dict[str, Any]]:
    """fulfillment_availability: merchant-fulfilled quantity (never negative)."""
    return [{"fulfillment_channel_code": "DEFAULT", "quantity": max(0, int(quantity))}]


def images(*, urls: tuple[str, ...], marketplace_id: str) -> dict[str, list[dict[str, Any]]]:
    """main_product_image_locator and other_product_image_locator_1..8."""
    attributes: dict[str, list[dict[str, Any]]] = {}
    for index, url in enumerate(urls[: MAX_OTHER_IMAGES + 1]):
        name = "main_product_image_locator" if index == 0 else f"other_product_image_locator_{index}"
        attributes[name] = [{"media_location": url, "marketplace_id": marketplace_id}]
    return attributes


def listing_body(listing: ListingInput) -> dict[str, Any]:
    """The putListingsItem body (and a JSON_LISTINGS_FEED UPDATE message without its envelope)."""
    marketplace, tag = listing.marketplace_id, listing.language_tag
    text = ("marketplace_id", "language_tag")
    attributes: dict[str, Any] = {
        "item_name": [keyed(listing.name, selectors=text, marketplace_id=marketplace, language_tag=tag)],
        "condition_type": [
            keyed(listing.condition, selectors=("marketplace_id",), marketplace_id=marketplace, language_tag=tag)
        ],
    }
    if listing.description:
        attributes["product_description"] = [
            keyed(listing.description, selectors=text, marketplace_id=marketplace, language_tag=tag)
        ]
    for code, mapped in sorted(listing.mapped.items()):
        attributes[code] = [
            keyed(mapped.value, selectors=mapped.selectors, marketplace_id=marketplace, language_tag=tag)
        ]
    if listing.ean:
        attributes["externally_assigned_product_identifier"] = [
            {"type": "ean", "value": listing.ean, "marketplace_id": marketplace}
        ]
    if listing.parentage:
        attributes["parentage_level"] = [{"value": listing.parentage, "marketplace_id": marketplace}]
    if listing.parentage == "parent" and listing.variation_theme:
        attributes["variation_theme"] = [{"name": listing.variation_theme, "marketplace_id": marketplace}]
    if listing.parentage == "child" and listing.parent_sku:
        attributes["child_parent_sku_relationship"] = [
            {"child_relationship_type": "variation", "parent_sku": listing.parent_sku, "marketplace_id": marketplace}
        ]
    if listing.parentage != "parent":
        if listing.price is not None and listing.currency:
            attributes["purchasable_offer"] = offer(
                price=listing.price, currency=listing.currency, marketplace_id=marketplace
            )
        if listing.quantity is not None:
            attributes["fulfillment_availability"] = availability(quantity=listing.quantity)
    attributes.update(images(urls=listing.image_urls, marketplace_id=marketplace))
    requirements = "LISTING_PRODUCT_ONLY" if listing.parentage == "parent" else "LISTING"
    return {"productType": listing.product_type, "requirements": requirements, "attributes": attributes}


def feed_message(*, message_id: int, sku: str, body: dict[str, Any]) -> dict[str, Any]:
    """One JSON_LISTINGS_FEED v2 UPDATE message (a full replace, like putListingsItem)."""
    return {"messageId": message_id, "sku": sku, "operationType": "UPDATE", **body}


def patch_body(*, product_type: str, attributes: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """patchListingsItem: one top-level `replace` per attribute, values always arrays."""
    return {
        "productType": product_type,
        "patches": [
            {"op": "replace", "path": f"/attributes/{name}", "value": value}
            for name, value in sorted(attributes.items())
        ],
    }


def feed_document(*, seller_id: str, messages: list[dict[str, Any]], issue_locale: str = "en_US") -> dict[str, Any]:
    """The JSON_LISTINGS_FEED v2 document."""
    return {"header": {"sellerId": seller_id, "version": "2.0", "issueLocale": issue_locale}, "messages": messages}
