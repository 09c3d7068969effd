"""Metafields, translations, publications, inventory and webhook subscriptions in the Shopify sandbox."""

from __future__ import annotations

import hashlib

import pytest

from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.tests.sandbox_inputs import codes, graphql_caller


@pytest.fixture
def sandbox():
    with ShopifySandbox() as running:
        yield running


@pytest.fixture
def call(sandbox):
    return graphql_caller(sandbox)


@pytest.fixture
def mug(sandbox):
    return next(p for p in sandbox.state.products.values() if p.title == "Classic Mug")


def _metafield(owner: str, key: str, value: str, type: str = "single_line_text_field", **extra):
    return {"ownerId": owner, "namespace": "custom", "key": key, "type": type, "value": value, **extra}


def test_metafields_set_upserts_values(call, mug):
    result = call(
        "metafields_set", metafields=[_metafield(mug.gid, "material", "Stoneware"), _metafield(mug.gid, "size", "L")]
    )
    payload = result["data"]["metafieldsSet"]
    assert payload["userErrors"] == []
    assert [(m["key"], m["value"]) for m in payload["metafields"]] == [("material", "Stoneware"), ("size", "L")]
    assert payload["metafields"][0]["compareDigest"] == hashlib.sha256(b"Stoneware").hexdigest()
    assert sorted((m.key, m.value) for m in mug.metafields) == [("material", "Stoneware"), ("size", "L")]


def test_metafields_set_refuses_more_than_25_and_writes_nothing(call, mug):
    metafields = [_metafield(mug.gid, f"key_{n}", "x") for n in range(26)]
    payload = call("metafields_set", metafields=metafields)["data"]["metafieldsSet"]
    assert payload["metafields"] is None
    assert payload["userErrors"] == [
        {
            "field": ["metafields"],
            "message": "Exceeded the maximum metafields input limit of 25.",
            "code": "LESS_THAN_OR_EQUAL_TO",
            "elementIndex": None,
        }
    ]
    assert len(mug.metafields) == 1


@pytest.mark.parametrize(
    ("metafield", "code", "field"),
    [
        ({"key": "qty", "type": "number_integer", "value": "1.5"}, "INVALID_VALUE", "value"),
        ({"key": "flag", "type": "boolean", "value": "yes"}, "INVALID_VALUE", "value"),
        ({"key": "season", "type": "single_line_text_field", "value": "Monsoon"}, "INVALID_VALUE", "value"),
        ({"key": "material", "type": "number_integer", "value": "1"}, "INVALID_TYPE", "type"),
        ({"key": "odd", "type": "no_such_type", "value": "1"}, "INVALID_TYPE", "type"),
        ({"key": "untyped", "type": None, "value": "1"}, "BLANK", "type"),
        ({"key": "k", "type": "single_line_text_field", "value": "1"}, "TOO_SHORT", "key"),
    ],
)
def test_metafields_set_validates_each_value_for_its_type(call, mug, metafield, code, field):
    data = {"ownerId": mug.gid, "namespace": "custom", **metafield}
    ok = _metafield(mug.gid, "fine", "ok")
    payload = call("metafields_set", metafields=[ok, data])["data"]["metafieldsSet"]
    assert payload["metafields"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"], error["elementIndex"]) == (code, ["metafields", "1", field], 1)
    assert [m.key for m in mug.metafields] == ["material"]


def test_metafields_set_compare_digest_guards_concurrent_writes(call, mug):
    current = mug.metafields[0].compare_digest
    stale = call("metafields_set", metafields=[_metafield(mug.gid, "material", "Glass", compareDigest="0" * 64)])
    assert codes(stale["data"]["metafieldsSet"]["userErrors"]) == ["STALE_OBJECT"]
    fresh = call("metafields_set", metafields=[_metafield(mug.gid, "material", "Glass", compareDigest=current)])
    assert fresh["data"]["metafieldsSet"]["userErrors"] == []
    must_be_new = call("metafields_set", metafields=[_metafield(mug.gid, "material", "Tin", compareDigest=None)])
    assert codes(must_be_new["data"]["metafieldsSet"]["userErrors"]) == ["STALE_OBJECT"]


def test_metafields_set_on_an_unknown_owner_is_a_user_error(call):
    payload = call("metafields_set", metafields=[_metafield("gid://shopify/Product/1", "material", "x")])
    assert payload["data"]["metafieldsSet"]["userErrors"][0]["field"] == ["metafields", "0", "ownerId"]


def _content(call, resource_id: str, locale: str = "nl"):
    return call("translatable_resource", resourceId=resource_id, locale=locale)["data"]["translatableResource"]


def test_translatable_resource_lists_content_with_sha256_digests(call, mug):
    resource = _content(call, mug.gid)
    title = next(entry for entry in resource["translatableContent"] if entry["key"] == "title")
    assert title == {
        "key": "title",
        "value": "Classic Mug",
        "digest": hashlib.sha256(b"Classic Mug").hexdigest(),
        "locale": "en",
        "type": "SINGLE_LINE_TEXT_FIELD",
    }
    assert resource["translations"] == [{"key": "title", "value": "Klassieke mok", "locale": "nl", "outdated": False}]
    assert _content(call, "gid://shopify/Product/1") is None


def test_translations_register_needs_the_current_digest(call, mug):
    digest = hashlib.sha256(b"Classic Mug").hexdigest()
    good = {"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": digest}
    payload = call("translations_register", resourceId=mug.gid, translations=[good])["data"]["translationsRegister"]
    assert payload == {
        "translations": [{"key": "title", "locale": "nl", "value": "Mok", "outdated": False}],
        "userErrors": [],
    }
    stale = {**good, "translatableContentDigest": hashlib.sha256(b"Old title").hexdigest()}
    payload = call("translations_register", resourceId=mug.gid, translations=[stale])["data"]["translationsRegister"]
    assert payload["translations"] is None
    assert payload["userErrors"] == [
        {
            "field": ["translations", "0", "translatableContentDigest"],
            "message": "Translatable content hash is invalid",
            "code": "INVALID_TRANSLATABLE_CONTENT",
        }
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"locale": "en"}, "INVALID_LOCALE_FOR_SHOP"),
        ({"locale": "xx"}, "INVALID_LOCALE_FOR_SHOP"),
        ({"key": "colour"}, "INVALID_KEY_FOR_MODEL"),
        ({"value": " "}, "BLANK"),
    ],
)
def test_translations_register_rejects_bad_locales_keys_and_values(call, mug, change, code):
    digest = hashlib.sha256(b"Classic Mug").hexdigest()
    translation = {"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": digest, **change}
    payload = call("translations_register", resourceId=mug.gid, translations=[translation])["data"][
        "translationsRegister"
    ]
    assert codes(payload["userErrors"]) == [code]


def test_translation_becomes_outdated_when_the_source_changes(call, mug):
    call("product_set", identifier={"id": mug.gid}, input={"title": "Big Mug"})
    assert _content(call, mug.gid)["translations"][0]["outdated"] is True


def test_metafield_values_are_translatable(call, mug):
    metafield = mug.metafields[0]
    digest = hashlib.sha256(metafield.value.encode()).hexdigest()
    translation = {"locale": "nl", "key": "value", "value": "Keramiek", "translatableContentDigest": digest}
    payload = call("translations_register", resourceId=metafield.gid, translations=[translation])
    assert payload["data"]["translationsRegister"]["userErrors"] == []


def test_publish_and_unpublish(sandbox, call, mug):
    online, pos = (publication.gid for publication in sandbox.state.publications.values())
    mug.publication_ids.clear()
    published = call("publishable_publish", id=mug.gid, input=[{"publicationId": online}, {"publicationId": pos}])
    assert published["data"]["publishablePublish"] == {"publishable": {"id": mug.gid}, "userErrors": []}
    assert len(mug.publication_ids) == 2
    call("publishable_unpublish", id=mug.gid, input=[{"publicationId": pos}])
    assert [sandbox.state.publications[n].title for n in mug.publication_ids] == ["Online Store"]
    unknown = call("publishable_publish", id=mug.gid, input=[{"publicationId": "gid://shopify/Publication/1"}])
    assert unknown["data"]["publishablePublish"]["userErrors"][0]["field"] == ["input", "0", "publicationId"]


def _set_quantity(call, item: str, location: str, quantity: int, key: str | None = "k-1", **row):
    input = {
        "name": "available",
        "reason": "correction",
        "referenceDocumentUri": "onesila://stock/1",
        "quantities": [{"inventoryItemId": item, "locationId": location, "quantity": quantity, **row}],
    }
    return call("inventory_set_quantities", input=input, idempotencyKey=key)


def test_inventory_set_quantities_is_compare_and_swap_with_change_from_quantity(sandbox, call, mug):
    item = mug.variants[0].inventory_item
    location = next(iter(sandbox.state.locations.values())).gid
    stale = _set_quantity(call, item.gid, location, 30, key="a", changeFromQuantity=7)["data"]["inventorySetQuantities"]
    assert stale["inventoryAdjustmentGroup"] is None
    assert stale["userErrors"][0]["code"] == "CHANGE_FROM_QUANTITY_STALE"
    assert stale["userErrors"][0]["field"] == ["input", "quantities", "0", "changeFromQuantity"]
    done = _set_quantity(call, item.gid, location, 30, key="b", changeFromQuantity=25)["data"]["inventorySetQuantities"]
    assert done["userErrors"] == []
    assert done["inventoryAdjustmentGroup"]["changes"] == [
        {
            "name": "available",
            "delta": 5,
            "quantityAfterChange": 30,
            "item": {"id": item.gid},
            "location": {"id": location},
        }
    ]
    levels = call("inventory_item", id=item.gid)["data"]["inventoryItem"]["inventoryLevels"]["nodes"]
    assert levels[0]["quantities"] == [{"name": "available", "quantity": 30}, {"name": "on_hand", "quantity": 30}]


def test_inventory_set_quantities_needs_change_from_quantity_on_every_row_null_skips_the_check(sandbox, call, mug):
    item = mug.variants[0].inventory_item.gid
    location = next(iter(sandbox.state.locations.values())).gid
    missing = _set_quantity(call, item, location, 3, key="a")["data"]["inventorySetQuantities"]
    assert missing["userErrors"][0]["code"] == "COMPARE_QUANTITY_REQUIRED"
    unchecked = _set_quantity(call, item, location, 3, key="b", changeFromQuantity=None)
    assert unchecked["data"]["inventorySetQuantities"]["userErrors"] == []
    assert mug.variants[0].inventory_item.levels[int(location.rsplit("/", 1)[1])]["available"] == 3


def test_a_repeated_idempotency_key_is_not_applied_twice(sandbox, call, mug):
    item = mug.variants[0].inventory_item
    location_id = next(iter(sandbox.state.locations))
    location = sandbox.state.locations[location_id].gid
    first = _set_quantity(call, item.gid, location, 30, key="same", changeFromQuantity=25)["data"]
    item.levels[location_id]["available"] = 12  # an order moved the stock meanwhile
    replay = _set_quantity(call, item.gid, location, 30, key="same", changeFromQuantity=25)["data"]

    assert replay == first
    assert first["inventorySetQuantities"]["userErrors"] == []
    assert item.levels[location_id]["available"] == 12
    other = _set_quantity(call, item.gid, location, 31, key="same", changeFromQuantity=25)["data"]
    assert codes(other["inventorySetQuantities"]["userErrors"]) == ["IDEMPOTENCY_KEY_PARAMETER_MISMATCH"]


def test_a_missing_or_blank_idempotency_key_is_an_error(sandbox, call, mug):
    item = mug.variants[0].inventory_item.gid
    location = next(iter(sandbox.state.locations.values())).gid
    without = """mutation InventorySetQuantities($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) { userErrors { code } }
    }"""
    input = {
        "name": "available",
        "reason": "correction",
        "quantities": [{"inventoryItemId": item, "locationId": location, "quantity": 3, "changeFromQuantity": None}],
    }
    for answer in (
        call(without, input=input),
        _set_quantity(call, item, location, 3, key=" ", changeFromQuantity=None),
    ):
        assert answer["data"]["inventorySetQuantities"] is None
        assert "idempotency key" in answer["errors"][0]["message"]
    assert mug.variants[0].inventory_item.levels[int(location.rsplit("/", 1)[1])]["available"] == 25


def test_inventory_set_quantities_rejects_unknown_items_and_bad_reasons(sandbox, call):
    location = next(iter(sandbox.state.locations.values())).gid
    input = {
        "name": "incoming",
        "reason": "because",
        "quantities": [
            {
                "inventoryItemId": "gid://shopify/InventoryItem/1",
                "locationId": location,
                "quantity": 1,
                "changeFromQuantity": 0,
            }
        ],
    }
    answer = call("inventory_set_quantities", input=input, idempotencyKey="k")["data"]["inventorySetQuantities"]
    assert codes(answer["userErrors"]) == ["INVALID_NAME", "INVALID_REASON", "INVALID_INVENTORY_ITEM"]


def test_webhook_subscription_create_and_duplicate(call):
    variables = {
        "topic": "PRODUCTS_UPDATE",
        "webhookSubscription": {"uri": "https://example.com/hooks", "format": "JSON"},
    }
    payload = call("webhook_subscription_create", **variables)["data"]["webhookSubscriptionCreate"]
    assert payload["userErrors"] == []
    assert payload["webhookSubscription"]["uri"] == "https://example.com/hooks"
    again = call("webhook_subscription_create", **variables)["data"]["webhookSubscriptionCreate"]
    assert again["userErrors"][0]["message"] == "Address for this topic has already been taken"
    plain_http = {"topic": "PRODUCTS_UPDATE", "webhookSubscription": {"uri": "http://example.com/hooks"}}
    refused = call("webhook_subscription_create", **plain_http)["data"]["webhookSubscriptionCreate"]
    assert refused["webhookSubscription"] is None
