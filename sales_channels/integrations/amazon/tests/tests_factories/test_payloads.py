"""The pure listing builders, with whole-dict equality."""

from decimal import Decimal

from sales_channels.integrations.amazon.factories import payloads

US = "ATVPDKIKX0DER"


def test_a_child_listing_carries_selectors_offer_quantity_images_and_its_parent():
    listing = payloads.ListingInput(
        product_type="SHIRT",
        marketplace_id=US,
        language_tag="en_US",
        name="Tee",
        description="Soft",
        mapped={
            "brand": payloads.AttributeValue(value="Acme", selectors=("marketplace_id", "language_tag")),
            "size": payloads.AttributeValue(value="M", selectors=("marketplace_id",)),
        },
        price=Decimal("19.90"),
        currency="USD",
        quantity=-2,
        image_urls=("https://img/1.jpg", "https://img/2.jpg"),
        ean="4006381333931",
        parentage="child",
        parent_sku="TEE",
    )
    assert payloads.listing_body(listing) == {
        "productType": "SHIRT",
        "requirements": "LISTING",
        "attributes": {
            "item_name": [{"value": "Tee", "marketplace_id": US, "language_tag": "en_US"}],
            "condition_type": [{"value": "new_new", "marketplace_id": US}],
            "product_description": [{"value": "Soft", "marketplace_id": US, "language_tag": "en_US"}],
            "brand": [{"value": "Acme", "marketplace_id": US, "language_tag": "en_US"}],
            "size": [{"value": "M", "marketplace_id": US}],
            "externally_assigned_product_identifier": [{"type": "ean", "value": "4006381333931", "marketplace_id": US}],
            "parentage_level": [{"value": "child", "marketplace_id": US}],
            "child_parent_sku_relationship": [
                {"child_relationship_type": "variation", "parent_sku": "TEE", "marketplace_id": US}
            ],
            "purchasable_offer": [
                {
                    "currency": "USD",
                    "audience": "ALL",
                    "marketplace_id": US,
                    "our_price": [{"schedule": [{"value_with_tax": 19.9}]}],
                }
            ],
            "fulfillment_availability": [{"fulfillment_channel_code": "DEFAULT", "quantity": 0}],
            "main_product_image_locator": [{"media_location": "https://img/1.jpg", "marketplace_id": US}],
            "other_product_image_locator_1": [{"media_location": "https://img/2.jpg", "marketplace_id": US}],
        },
    }


def test_a_parent_has_a_theme_and_no_offer():
    listing = payloads.ListingInput(
        product_type="SHIRT",
        marketplace_id=US,
        language_tag="en_US",
        name="Tee",
        price=Decimal("1"),
        currency="USD",
        quantity=3,
        parentage="parent",
        variation_theme="COLOR",
    )
    assert payloads.listing_body(listing) == {
        "productType": "SHIRT",
        "requirements": "LISTING_PRODUCT_ONLY",
        "attributes": {
            "item_name": [{"value": "Tee", "marketplace_id": US, "language_tag": "en_US"}],
            "condition_type": [{"value": "new_new", "marketplace_id": US}],
            "parentage_level": [{"value": "parent", "marketplace_id": US}],
            "variation_theme": [{"name": "COLOR", "marketplace_id": US}],
        },
    }


def test_patch_and_feed_envelopes():
    patch = payloads.patch_body(
        product_type="SHIRT", attributes={"fulfillment_availability": payloads.availability(quantity=4)}
    )
    assert patch == {
        "productType": "SHIRT",
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}],
            }
        ],
    }
    message = payloads.feed_message(
        message_id=1, sku="A", body={"productType": "HAT", "requirements": "LISTING", "attributes": {}}
    )
    assert payloads.feed_document(seller_id="S", messages=[message]) == {
        "header": {"sellerId": "S", "version": "2.0", "issueLocale": "en_US"},
        "messages": [
            {
                "messageId": 1,
                "sku": "A",
                "operationType": "UPDATE",
                "productType": "HAT",
                "requirements": "LISTING",
                "attributes": {},
            }
        ],
    }
