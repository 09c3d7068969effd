"""Pure mapping of an inventory item (group) and its offers to the neutral value: aspects, product type, offers."""

from decimal import Decimal

from sales_channels.imports.values import ImportedPropertyValue
from sales_channels.integrations.ebay.factories.imports.aspects import AspectMappings
from sales_channels.integrations.ebay.factories.imports.products import by_marketplace, to_configurable, to_simple

MAPPINGS = AspectMappings(
    properties={("15687", "brand"): 7, ("15687", "colour"): 8},
    values={("15687", "brand", "onesila"): "OneSila Ltd"},
    product_types={("EBAY_US", "15687"): "T-Shirt", ("EBAY_GB", "261"): "Lamp"},
)


def item(sku: str, **aspects) -> dict:
    return {"sku": sku, "product": {"title": sku, "aspects": aspects}, "availability": {}}


def offer(marketplace: str, category: str, price: str = "10.00") -> dict:
    return {
        "offerId": f"{marketplace}-{category}",
        "marketplaceId": marketplace,
        "format": "FIXED_PRICE",
        "categoryId": category,
        "pricingSummary": {"price": {"value": price, "currency": "USD"}},
    }


def test_mapped_aspects_go_to_their_property_and_values_others_by_name():
    value = to_simple(
        item=item("A", Brand=["OneSila"], Colour=["Red", "Blue"], Material=["Cotton", "Silk"], Empty=[]),
        offers={"EBAY_US": offer("EBAY_US", "15687")},
        marketplace="EBAY_US",
        mappings=MAPPINGS,
    )
    assert value.properties == (
        ImportedPropertyValue(value="OneSila Ltd", name="Brand", property_id=7),
        ImportedPropertyValue(value='["Red", "Blue"]', name="Colour", property_id=8),
        ImportedPropertyValue(value="Cotton, Silk", name="Material"),
    )
    assert (value.product_type, value.prices[0].price) == ("T-Shirt", Decimal("10.00"))


def test_the_product_type_falls_back_to_another_marketplaces_mapped_category():
    value = to_simple(
        item=item("LAMP", Brand=["OneSila"]),
        offers={"EBAY_US": offer("EBAY_US", "999"), "EBAY_GB": offer("EBAY_GB", "261")},
        marketplace="EBAY_US",
        mappings=MAPPINGS,
    )
    assert value.product_type == "Lamp"
    assert value.properties == (ImportedPropertyValue(value="OneSila", name="Brand"),)  # 999 maps nothing
    assert set(value.extra["offers"]["LAMP"]) == {"EBAY_US", "EBAY_GB"}


def test_a_group_takes_its_own_aspects_without_the_axes_and_its_variations_category():
    group = {
        "inventoryItemGroupKey": "TEE",
        "variantSKUs": ["TEE-S", "TEE-M"],
        "aspects": {"Brand": ["OneSila"], "Size": ["S", "M"]},
        "variesBy": {"specifications": [{"name": "Size", "values": ["S", "M"]}]},
    }
    value = to_configurable(
        group=group,
        items={"TEE-S": item("TEE-S", Size=["S"]), "TEE-M": item("TEE-M", Size=["M"])},
        offers={"TEE-S": {}, "TEE-M": {"EBAY_US": offer("EBAY_US", "15687")}},
        marketplace="EBAY_US",
        mappings=MAPPINGS,
    )
    assert value.properties == (ImportedPropertyValue(value="OneSila Ltd", name="Brand", property_id=7),)
    assert value.product_type == "T-Shirt"
    assert [v.axes for v in value.variations] == [(("Size", "S"),), (("Size", "M"),)]
    assert value.extra["offers"] == {"TEE-M": {"EBAY_US": offer("EBAY_US", "15687")}}


def test_the_fixed_price_offer_is_the_one_of_its_marketplace():
    auction = {**offer("EBAY_US", "1"), "offerId": "auction", "format": "AUCTION"}
    fixed = offer("EBAY_US", "1")
    assert by_marketplace([auction, fixed])["EBAY_US"] is fixed
    assert by_marketplace([fixed, auction])["EBAY_US"] is fixed
    assert by_marketplace([auction])["EBAY_US"] is auction
