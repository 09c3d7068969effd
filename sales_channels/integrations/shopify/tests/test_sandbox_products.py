"""Product reads and writes against the Shopify sandbox over HTTP: productSet, delete, bulk update, search."""

from __future__ import annotations

import itertools

import pytest

from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.media import hosted_url
from sales_channels.integrations.shopify.tests.sandbox_inputs import (
    DEFAULT_OPTIONS,
    SIZES,
    codes,
    graphql_caller,
    metafield_input,
    variant_input,
)

TITLE_OPTION = DEFAULT_OPTIONS


# productSet with everything the sandbox keeps in its answer (the push asks for less: documents/product_set).
FULL_PRODUCT_SET = """
mutation ProductSet(
  $identifier: ProductSetIdentifiers
  $input: ProductSetInput!
  $synchronous: Boolean = true
  $variantsFirst: Int = 100
  $metafieldsFirst: Int = 50
  $mediaFirst: Int = 50
) {
  productSet(identifier: $identifier, input: $input, synchronous: $synchronous) {
    product {
      id
      handle
      title
      options {
        id
        name
        position
        optionValues {
          id
          name
        }
      }
      variants(first: $variantsFirst) {
        nodes {
          id
          title
          position
          selectedOptions {
            name
            value
          }
          inventoryItem {
            id
            sku
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      metafields(first: $metafieldsFirst) {
        nodes {
          id
          namespace
          key
          compareDigest
        }
      }
      media(first: $mediaFirst) {
        nodes {
          id
          alt
          status
          ... on MediaImage {
            image {
              url
            }
          }
        }
      }
    }
    userErrors {
      field
      message
      code
    }
  }
}
"""


@pytest.fixture
def sandbox():
    with ShopifySandbox() as running:
        yield running


@pytest.fixture
def call(sandbox):
    return graphql_caller(sandbox)


def _variant(value: str, sku: str, option: str = "Size", **extra):
    return variant_input(sku, value=value, option=option, **extra)


def _product_set(call, input, identifier=None):
    payload = call(FULL_PRODUCT_SET, input=input, identifier=identifier)["data"]["productSet"]
    return payload["product"], payload["userErrors"]


def _shirt_input(**extra):
    return {
        "title": "Test Shirt",
        "vendor": "Acme",
        "productOptions": SIZES,
        "variants": [_variant("S", "T-S", price="10.00"), _variant("M", "T-M", price="11.00")],
        "metafields": [metafield_input("material", "Cotton"), metafield_input("fit", "Slim")],
        "files": [
            {"originalSource": "https://img.example.com/a.jpg", "alt": "A"},
            {"originalSource": "https://img.example.com/b.jpg", "alt": "B"},
        ],
        **extra,
    }


def test_product_set_creates_a_simple_product(sandbox, call):
    variant = {
        "optionValues": [{"optionName": "Title", "name": "Default Title"}],
        "price": "19.9",
        "inventoryItem": {"sku": "NEW-1"},
    }
    product, errors = _product_set(call, {"title": "New Mug", "productOptions": TITLE_OPTION, "variants": [variant]})
    assert errors == []
    assert product["id"].startswith("gid://shopify/Product/")
    assert product["handle"] == "new-mug"
    [node] = product["variants"]["nodes"]
    assert node["inventoryItem"]["sku"] == "NEW-1"
    assert sandbox.counts() == {"products": 4, "variants": 7, "media": 2}
    assert sandbox.state.product_by_gid(product["id"]).variants[0].price == "19.90"


def test_product_set_without_options_gets_shopifys_default_variant(call):
    product, errors = _product_set(call, {"title": "Bare"})
    assert errors == []
    assert [v["title"] for v in product["variants"]["nodes"]] == ["Default Title"]


def test_product_set_creates_a_configurable_product(call):
    options = [*SIZES, {"name": "Color", "values": [{"name": "Red"}, {"name": "Blue"}]}]
    variants = [
        {
            "optionValues": [{"optionName": "Size", "name": size}, {"optionName": "Color", "name": color}],
            "inventoryItem": {"sku": f"C-{size}-{color}"},
        }
        for size, color in itertools.product(("S", "M"), ("Red", "Blue"))
    ]
    product, errors = _product_set(call, {"title": "Config", "productOptions": options, "variants": variants})
    assert errors == []
    assert [o["name"] for o in product["options"]] == ["Size", "Color"]
    assert [v["title"] for v in product["variants"]["nodes"]] == ["S / Red", "S / Blue", "M / Red", "M / Blue"]


def test_product_set_update_replaces_lists_and_keeps_what_is_sent_by_id(sandbox, call):
    created, _ = _product_set(call, _shirt_input())
    small = created["variants"]["nodes"][0]
    first_image = created["media"]["nodes"][0]
    material = created["metafields"]["nodes"][0]
    update = {
        "title": "Renamed Shirt",
        "productOptions": SIZES,
        "variants": [{**_variant("S", "T-S", price="12.00"), "id": small["id"]}],
        "metafields": [{"id": material["id"], "value": "Linen"}],
        "files": [{"id": first_image["id"]}],
    }
    product, errors = _product_set(call, update, identifier={"id": created["id"]})
    assert errors == []
    assert product["title"] == "Renamed Shirt"
    assert [v["id"] for v in product["variants"]["nodes"]] == [small["id"]]
    assert [m["id"] for m in product["metafields"]["nodes"]] == [material["id"]]
    assert [m["id"] for m in product["media"]["nodes"]] == [first_image["id"]]
    stored = sandbox.state.product_by_gid(created["id"])
    assert stored.vendor == "Acme"  # scalars left out of the input are kept
    assert stored.metafields[0].value == "Linen"
    assert stored.variants[0].price == "12.00"


def test_product_set_variants_without_ids_are_new_variants(call):
    created, _ = _product_set(call, _shirt_input())
    update = {"productOptions": SIZES, "variants": [_variant("S", "T-S"), _variant("M", "T-M")]}
    product, errors = _product_set(call, update, identifier={"id": created["id"]})
    assert errors == []
    old_ids = {v["id"] for v in created["variants"]["nodes"]}
    assert old_ids.isdisjoint(v["id"] for v in product["variants"]["nodes"])


def test_resending_an_image_url_without_its_media_id_duplicates_it(sandbox, call):
    created, _ = _product_set(call, _shirt_input())
    files = [{"originalSource": "https://img.example.com/a.jpg"}, {"originalSource": "https://img.example.com/a.jpg"}]
    product, errors = _product_set(call, {"files": files}, identifier={"id": created["id"]})
    assert errors == []
    assert len(product["media"]["nodes"]) == 2
    assert {m["id"] for m in product["media"]["nodes"]}.isdisjoint(m["id"] for m in created["media"]["nodes"])
    assert sandbox.media_count == 4


def test_duplicate_sku_in_one_product_set_is_a_user_error_and_writes_nothing(sandbox, call):
    before = sandbox.counts()
    input = {"title": "Dup", "productOptions": SIZES, "variants": [_variant("S", "SAME"), _variant("M", "SAME")]}
    product, errors = _product_set(call, input)
    assert product is None
    assert errors == [
        {
            "field": ["input", "variants", "1", "inventoryItem", "sku"],
            "message": "SKU 'SAME' is already used by variant 0 of this input.",
            "code": "DUPLICATED_VALUE",
        }
    ]
    assert sandbox.counts() == before


def test_more_than_three_options_is_over_the_limit(call):
    options = [{"name": name, "values": [{"name": "x"}]} for name in ("A", "B", "C", "D")]
    variant = {"optionValues": [{"optionName": name, "name": "x"} for name in "ABCD"]}
    _product, errors = _product_set(call, {"title": "Many", "productOptions": options, "variants": [variant]})
    assert codes(errors) == ["OPTIONS_OVER_LIMIT"]
    assert errors[0]["field"] == ["input", "productOptions"]


def test_more_than_2048_variants_is_over_the_limit(call):
    names = [str(n) for n in range(13)]
    options = [{"name": axis, "values": [{"name": n} for n in names]} for axis in ("A", "B", "C")]
    combos = itertools.islice(itertools.product(names, repeat=3), 2049)
    variants = [{"optionValues": [{"optionName": a, "name": v} for a, v in zip("ABC", c, strict=True)]} for c in combos]
    _product, errors = _product_set(call, {"title": "Huge", "productOptions": options, "variants": variants})
    assert codes(errors) == ["VARIANTS_OVER_LIMIT"]


@pytest.mark.parametrize(
    ("input", "code", "field"),
    [
        ({"vendor": "No title"}, "INVALID_PRODUCT", ["input", "title"]),
        (
            {"title": "T", "variants": [_variant("S", "X")]},
            "PRODUCT_OPTIONS_INPUT_MISSING",
            ["input", "productOptions"],
        ),
        ({"title": "T", "productOptions": SIZES}, "VARIANTS_INPUT_MISSING", ["input", "variants"]),
        (
            {"title": "T", "productOptions": SIZES, "variants": [_variant("XL", "X")]},
            "OPTION_VALUE_DOES_NOT_EXIST",
            ["input", "variants", "0", "optionValues", "0", "name"],
        ),
        (
            {"title": "T", "productOptions": SIZES, "variants": [_variant("S", "X", option="Colour")]},
            "OPTION_DOES_NOT_EXIST",
            ["input", "variants", "0", "optionValues", "0", "optionName"],
        ),
        (
            {
                "title": "T",
                "metafields": [{"namespace": "custom", "key": "qty", "type": "number_integer", "value": "x"}],
            },
            "INVALID_METAFIELD",
            ["input", "metafields", "0", "value"],
        ),
        (
            {"title": "T", "metafields": [{"namespace": "custom", "key": "season", "value": "Monsoon"}]},
            "INVALID_METAFIELD",
            ["input", "metafields", "0", "value"],
        ),
        (
            {"title": "T", "files": [{"originalSource": "not a url"}]},
            "INVALID_INPUT",
            ["input", "files", "0", "originalSource"],
        ),
        (
            {
                "title": "T",
                "metafields": [
                    {"namespace": "custom", "key": "material", "value": "Wool"},
                    {"namespace": "custom", "key": "material", "value": "Silk"},
                ],
            },
            "INVALID_METAFIELD",
            ["input", "metafields", "1"],
        ),
    ],
)
def test_invalid_product_set_input_gets_shopify_user_errors(sandbox, call, input, code, field):
    product, errors = _product_set(call, input)
    assert product is None
    assert (errors[0]["code"], errors[0]["field"]) == (code, field)
    assert sandbox.product_count == 3


def test_unknown_ids_are_user_errors(call):
    _product, errors = _product_set(call, {"title": "X"}, identifier={"id": "gid://shopify/Product/999999"})
    assert (errors[0]["code"], errors[0]["field"]) == ("NOT_FOUND", ["identifier", "id"])
    created, _ = _product_set(call, _shirt_input())
    stray = {**_variant("S", "T-S"), "id": "gid://shopify/ProductVariant/999999"}
    _product, errors = _product_set(
        call, {"productOptions": SIZES, "variants": [stray]}, identifier={"id": created["id"]}
    )
    assert codes(errors) == ["PRODUCT_VARIANT_DOES_NOT_EXIST"]


def test_handle_identifier_upserts(sandbox, call):
    input = {"title": "By Handle", "handle": "by-handle"}
    first, errors = _product_set(call, input, identifier={"handle": "by-handle"})
    assert errors == []
    second, errors = _product_set(call, {**input, "title": "Again"}, identifier={"handle": "by-handle"})
    assert (errors, second["id"]) == ([], first["id"])
    _product, errors = _product_set(call, {"title": "No handle"}, identifier={"handle": "by-handle"})
    assert codes(errors) == ["MISSING_FIELD_REQUIRED"]


def test_product_delete(sandbox, call):
    product_id = sandbox.state.products[next(iter(sandbox.state.products))].gid
    payload = call("product_delete", input={"id": product_id})["data"]["productDelete"]
    assert payload == {"deletedProductId": product_id, "userErrors": []}
    assert sandbox.product_count == 2
    again = call("product_delete", input={"id": product_id})["data"]["productDelete"]
    assert again["deletedProductId"] is None
    assert again["userErrors"][0]["field"] == ["id"]


def test_variants_bulk_update_changes_prices_and_is_atomic(sandbox, call):
    shirt = sandbox.state.products[
        next(p for p in sandbox.state.products if sandbox.state.products[p].title == "Linen Shirt")
    ]
    first, second = shirt.variants[0].gid, shirt.variants[1].gid
    changes = [
        {"id": first, "price": "39.00", "compareAtPrice": None, "barcode": "123", "inventoryPolicy": "CONTINUE"},
        {"id": second, "price": "-1"},
    ]
    payload = call("product_variants_bulk_update", productId=shirt.gid, variants=changes)["data"]
    result = payload["productVariantsBulkUpdate"]
    assert result["productVariants"] is None
    assert (codes(result["userErrors"]), result["userErrors"][0]["field"]) == (
        ["NEGATIVE_PRICE_VALUE"],
        ["variants", "1", "price"],
    )
    assert shirt.variants[0].price == "49.00"
    result = call("product_variants_bulk_update", productId=shirt.gid, variants=changes[:1])["data"][
        "productVariantsBulkUpdate"
    ]
    assert result["userErrors"] == []
    assert result["productVariants"][0] | {"inventoryItem": None} == {
        "id": first,
        "price": "39.00",
        "compareAtPrice": None,
        "barcode": "123",
        "inventoryPolicy": "CONTINUE",
        "inventoryItem": None,
    }


def test_variants_bulk_update_rejects_unknown_variants_and_inventory_quantities(sandbox, call):
    shirt = next(p for p in sandbox.state.products.values() if p.title == "Linen Shirt")
    changes = [
        {"id": "gid://shopify/ProductVariant/1", "price": "1.00"},
        {
            "id": shirt.variants[0].gid,
            "inventoryQuantities": [{"locationId": "gid://shopify/Location/1", "availableQuantity": 1}],
        },
    ]
    result = call("product_variants_bulk_update", productId=shirt.gid, variants=changes)["data"][
        "productVariantsBulkUpdate"
    ]
    assert codes(result["userErrors"]) == [
        "PRODUCT_VARIANT_DOES_NOT_EXIST",
        "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
    ]


def test_products_by_sku_finds_the_owning_product(call):
    nodes = call("products_by_sku", query="sku:SHOP-SHIRT-M-BLUE")["data"]["products"]["nodes"]
    assert [n["title"] for n in nodes] == ["Linen Shirt"]
    assert call("products_by_sku", query="sku:NOPE")["data"]["products"]["nodes"] == []


def test_products_page_follows_cursors_through_the_catalog(call):
    titles, after = [], None
    while True:
        page = call("products_page", first=1, after=after)["data"]["products"]
        titles += [n["title"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert titles == ["Classic Mug", "Linen Shirt", "Canvas Tote Bag"]


def test_product_by_id_returns_the_product_or_null(sandbox, call):
    tote = next(p for p in sandbox.state.products.values() if p.title == "Canvas Tote Bag")
    product = call("product_by_id", id=tote.gid)["data"]["product"]
    urls = [m["image"]["url"] for m in product["media"]["nodes"]]
    assert urls == [hosted_url(m) for m in tote.media]  # Shopify's CDN copy, never the URL that was sent
    assert not set(urls) & {m.original_source for m in tote.media}
    assert call("product_by_id", id="gid://shopify/Product/424242")["data"]["product"] is None


def test_unknown_fields_and_bad_variables_are_graphql_errors(call):
    unknown = call("query Q { shop { name secretField } }")
    assert "data" not in unknown
    assert "secretField" in unknown["errors"][0]["message"]
    bad_money = call(
        "product_set", input={"title": "X", "productOptions": SIZES, "variants": [_variant("S", "Y", price="abc")]}
    )
    assert bad_money["errors"][0]["extensions"]["code"] == "INVALID_VARIABLE"
    missing_first = call("query Q { products { nodes { id } } }")
    assert missing_first["errors"][0]["message"] == "you must provide one of first or last"
