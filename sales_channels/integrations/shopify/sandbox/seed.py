"""The sandbox shop's starting data: locations, channels, languages, markets, definitions,
three products (simple, 2 options x 4 variants, with images) and three orders referencing their SKUs.

Products go through the same productSet validation and writer as API calls, so seeds are valid input.
"""

from __future__ import annotations

from typing import Any

from .errors import UserErrors
from .product_apply import apply_product_set
from .product_set import check_product_set
from .state import (
    CurrencySetting,
    Customer,
    LineItem,
    Location,
    Market,
    MetafieldDefinition,
    Order,
    Product,
    Publication,
    SandboxState,
    ShopLocale,
    Translation,
    digest,
)

SEED_SKUS = (
    "SHOP-MUG-001",
    "SHOP-SHIRT-S-WHITE",
    "SHOP-SHIRT-S-BLUE",
    "SHOP-SHIRT-M-WHITE",
    "SHOP-SHIRT-M-BLUE",
    "SHOP-TOTE-001",
)


def seed_shop(state: SandboxState) -> None:
    """Locations, publications, locales, currencies, markets and product metafield definitions."""
    for name, online in (("Warehouse Amsterdam", True), ("Shop Utrecht", False)):
        location = Location(id=state.next_id(), name=name, fulfills_online_orders=online)
        state.locations[location.id] = location
    for title, auto in (("Online Store", True), ("Point of Sale", False)):
        publication = Publication(id=state.next_id(), title=title, auto_publish=auto)
        state.publications[publication.id] = publication
    state.locales[:] = [
        ShopLocale("en", "English", primary=True),
        ShopLocale("nl", "Dutch"),
        ShopLocale("fr", "French", published=False),
    ]
    state.currencies[:] = [
        CurrencySetting(state.next_id(), "EUR", "Euro"),
        CurrencySetting(state.next_id(), "GBP", "British Pound"),
    ]
    for name, handle, code, currency in (
        ("Netherlands", "nl", "EUR", "Euro"),
        ("United Kingdom", "gb", "GBP", "British Pound"),
    ):
        market = Market(id=state.next_id(), name=name, handle=handle, currency_code=code, currency_name=currency)
        state.markets[market.id] = market
    definitions = (
        ("Material", "material", "single_line_text_field", []),
        ("Care instructions", "care_instructions", "multi_line_text_field", []),
        ("Season", "season", "single_line_text_field", [("choices", '["Spring","Summer","Autumn","Winter"]')]),
        ("Waterproof", "waterproof", "boolean", []),
        ("Colors", "colors", "list.single_line_text_field", []),
    )
    for name, key, type_name, validations in definitions:
        definition = MetafieldDefinition(
            id=state.next_id(), name=name, namespace="custom", key=key, type=type_name, validations=validations
        )
        state.metafield_definitions[definition.id] = definition


def _variant(
    options: list[tuple[str, str]], sku: str, price: str, location: str, quantity: int, **extra: Any
) -> dict[str, Any]:
    return {
        "optionValues": [{"optionName": name, "name": value} for name, value in options],
        "price": price,
        "inventoryItem": {"sku": sku, "tracked": True},
        "inventoryQuantities": [{"locationId": location, "name": "available", "quantity": quantity}],
        **extra,
    }


def _product_inputs(location: str) -> list[dict[str, Any]]:
    title_option = [{"name": "Title", "values": [{"name": "Default Title"}]}]
    shirt_variants = [
        _variant(
            [("Size", size), ("Color", color)],
            f"SHOP-SHIRT-{size}-{color.upper()}",
            "49.00",
            location,
            5,
            compareAtPrice="59.00",
        )
        for size in ("S", "M")
        for color in ("White", "Blue")
    ]
    return [
        {
            "title": "Classic Mug",
            "descriptionHtml": "<p>A sturdy ceramic mug.</p>",
            "vendor": "OneSila Demo",
            "productType": "Mug",
            "tags": ["kitchen"],
            "productOptions": title_option,
            "variants": [
                _variant([("Title", "Default Title")], "SHOP-MUG-001", "12.50", location, 25, barcode="8712345000012")
            ],
            "metafields": [
                {"namespace": "custom", "key": "material", "type": "single_line_text_field", "value": "Ceramic"}
            ],
        },
        {
            "title": "Linen Shirt",
            "descriptionHtml": "<p>Breathable linen.</p>",
            "vendor": "OneSila Demo",
            "productType": "Shirt",
            "productOptions": [
                {"name": "Size", "values": [{"name": "S"}, {"name": "M"}]},
                {"name": "Color", "values": [{"name": "White"}, {"name": "Blue"}]},
            ],
            "variants": shirt_variants,
            "metafields": [
                {"namespace": "custom", "key": "season", "type": "single_line_text_field", "value": "Summer"}
            ],
        },
        {
            "title": "Canvas Tote Bag",
            "vendor": "OneSila Demo",
            "productType": "Bag",
            "productOptions": title_option,
            "variants": [_variant([("Title", "Default Title")], "SHOP-TOTE-001", "24.00", location, 12)],
            "files": [
                {
                    "originalSource": "https://images.example.com/tote-front.jpg",
                    "alt": "Tote bag, front",
                    "contentType": "IMAGE",
                },
                {
                    "originalSource": "https://images.example.com/tote-back.jpg",
                    "alt": "Tote bag, back",
                    "contentType": "IMAGE",
                },
            ],
        },
    ]


def seed_products(state: SandboxState) -> list[Product]:
    """Creates the three seed products, published everywhere, with a Dutch title for the mug."""
    location = next(iter(state.locations.values())).gid
    created = []
    for data in _product_inputs(location):
        errors = UserErrors()
        specs = check_product_set(state, None, data, errors)
        if errors:
            raise ValueError(f"invalid seed product {data['title']!r}: {errors}")
        product = apply_product_set(state, None, data, specs)
        product.publication_ids = set(state.publications)
        created.append(product)
    mug = created[0]
    state.translations[mug.gid] = {
        ("nl", "title"): Translation("nl", "title", "Klassieke mok", digest(mug.title) or "")
    }
    return created


def seed_orders(state: SandboxState) -> None:
    """Three orders over the seed SKUs (and one line without a SKU, as custom items have)."""
    rows = (
        ("#1001", "2025-03-01T09:30:00Z", ("Jane", "Doe", "jane@example.com"), "PAID", "UNFULFILLED",
         [("SHOP-MUG-001", "Classic Mug", 2, "12.50"), ("SHOP-SHIRT-M-BLUE", "Linen Shirt - M / Blue", 1, "49.00")]),
        ("#1002", "2025-03-02T14:00:00Z", ("John", "Smith", "john@example.com"), "PAID", "FULFILLED",
         [("SHOP-TOTE-001", "Canvas Tote Bag", 1, "24.00"), (None, "Gift wrapping", 1, "2.50")]),
        ("#1003", "2025-03-03T18:45:00Z", None, "PENDING", "UNFULFILLED",
         [("SHOP-SHIRT-S-WHITE", "Linen Shirt - S / White", 3, "49.00")]),
    )  # fmt: skip
    for name, processed_at, buyer, financial, fulfillment, lines in rows:
        customer = Customer(state.next_id(), *buyer) if buyer else None
        order = Order(
            id=state.next_id(),
            name=name,
            processed_at=processed_at,
            updated_at=processed_at,
            currency_code="EUR",
            email=buyer[2] if buyer else None,
            customer=customer,
            line_items=[LineItem(state.next_id(), sku, title, qty, price) for sku, title, qty, price in lines],
            display_financial_status=financial,
            display_fulfillment_status=fulfillment,
        )
        state.orders[order.id] = order


def build_state(shop_domain: str, *, with_products: bool = True) -> SandboxState:
    """A freshly seeded shop."""
    state = SandboxState(shop_domain)
    seed_shop(state)
    if with_products:
        processing, state.media_processing_seconds = state.media_processing_seconds, 0.0
        seed_products(state)  # the shop's own media finished processing long ago
        for product in state.products.values():
            for image in product.media:
                image.ready_at = 0.0
        state.media_processing_seconds = processing
        seed_orders(state)
    return state
