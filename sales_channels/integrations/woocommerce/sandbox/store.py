"""The store's settings and environment, and the seed catalog a new sandbox starts with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, now_gmt


@dataclass
class StoreInfo:
    """What the metadata routes report: currency, units, versions, tax classes."""

    currency: str = "EUR"
    weight_unit: str = "kg"
    dimension_unit: str = "cm"
    wc_version: str = "9.4.2"
    wp_version: str = "6.7.1"
    site_url: str = "http://127.0.0.1"
    tax_classes: list[dict[str, str]] = field(
        default_factory=lambda: [
            {"slug": "standard", "name": "Standard"},
            {"slug": "reduced-rate", "name": "Reduced rate"},
            {"slug": "zero-rate", "name": "Zero rate"},
        ]
    )

    def settings(self, group: str) -> list[dict[str, Any]]:
        if group == "general":
            return [
                _setting("woocommerce_currency", "Currency", self.currency, group),
                _setting("woocommerce_default_country", "Country and state", "BE", group),
            ]
        return [
            _setting("woocommerce_weight_unit", "Weight unit", self.weight_unit, group),
            _setting("woocommerce_dimension_unit", "Dimensions unit", self.dimension_unit, group),
        ]

    def currency_info(self) -> dict[str, str]:
        names = {
            "EUR": ("Euro", "&euro;"),
            "USD": ("United States (US) dollar", "&#36;"),
            "GBP": ("Pound sterling", "&pound;"),
        }
        name, symbol = names.get(self.currency, (self.currency, self.currency))
        return {"code": self.currency, "name": name, "symbol": symbol}

    def system_status(self) -> dict[str, Any]:
        return {
            "environment": {
                "home_url": self.site_url,
                "site_url": self.site_url,
                "version": self.wc_version,
                "wp_version": self.wp_version,
                "language": "en_US",
            },
            "settings": {"currency": self.currency, "api_enabled": True},
        }


def _setting(setting_id: str, label: str, value: str, group: str) -> dict[str, Any]:
    return {"id": setting_id, "label": label, "value": value, "default": value, "type": "select", "group_id": group}


def seed(catalog: Catalog) -> None:
    """Three products the merchant already sells: two simple ones and a variable one with two variations."""
    size = catalog.create_attribute({"name": "Size"})
    for name in ("Small", "Large"):
        catalog.create_term(size["id"], {"name": name})
    catalog.create_product(
        {"name": "Seed Mug", "sku": "SEED-MUG", "regular_price": "9.50", "manage_stock": True, "stock_quantity": 12}
    )
    catalog.create_product(
        {"name": "Seed Poster", "sku": "SEED-POSTER", "regular_price": "15.00", "description": "A poster."}
    )
    shirt = catalog.create_product(
        {
            "name": "Seed Shirt",
            "sku": "SEED-SHIRT",
            "type": "variable",
            "attributes": [
                {"id": size["id"], "name": "Size", "variation": True, "visible": True, "options": ["Small", "Large"]}
            ],
        }
    )
    for option, price in (("Small", "19.00"), ("Large", "21.00")):
        catalog.create_variation(
            shirt["id"],
            {
                "sku": f"SEED-SHIRT-{option[0]}",
                "regular_price": price,
                "manage_stock": True,
                "stock_quantity": 5,
                "attributes": [{"id": size["id"], "option": option}],
            },
        )
    place_order(catalog, sku="SEED-MUG", quantity=2)


def place_order(catalog: Catalog, *, sku: str, quantity: int, status: str = "processing") -> dict[str, Any]:
    """A customer's order of one product (at its current price), as the store records it."""
    with catalog.lock:
        items = list(catalog.products.values()) + list(catalog.variations.values())
        product = next(p for p in items if p["sku"] == sku)
        price = float(product["price"] or 0)
        stamp = now_gmt()
        order_id = catalog.next_id()
        order = {
            "id": order_id,
            "number": str(order_id),
            "status": status,
            "currency": "EUR",
            "date_created_gmt": stamp,
            "date_modified_gmt": stamp,
            "total": f"{price * quantity:.2f}",
            "billing": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "country": "BE"},
            "line_items": [
                {
                    "id": order_id * 10,
                    "name": product.get("name") or sku,
                    "product_id": product["parent_id"] or product["id"],
                    "variation_id": product["id"] if product["parent_id"] else 0,
                    "quantity": quantity,
                    "sku": sku,
                    "price": price,
                    "total": f"{price * quantity:.2f}",
                }
            ],
        }
        catalog.orders[order_id] = order
        return order
