"""Payload builders: ProductData-like values in, whole wc/v3 bodies out (compared as whole dicts)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from sales_channels.factories.products.pricing import ListWindow
from sales_channels.integrations.woocommerce.factories.products.payloads import (
    Axis,
    meta_entries,
    price_fields,
    product_payload,
    variation_payload,
    with_media_ids,
)
from sales_prices.pricing import ResolvedPrice


def link(pk: int, url: str, title: str = "") -> SimpleNamespace:
    return SimpleNamespace(pk=pk, media=SimpleNamespace(url=url, title=title))


def data(**changes) -> SimpleNamespace:
    product = SimpleNamespace(is_configurable=False, active=True, allow_backorder=False)
    values = {
        "id": 1,
        "sku": "MUG-1",
        "product": product,
        "prices": {1: ResolvedPrice(price=Decimal("12.5"), rrp=None, source="sales_price")},
        "stock": 7,
        "images": [link(10, "https://img.example.com/a.jpg", "Front"), link(11, "https://img.example.com/b.jpg")],
        "variations": [],
        "properties": [],
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_a_simple_product():
    translation = SimpleNamespace(name="Mug", description="<p>Big</p>", short_description="Big mug")
    meta = [{"key": "onesila_material", "value": "Stoneware"}]

    colour = {"id": 4, "name": "Colour", "visible": True, "variation": False, "options": ["Red"]}
    payload = product_payload(
        data=data(), translation=translation, axes=[], meta=meta, gtin="8712345000029", attributes=[colour]
    )

    assert payload == {
        "name": "Mug",
        "type": "simple",
        "status": "publish",
        "sku": "MUG-1",
        "description": "<p>Big</p>",
        "short_description": "Big mug",
        "images": [
            {"src": "https://img.example.com/a.jpg", "name": "Front", "alt": "Front"},
            {"src": "https://img.example.com/b.jpg", "name": "", "alt": ""},
        ],
        "meta_data": [{"key": "onesila_material", "value": "Stoneware"}],
        "global_unique_id": "8712345000029",
        "attributes": [{"id": 4, "name": "Colour", "visible": True, "variation": False, "options": ["Red"]}],
        "regular_price": "12.50",
        "sale_price": "",
        "date_on_sale_from": "",
        "date_on_sale_to": "",
        "manage_stock": True,
        "stock_quantity": 7,
        "backorders": "no",
    }


def test_a_variable_product_carries_its_axes_and_no_price_or_stock():
    product = SimpleNamespace(is_configurable=True, active=False, allow_backorder=False)
    axis = Axis(attribute_id=3, name="Size", values={2: "S", 3: "L", 4: "S"}, property_id=9)

    payload = product_payload(data=data(product=product, images=[]), translation=None, axes=[axis], meta=[], gtin=None)

    assert payload == {
        "name": "MUG-1",
        "type": "variable",
        "status": "draft",
        "sku": "MUG-1",
        "description": "",
        "short_description": "",
        "images": [],
        "meta_data": [],
        "attributes": [{"id": 3, "name": "Size", "visible": True, "variation": True, "options": ["S", "L"]}],
    }


def test_a_variation():
    axis = Axis(attribute_id=3, name="Size", values={2: "L"})
    variation = data(
        id=2, sku="TEE-L", product=SimpleNamespace(is_configurable=False, active=True, allow_backorder=True)
    )

    payload = variation_payload(data=variation, axes=[axis], gtin=None)

    assert payload == {
        "sku": "TEE-L",
        "status": "publish",
        "attributes": [{"id": 3, "option": "L"}],
        "regular_price": "12.50",
        "sale_price": "",
        "date_on_sale_from": "",
        "date_on_sale_to": "",
        "manage_stock": True,
        "stock_quantity": 7,
        "backorders": "notify",
        "image": {"src": "https://img.example.com/a.jpg", "name": "Front", "alt": "Front"},
    }


def test_an_rrp_above_the_price_makes_an_open_ended_sale():
    price = ResolvedPrice(price=Decimal("9"), rrp=Decimal("12"), source="sales_price")
    assert price_fields(price) == {
        "regular_price": "12.00",
        "sale_price": "9.00",
        "date_on_sale_from": "",
        "date_on_sale_to": "",
    }
    assert price_fields(None) == {}


def test_a_price_list_in_force_is_a_sale_with_its_days():
    price = ResolvedPrice(price=Decimal("8"), rrp=None, source="price_list")
    window = ListWindow(regular=Decimal("10"), start=date(2026, 12, 1), end=date(2026, 12, 24))

    assert price_fields(price, window=window) == {
        "regular_price": "10.00",
        "sale_price": "8.00",
        "date_on_sale_from": "2026-12-01T00:00:00",
        "date_on_sale_to": "2026-12-24T23:59:59",
    }
    open_ended = ListWindow(regular=Decimal("10"), start=None, end=None)
    assert price_fields(price, window=open_ended)["date_on_sale_to"] == ""
    dearer_list = ListWindow(regular=Decimal("7"), start=None, end=None)  # not a sale: the list price is regular
    assert price_fields(price, window=dearer_list)["regular_price"] == "8.00"


def test_known_media_are_sent_by_id_and_new_ones_by_src():
    payload = product_payload(data=data(), translation=None, axes=[], meta=[], gtin=None)

    sent = with_media_ids(payload, media_ids=["501", None])

    assert sent["images"] == [{"id": 501}, {"src": "https://img.example.com/b.jpg", "name": "", "alt": ""}]
    assert payload["images"][0] == {"src": "https://img.example.com/a.jpg", "name": "Front", "alt": "Front"}


def test_meta_entries_skip_axes_and_empty_values():
    def value(property_id, internal_name, raw):
        prop = SimpleNamespace(internal_name=internal_name)
        return SimpleNamespace(property_id=property_id, property=prop, get_value=lambda language: raw)

    values = [value(1, "size", "S"), value(2, "material", "Wood"), value(3, "empty", None), value(4, "eco", True)]

    assert meta_entries(values=values, language="en", skip={1}) == [
        {"key": "onesila_eco", "value": "yes"},
        {"key": "onesila_material", "value": "Wood"},
    ]
