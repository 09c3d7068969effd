"""The pure payload builders, compared whole: inventory item, offer, offer update, group, price/quantity."""

from decimal import Decimal
from types import SimpleNamespace

from sales_channels.integrations.ebay.factories.products import payloads


def data(**changes):
    translation = SimpleNamespace(name="Stoneware mug", description="<p>Holds 300 ml.</p>")
    found = {
        "sku": "MUG-1",
        "ean": "8712345000029",
        "translations": {"en": translation},
        "images": [SimpleNamespace(media=SimpleNamespace(url="https://img.example.com/mug.jpg"))],
    }
    return SimpleNamespace(**{**found, **changes})


VIEW = SimpleNamespace(
    remote_id="EBAY_US",
    currency="USD",
    category_id="9355",
    merchant_location_key="WAREHOUSE-1",
    fulfillment_policy_id="F1",
    payment_policy_id="P1",
    return_policy_id="R1",
)


def test_inventory_item_is_complete():
    item = payloads.inventory_item(
        data=data(),
        language="en",
        condition="NEW",
        item_aspects={"Colour": ["Blue"]},
        images=["https://i/1.jpg"],
        quantity=7,
    )
    assert item == {
        "sku": "MUG-1",
        "condition": "NEW",
        "product": {
            "title": "Stoneware mug",
            "description": "<p>Holds 300 ml.</p>",
            "aspects": {"Colour": ["Blue"]},
            "imageUrls": ["https://i/1.jpg"],
            "ean": ["8712345000029"],
        },
        "availability": {"shipToLocationAvailability": {"quantity": 7}},
    }


def test_a_long_title_is_cut_and_a_missing_description_made_from_it():
    bare = data(translations={"en": SimpleNamespace(name="x" * 100, description="")}, ean=None)
    item = payloads.inventory_item(data=bare, language="en", condition="NEW", item_aspects={}, images=[], quantity=-2)
    assert item["product"] == {"title": "x" * 80, "description": f"<p>{'x' * 100}</p>", "aspects": {}, "imageUrls": []}
    assert item["availability"] == {"shipToLocationAvailability": {"quantity": 0}}


def test_offer_and_its_update_body():
    offer = payloads.offer(sku="MUG-1", view=VIEW, price=Decimal("12.5"), quantity=3, description="<p>d</p>")
    assert offer == {
        "sku": "MUG-1",
        "marketplaceId": "EBAY_US",
        "format": "FIXED_PRICE",
        "listingDuration": "GTC",
        "categoryId": "9355",
        "merchantLocationKey": "WAREHOUSE-1",
        "availableQuantity": 3,
        "listingDescription": "<p>d</p>",
        "listingPolicies": {"fulfillmentPolicyId": "F1", "paymentPolicyId": "P1", "returnPolicyId": "R1"},
        "pricingSummary": {"price": {"value": "12.50", "currency": "USD"}},
    }
    update = payloads.offer_update(offer)
    assert set(offer) - set(update) == {"sku", "marketplaceId", "format"}
    assert payloads.price_quantity(offer_id="500", sku="MUG-1", offer_body=offer) == {
        "sku": "MUG-1",
        "shipToLocationAvailability": {"quantity": 3},
        "offers": [{"offerId": "500", "availableQuantity": 3, "price": {"value": "12.50", "currency": "USD"}}],
    }


def test_group_lists_every_variant_and_the_aspects_that_vary():
    axes, shared = payloads.variation_axes(
        [{"Size": ["S"], "Brand": ["OneSila"]}, {"Size": ["M"], "Brand": ["OneSila"]}]
    )
    assert (axes, shared) == ({"Size": ["M", "S"]}, {"Brand": ["OneSila"]})
    group = payloads.group(
        key="TEE",
        data=data(),
        language="en",
        variant_skus=["TEE-S", "TEE-M"],
        axes=axes,
        shared=shared,
        images=["https://i/t.jpg"],
    )
    assert group == {
        "inventoryItemGroupKey": "TEE",
        "title": "Stoneware mug",
        "description": "<p>Holds 300 ml.</p>",
        "imageUrls": ["https://i/t.jpg"],
        "aspects": {"Brand": ["OneSila"]},
        "variantSKUs": ["TEE-S", "TEE-M"],
        "variesBy": {"aspectsImageVariesBy": [], "specifications": [{"name": "Size", "values": ["M", "S"]}]},
    }


def test_only_https_images_and_hashes_split_by_part():
    links = [
        SimpleNamespace(media=SimpleNamespace(url=u)) for u in ("https://a/1.jpg", "http://a/2.jpg", "/media/3.jpg")
    ]
    assert payloads.image_urls(data=data(images=links), public_url=lambda url: url) == ["https://a/1.jpg"]
    offer = payloads.offer(sku="A", view=VIEW, price=Decimal("1"), quantity=1, description="d")
    item = {"sku": "A", "product": {"title": "t"}, "availability": {"shipToLocationAvailability": {"quantity": 1}}}
    before = payloads.split_hashes({"item": item, "offer": offer})
    cheaper = {**offer, "pricingSummary": {"price": {"value": "0.50", "currency": "USD"}}, "availableQuantity": 9}
    restocked = {**item, "availability": {"shipToLocationAvailability": {"quantity": 9}}}
    after = payloads.split_hashes({"item": restocked, "offer": cheaper})
    assert (before["item"], before["offer"]) == (after["item"], after["offer"])
    assert before["price_quantity"] != after["price_quantity"]
