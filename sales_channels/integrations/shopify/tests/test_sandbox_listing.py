"""The sandbox's 2026-01 listing surface: productSet identifiers and limits, dynamic costs, media processing,
translatableResourcesByIds, metafieldsDelete, metafieldDefinitionCreate and the ListingFollowUp request."""

from __future__ import annotations

import hashlib

import pytest

from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.sandbox import ShopifySandbox, product_set
from sales_channels.integrations.shopify.sandbox.media import hosted_url
from sales_channels.integrations.shopify.sandbox.testing import ManualClock
from sales_channels.integrations.shopify.tests.sandbox_inputs import (
    graphql_caller,
    metafield_input,
    simple_product_input,
    variant_input,
)

CUSTOM_ID = {"namespace": "onesila_sync", "key": "sku", "value": "BAG-1"}
UNIQUE_DEFINITION = {
    "namespace": "onesila_sync",
    "key": "sku",
    "name": "OneSila SKU",
    "ownerType": "PRODUCT",
    "type": "single_line_text_field",
    "capabilities": {"uniqueValues": {"enabled": True}},
}


def _bag(value: str = "BAG-1", **extra) -> dict:
    custom_id = metafield_input("sku", value, namespace="onesila_sync")
    return {**simple_product_input("Bag", value, metafields=[custom_id]), **extra}


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def sandbox(clock):
    with ShopifySandbox(clock=clock) as running:
        yield running


@pytest.fixture
def call(sandbox):
    return graphql_caller(sandbox)


@pytest.fixture
def unique(call):
    answer = call("metafield_definition_create", definition=UNIQUE_DEFINITION)["data"]["metafieldDefinitionCreate"]
    assert answer["userErrors"] == []
    return answer["createdDefinition"]


def _codes(payload: dict) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


def test_a_second_definition_with_the_same_key_is_taken(call, unique):
    again = call("metafield_definition_create", definition=UNIQUE_DEFINITION)["data"]["metafieldDefinitionCreate"]
    assert (again["createdDefinition"], _codes(again)) == (None, ["TAKEN"])


def test_product_set_upserts_by_custom_id_so_a_retried_create_does_not_duplicate(sandbox, call, unique):
    before = sandbox.product_count
    first = call("product_set", identifier={"customId": CUSTOM_ID}, input=_bag())["data"]["productSet"]
    again = call("product_set", identifier={"customId": CUSTOM_ID}, input=_bag(title="Bag v2"))["data"]["productSet"]

    assert first["userErrors"] == again["userErrors"] == []
    assert first["product"]["id"] == again["product"]["id"]
    assert sandbox.product_count == before + 1
    assert sandbox.state.product_by_gid(first["product"]["id"]).title == "Bag v2"


def test_custom_id_needs_a_unique_definition_and_the_value_in_the_input(sandbox, call, unique):
    no_value = call("product_set", identifier={"customId": CUSTOM_ID}, input={**_bag(), "metafields": []})
    assert _codes(no_value["data"]["productSet"]) == ["MISSING_FIELD_REQUIRED"]
    other = call("product_set", identifier={"customId": CUSTOM_ID}, input=_bag(value="BAG-2"))
    assert _codes(other["data"]["productSet"]) == ["INPUT_MISMATCH"]
    unknown = {"namespace": "custom", "key": "nope", "value": "BAG-1"}
    missing = call("product_set", identifier={"customId": unknown}, input=_bag())["data"]["productSet"]
    assert (missing["userErrors"][0]["field"], _codes(missing)) == (["identifier", "customId"], ["NOT_FOUND"])


def test_a_unique_value_identifies_one_product_only(sandbox, call, unique):
    created = call("product_set", input=_bag())["data"]["productSet"]
    assert created["userErrors"] == []
    twin = call("product_set", input={**_bag(), "title": "Twin"})["data"]["productSet"]
    assert _codes(twin) == ["DUPLICATED_METAFIELD_VALUE"]


def test_inventory_quantities_are_limited_per_call(sandbox, call, monkeypatch):
    monkeypatch.setattr(product_set, "INVENTORY_QUANTITIES_LIMIT", 2)
    location = next(iter(sandbox.state.locations.values())).gid
    rows = [{"locationId": location, "name": "available", "quantity": 1}] * 3
    answer = call("product_set", input={**_bag(), "variants": [variant_input("BAG-1", inventoryQuantities=rows)]})
    assert _codes(answer["data"]["productSet"]) == ["INVENTORY_QUANTITIES_LIMIT_EXCEEDED"]


def test_product_set_costs_ten_plus_its_variants_files_and_metafields(call, unique):
    variables = {"identifier": {"customId": CUSTOM_ID}, "variantsFirst": 1, "mediaFirst": 1}
    plain = call("product_set", input=_bag(), **variables)["extensions"]["cost"]
    files = [{"originalSource": f"https://img.example.com/{n}.jpg", "contentType": "IMAGE"} for n in range(2)]
    metafields = [
        {"namespace": "custom", "key": f"k{n}", "type": "single_line_text_field", "value": "v"} for n in range(5)
    ]
    bag = _bag()
    richer = {**bag, "files": files, "metafields": bag["metafields"] + metafields}
    heavy = call("product_set", input=richer, **variables)["extensions"]["cost"]

    # 2 files x 1.9 + 5 metafields x 0.4 = 5.8 -> rounded up with the rest of the dynamic part
    base = plain["requestedQueryCost"]
    assert base - 10 > 0  # one variant (0.2) and one metafield (0.4): 1 point, plus the selection
    assert heavy["requestedQueryCost"] - base == 6


def test_nodes_by_ids_cost_one_object_per_id(sandbox, call):
    ids = [variant.inventory_item.gid for product in sandbox.state.products.values() for variant in product.variants]
    few = call("inventory_levels_by_items", ids=ids[:1])["extensions"]["cost"]["requestedQueryCost"]
    many = call("inventory_levels_by_items", ids=ids[:4])["extensions"]["cost"]["requestedQueryCost"]
    assert many == 4 * few


def test_translatable_resources_by_ids_reads_many_digests_at_once(sandbox, call):
    products = list(sandbox.state.products.values())[:2]
    answer = call("translatable_resources_by_ids", resourceIds=[p.gid for p in products], first=2)
    nodes = answer["data"]["translatableResourcesByIds"]["nodes"]
    assert [node["resourceId"] for node in nodes] == [p.gid for p in products]
    title = {entry["key"]: entry["digest"] for entry in nodes[0]["translatableContent"]}["title"]
    assert title == hashlib.sha256(products[0].title.encode()).hexdigest()
    no_first = call(
        "query Q($ids: [ID!]!) { translatableResourcesByIds(resourceIds: $ids) { nodes { resourceId } } }", ids=[]
    )
    assert no_first["errors"][0]["message"] == "you must provide one of first or last"


def test_metafields_delete_removes_by_owner_namespace_and_key(sandbox, call):
    mug = next(p for p in sandbox.state.products.values() if p.title == "Classic Mug")
    metafield = mug.metafields[0]
    gone = {"ownerId": mug.gid, "namespace": metafield.namespace, "key": metafield.key}
    unknown = {"ownerId": mug.gid, "namespace": "custom", "key": "never_set"}
    answer = call(
        "listing_follow_up",
        id=mug.gid,
        deleteMetafields=[gone, unknown],
        withPublish=False,
        withUnpublish=False,
        withTranslations=False,
        withMetafieldsDelete=True,
    )
    assert answer["data"] == {"metafieldsDelete": {"userErrors": []}}
    assert all((m.namespace, m.key) != (metafield.namespace, metafield.key) for m in mug.metafields)


def test_the_follow_up_runs_and_costs_only_its_included_parts(sandbox, call):
    mug = next(p for p in sandbox.state.products.values() if p.title == "Classic Mug")
    online = next(p for p in sandbox.state.publications.values() if p.title == "Online Store")
    mug.publication_ids.clear()
    digest = hashlib.sha256(mug.title.encode()).hexdigest()
    flags = {"withPublish": True, "withUnpublish": False, "withTranslations": True, "withMetafieldsDelete": False}
    answer = call(
        "listing_follow_up",
        id=mug.gid,
        publish=[{"publicationId": online.gid}],
        translations=[{"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": digest}],
        **flags,
    )
    assert answer["data"] == {"publishablePublish": {"userErrors": []}, "translationsRegister": {"userErrors": []}}
    assert online.id in mug.publication_ids
    assert sandbox.state.translations[mug.gid][("nl", "title")].value == "Mok"
    only_publish = call(
        "listing_follow_up", id=mug.gid, publish=[{"publicationId": online.gid}], **{**flags, "withTranslations": False}
    )
    both = answer["extensions"]["cost"]["requestedQueryCost"]
    # the mutation alone: its payload object and userErrors cost nothing (Shopify's examples answer 10)
    assert both - only_publish["extensions"]["cost"]["requestedQueryCost"] == 10


def test_new_media_process_then_serve_a_hosted_url_or_fail(sandbox, call, clock):
    sandbox.set_media_processing(5.0)
    files = [
        {"originalSource": "https://img.example.com/bag.jpg", "contentType": "IMAGE"},
        {"originalSource": "https://gone.invalid/bag.jpg", "contentType": "IMAGE"},
    ]
    created = call("product_set", input={**_bag(), "metafields": [], "files": files}, mediaFirst=2)
    media = created["data"]["productSet"]["product"]["media"]["nodes"]
    assert [m["status"] for m in media] == ["PROCESSING", "PROCESSING"]

    clock.advance(5.0)
    query = (
        "query P($id: ID!) { product(id: $id) { media(first: 2) { nodes { id status"
        " ... on MediaImage { image { url } mediaErrors { code message } } } } } }"
    )
    nodes = call(query, id=created["data"]["productSet"]["product"]["id"])["data"]["product"]["media"]["nodes"]
    product = sandbox.state.product_by_gid(created["data"]["productSet"]["product"]["id"])
    assert nodes[0] == {
        "id": media[0]["id"],
        "status": "READY",
        "image": {"url": hosted_url(product.media[0])},
        "mediaErrors": [],
    }
    assert nodes[0]["image"]["url"] != files[0]["originalSource"]
    assert (nodes[1]["status"], nodes[1]["image"]) == ("FAILED", None)
    assert nodes[1]["mediaErrors"][0]["code"] == "IMAGE_DOWNLOAD_FAILURE"


def test_the_clients_product_set_cost_estimate_covers_what_the_sandbox_requests(call, unique):
    files = [{"originalSource": f"https://img.example.com/{n}.jpg", "contentType": "IMAGE"} for n in range(3)]
    variables = {
        "identifier": {"customId": CUSTOM_ID},
        "input": {**_bag(), "files": files},
        "variantsFirst": 1,
        "mediaFirst": 3,
        "withVariants": True,
        "withMedia": True,
    }
    requested = call("product_set", **variables)["extensions"]["cost"]["requestedQueryCost"]

    estimate = payloads.product_set_cost(variables=variables)
    assert requested <= estimate <= requested + 1

    one_file = {**variables, "input": {**_bag(), "files": files[:1]}, "withMedia": False, "withFeaturedMedia": True}
    requested = call("product_set", **one_file)["extensions"]["cost"]["requestedQueryCost"]
    assert requested <= payloads.product_set_cost(variables=one_file) <= requested + 1
