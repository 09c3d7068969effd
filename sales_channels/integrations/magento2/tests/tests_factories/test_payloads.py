"""Payload builders, compared as whole dicts."""

from decimal import Decimal

from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.integrations.magento2.factories.products.sections import price_failures
from sales_channels.integrations.magento2.factories.properties.mapping import attribute_body, option_body


def test_product_body_of_a_simple_product():
    body = payloads.product_body(
        sku="MUG-1",
        name="Mug",
        type_id="simple",
        attribute_set_id=4,
        price=Decimal("12.5"),
        active=True,
        visible=True,
        website_ids=[1],
        custom_attributes=[
            {"attribute_code": "url_key", "value": "mug-mug-1"},
            {"attribute_code": "color", "value": "10"},
        ],
    )
    assert body == {
        "sku": "MUG-1",
        "name": "Mug",
        "type_id": "simple",
        "attribute_set_id": 4,
        "status": 1,
        "visibility": 4,
        "price": 12.5,
        "extension_attributes": {"website_ids": [1]},
        "custom_attributes": [
            {"attribute_code": "color", "value": "10"},
            {"attribute_code": "url_key", "value": "mug-mug-1"},
        ],
    }


def test_a_configurable_has_no_price_and_a_child_is_not_visible_individually():
    parent = payloads.product_body(
        sku="TEE", name="Tee", type_id="configurable", attribute_set_id=4, price=Decimal("9"), active=False,
        visible=True, website_ids=[], custom_attributes=[],
    )  # fmt: skip
    child = payloads.product_body(
        sku="TEE-S", name="Tee S", type_id="simple", attribute_set_id=4, price=Decimal("9"), active=True,
        visible=False, website_ids=[1], custom_attributes=[],
    )  # fmt: skip
    assert "price" not in parent
    assert parent["status"] == 2
    assert child["visibility"] == 1


def test_configurable_option_media_entry_price_and_source_item():
    option = payloads.configurable_option(attribute_id="93", label="Color", position=0, value_ids=["11", "10", "11"])
    descriptor = payloads.image_descriptor(key="h", media_id=5, label="Front", position=0, main=True, file_name="a.png")
    assert option == {
        "attribute_id": "93",
        "label": "Color",
        "position": 0,
        "values": [{"value_index": 10}, {"value_index": 11}],
    }
    assert payloads.media_entry(descriptor=descriptor, data=b"png") == {
        "media_type": "image",
        "label": "Front",
        "position": 0,
        "disabled": False,
        "types": ["image", "small_image", "thumbnail"],
        "content": {"base64_encoded_data": "cG5n", "type": "image/png", "name": "a.png"},
    }
    assert payloads.base_price(sku="A", price=Decimal("3.333")) == {"sku": "A", "price": 3.33, "store_id": 0}
    assert payloads.source_item(sku="A", source_code="default", quantity=0) == {
        "sku": "A",
        "source_code": "default",
        "quantity": 0,
        "status": 0,
    }


def test_attribute_and_option_bodies():
    class Prop:
        type = "SELECT"

    assert attribute_body(prop=Prop(), code="fit", labels={2: "Passform"}, default_label="Fit") == {
        "attribute": {
            "attribute_code": "fit",
            "frontend_input": "select",
            "entity_type_id": "4",
            "is_required": False,
            "is_user_defined": True,
            "scope": "global",
            "default_frontend_label": "Fit",
            "frontend_labels": [{"store_id": 2, "label": "Passform"}],
        }
    }
    assert option_body(label="Slim", store_labels={2: "Schmal"}) == {
        "option": {
            "label": "Slim",
            "value": "",
            "sort_order": 0,
            "is_default": False,
            "store_labels": [{"store_id": 2, "label": "Schmal"}],
        }
    }


def test_price_failures_are_read_per_sku():
    answer = [{"message": "Requested product doesn't exist. Verify and try again. SKU: %1", "parameters": ["NOPE"]}]
    assert price_failures(answer) == {"NOPE": "Requested product doesn't exist. Verify and try again. SKU: NOPE"}
    assert price_failures([]) == {}
