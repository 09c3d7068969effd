"""Choosing a marketplace's policies and category through GraphQL against the sandbox: the offers follow."""

import pytest

from sales_channels.integrations.ebay.factories.sales_channels.metadata import pull_ebay_metadata
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.tests import catalog
from sales_channels.tests.e2e import assign_and_run, last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)

UPDATE = """
mutation ($data: EbayMarketplacePartialInput!) {
  updateEbayMarketplace(data: $data) { marketplace { fulfillmentPolicyId categoryId } changed queued notes }
}"""
POLICIES = """
query ($id: ID!) { ebayMarketplace(pk: $id) { businessPolicies(kind: FULFILLMENT) { remoteId name } } }"""


def test_a_new_fulfillment_policy_reaches_the_live_offer(gql, company, ebay_channel, ebay_view, ebay_sandbox):
    ebay_sandbox.policies["fulfillment"].append(
        {"fulfillmentPolicyId": "6200000099", "name": "Express EBAY_US", "marketplaceId": "EBAY_US"}
    )
    pull_ebay_metadata(channel=ebay_channel)  # the merchant created it in Seller Hub: the next pull reads it
    listed = gql.execute(POLICIES, {"id": str(ebay_view.pk)})["data"]["ebayMarketplace"]["businessPolicies"]
    assert {p["remoteId"] for p in listed} == {"6200000000", "6200000099"}
    mug = catalog.product(company, "MUG-POLICY", name="Mug", price="12.50", stock=7)
    catalog.image(company, mug, url="https://images.example.com/mug.jpg", main=True)
    [created] = assign_and_run(ebay_view, product_ids=[mug.pk])
    assert created.status == "succeeded", created.error
    offer_id = EbayOffer.objects.get(remote_product__local_instance_id=mug.pk).offer_id
    assert ebay_sandbox.inventory.offers[offer_id]["listingPolicies"]["fulfillmentPolicyId"] == "6200000000"

    since = last_task_id()
    answer = gql.execute(UPDATE, {"data": {"id": str(ebay_view.pk), "fulfillmentPolicyId": "6200000099"}})

    assert "errors" not in answer, answer
    assert answer["data"]["updateEbayMarketplace"]["queued"] == 1
    [synced] = run_all(since=since)
    assert (synced.usage, synced.status) == ("product.sync", "succeeded"), synced.error
    assert ebay_sandbox.inventory.offers[offer_id]["listingPolicies"]["fulfillmentPolicyId"] == "6200000099"


def test_the_default_category_is_checked_against_the_marketplace_tree(gql, ebay_view, ebay_sandbox):
    ids = {"id": str(ebay_view.pk)}
    assert ebay_view.category_tree_id  # the connect read the tree

    branch = gql.execute(UPDATE, {"data": {**ids, "categoryId": "1059"}})
    [error] = branch["errors"]
    assert error["extensions"]["field"] == "categoryId"
    assert error["message"] == (
        "categoryId: 1059 (Men's Clothing) is not a leaf category: choose one of its subcategories, "
        "15687 (T-Shirts), 11483 (Jeans), 155183 (Hoodies & Sweatshirts)."
    )
    unknown = gql.execute(UPDATE, {"data": {**ids, "categoryId": "424242"}})
    assert "424242 is not a category of EBAY_US's tree" in unknown["errors"][0]["message"]
    assert EbayMarketplaceView.objects.get(pk=ebay_view.pk).category_id == "9355"

    leaf = gql.execute(UPDATE, {"data": {**ids, "categoryId": "15687"}})

    assert "errors" not in leaf, leaf
    assert leaf["data"]["updateEbayMarketplace"]["changed"] == ["categoryId"]
    assert EbayMarketplaceView.objects.get(pk=ebay_view.pk).category_id == "15687"


def test_a_category_is_accepted_with_a_note_when_ebay_cannot_be_asked(gql, ebay_view, ebay_sandbox):
    ebay_sandbox.stop()  # eBay unreachable: the choice is kept, and the note says when it is checked

    answer = gql.execute(UPDATE, {"data": {"id": str(ebay_view.pk), "categoryId": "15687"}})

    assert "errors" not in answer, answer
    note = answer["data"]["updateEbayMarketplace"]["notes"][0]
    assert note.startswith("eBay could not be asked about the category now")
    assert note.endswith("category 15687 will be checked when its aspects are read, at the first push.")
