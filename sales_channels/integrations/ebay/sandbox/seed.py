"""What the sandbox seller already has: business policies per marketplace, a location, a few inventory items."""

from __future__ import annotations

from typing import Any

from .inventory import InventoryState

MARKETPLACES = {"EBAY_US": "USD", "EBAY_GB": "GBP", "EBAY_DE": "EUR"}
POLICY_KINDS = ("fulfillment", "payment", "return")


def seed_policies() -> dict[str, list[dict[str, Any]]]:
    """One policy of each kind per marketplace (ids as eBay's: long numbers as strings)."""
    policies: dict[str, list[dict[str, Any]]] = {kind: [] for kind in POLICY_KINDS}
    for index, marketplace in enumerate(MARKETPLACES):
        for offset, kind in enumerate(POLICY_KINDS):
            policy_id = str(6_200_000_000 + index * 10 + offset)
            policies[kind].append(
                {
                    f"{kind}PolicyId": policy_id,
                    "name": f"{kind.title()} {marketplace}",
                    "marketplaceId": marketplace,
                    "categoryTypes": [{"name": "ALL_EXCLUDING_MOTORS_VEHICLES", "default": True}],
                }
            )
    return policies


def _item(*, title: str, quantity: int, image: str, aspects: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "product": {
            "title": title,
            "description": f"<p>{title}</p>",
            "aspects": aspects,
            "imageUrls": [image],
        },
        "condition": "NEW",
        "availability": {"shipToLocationAvailability": {"quantity": quantity}},
    }


def seed_inventory(state: InventoryState, *, with_items: bool) -> None:
    """A warehouse location, and (unless empty) three simple items and a group of two variants."""
    state.create_location(
        "WAREHOUSE-1",
        {"location": {"address": {"country": "US", "postalCode": "95125", "city": "San Jose"}}, "name": "Warehouse 1"},
    )
    if not with_items:
        return
    simple = {
        "EBAY-MUG-1": _item(
            title="Seeded mug", quantity=7, image="https://img.example.com/mug.jpg", aspects={"Brand": ["OneSila"]}
        ),
        "EBAY-LAMP-1": _item(
            title="Seeded lamp", quantity=3, image="https://img.example.com/lamp.jpg", aspects={"Brand": ["OneSila"]}
        ),
        "EBAY-BOOK-1": _item(
            title="Seeded notebook", quantity=12, image="https://img.example.com/book.jpg", aspects={}
        ),
        "EBAY-TEE-S": _item(
            title="Seeded tee S", quantity=4, image="https://img.example.com/tee.jpg", aspects={"Size": ["S"]}
        ),
        "EBAY-TEE-M": _item(
            title="Seeded tee M", quantity=6, image="https://img.example.com/tee.jpg", aspects={"Size": ["M"]}
        ),
    }
    for sku, body in simple.items():
        state.put_item(sku=sku, body=body, language="en-US")
    state.put_group(
        "EBAY-TEE",
        {
            "title": "Seeded tee",
            "description": "<p>Seeded tee</p>",
            "imageUrls": ["https://img.example.com/tee.jpg"],
            "aspects": {"Brand": ["OneSila"]},
            "variantSKUs": ["EBAY-TEE-S", "EBAY-TEE-M"],
            "variesBy": {"specifications": [{"name": "Size", "values": ["S", "M"]}]},
        },
    )
    for sku, price in (
        ("EBAY-MUG-1", "12.50"),
        ("EBAY-LAMP-1", "40.00"),
        ("EBAY-TEE-S", "15.00"),
        ("EBAY-TEE-M", "15.00"),
    ):
        state.create_offer(
            {
                "sku": sku,
                "marketplaceId": "EBAY_US",
                "format": "FIXED_PRICE",
                "pricingSummary": {"price": {"value": price, "currency": "USD"}},
                "categoryId": "15687",
                "merchantLocationKey": "WAREHOUSE-1",
            }
        )


def seed_outside_listings() -> list[dict[str, Any]]:
    """Two listings made with the Trading API (no inventory item): only the active-listings report shows them.

    One fixed-price listing with its SKU (migratable as it is), one listing with variations whose
    second variation has no SKU (bulk_migrate_listing would refuse it).
    """
    return [
        {"ItemID": "110540000001", "SKU": "TRADING-SCARF-1", "Price": "22.00", "currencyID": "USD", "Quantity": 5},
        {
            "ItemID": "110540000002",
            "SKU": "",
            "Variations": [
                {"SKU": "TRADING-TOTE-RED", "Price": "30.00", "currencyID": "USD", "Quantity": 2},
                {"SKU": "", "Price": "30.00", "currencyID": "USD", "Quantity": 1},
            ],
        },
    ]
