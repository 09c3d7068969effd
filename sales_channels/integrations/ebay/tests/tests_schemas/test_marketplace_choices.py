"""A marketplace's choices through GraphQL: listed per view, checked against that view, saved, listings resynced."""

import pytest

from sales_channels.flows.default import assign_signals_muted
from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.integrations.ebay.tests.tests_schemas.rows import seller
from sales_channels.models import MarketplaceSchema, SalesChannelViewAssign, SyncTask
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db

CHOICES = """
query ($id: ID!, $kind: EbayPolicyKind) {
  ebayMarketplace(pk: $id) {
    remoteId fulfillmentPolicyId
    businessPolicies(kind: $kind) { remoteId name kind marketplaceId }
    inventoryLocations { key name country }
  }
}"""
UPDATE = """
mutation ($data: EbayMarketplacePartialInput!) {
  updateEbayMarketplace(data: $data) {
    marketplace { fulfillmentPolicyId paymentPolicyId returnPolicyId merchantLocationKey categoryId condition }
    changed queued notes
  }
}"""
FIELDS = (
    "fulfillment_policy_id",
    "payment_policy_id",
    "return_policy_id",
    "merchant_location_key",
    "category_id",
    "condition",
)


def stored(view: EbayMarketplaceView) -> tuple:
    return tuple(EbayMarketplaceView.objects.filter(pk=view.pk).values_list(*FIELDS).get())


def update(gql, view, **changes) -> dict:
    return gql.execute(UPDATE, {"data": {"id": str(view.pk), **changes}})


@pytest.fixture
def mine(company):
    return seller(company)


def test_policies_by_kind_and_locations_of_a_marketplace(gql, mine):
    answer = gql.execute(CHOICES, {"id": str(mine.us.pk), "kind": "FULFILLMENT"})

    assert "errors" not in answer, answer
    found = answer["data"]["ebayMarketplace"]
    assert found["businessPolicies"] == [
        {"remoteId": "1002", "name": "US express", "kind": "fulfillment", "marketplaceId": "EBAY_US"},
        {"remoteId": "1001", "name": "US standard", "kind": "fulfillment", "marketplaceId": "EBAY_US"},
    ]
    assert found["inventoryLocations"] == [
        {"key": "WH-100-A", "name": "Warehouse A", "country": "US"},
        {"key": "WH-100-B", "name": "Warehouse B", "country": "GB"},
    ]
    every_kind = gql.execute(CHOICES, {"id": str(mine.gb.pk)})["data"]["ebayMarketplace"]["businessPolicies"]
    assert [(p["kind"], p["remoteId"]) for p in every_kind] == [
        ("fulfillment", "1005"),
        ("payment", "1006"),
        ("return", "1007"),
    ]


def test_choices_are_saved_and_the_marketplace_listings_resynced(gql, company, mine):
    catalog.currency(company, iso="USD")
    mugs = [catalog.product(company, f"MUG-{n}", price="5.00", stock=1) for n in range(3)]
    with assign_signals_muted():
        for mug in mugs[:2]:  # the third is sold in GB only
            SalesChannelViewAssign.objects.create(
                multi_tenant_company=company, sales_channel=mine.channel, view=mine.us, product=mug
            )
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=company, sales_channel=mine.channel, view=mine.gb, product=mugs[2]
        )

    answer = update(
        gql, mine.us, fulfillmentPolicyId="1002", merchantLocationKey="WH-100-B", condition="used_excellent"
    )

    assert "errors" not in answer, answer
    result = answer["data"]["updateEbayMarketplace"]
    assert result["changed"] == ["fulfillmentPolicyId", "merchantLocationKey", "condition"]
    assert result["queued"] == 2
    assert result["notes"] == ["2 listing sync(s) queued for EBAY_US."]
    assert stored(mine.us) == ("1002", "1003", "1004", "WH-100-B", "", "USED_EXCELLENT")
    tasks = SyncTask.objects.filter(sales_channel=mine.channel)
    assert sorted(tasks.values_list("usage", "view_id", "object_id")) == [
        ("product.sync", mine.us.pk, mugs[0].pk),
        ("product.sync", mine.us.pk, mugs[1].pk),
    ]

    again = update(gql, mine.us, fulfillmentPolicyId="1002")["data"]["updateEbayMarketplace"]
    assert (again["changed"], again["queued"], again["notes"]) == ([], 0, [])


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"fulfillmentPolicyId": "1005"}, "fulfillmentPolicyId", "1005 is a policy of EBAY_GB, not of EBAY_US"),
        ({"fulfillmentPolicyId": "1003"}, "fulfillmentPolicyId", "1003 is a payment policy, not a fulfillment"),
        ({"returnPolicyId": "999"}, "returnPolicyId", "999 is not a return policy of EBAY_US"),
        ({"paymentPolicyId": ""}, "paymentPolicyId", "a listing needs a payment policy: choose one of 1003"),
        ({"merchantLocationKey": "NOWHERE"}, "merchantLocationKey", "'NOWHERE' is not an inventory location"),
        ({"condition": "USED"}, "condition", "'USED' is not an eBay item condition: use one of NEW, LIKE_NEW"),
        ({"condition": "MANUFACTURER_REFURBISHED"}, "condition", "use CERTIFIED_REFURBISHED"),
        ({"categoryId": "T-Shirts"}, "categoryId", "'T-Shirts' is not an eBay category id"),
    ],
)
def test_an_invalid_choice_names_the_field_and_saves_nothing(gql, mine, changes, field, says):
    before = stored(mine.us)

    valid = {"condition": "NEW_OTHER"} if field == "merchantLocationKey" else {"merchantLocationKey": "WH-100-B"}
    answer = update(gql, mine.us, **changes, **valid)

    [error] = answer["errors"]
    assert error["message"].startswith(f"{field}: "), error
    assert says in error["message"]
    assert error["extensions"]["field"] == field
    assert stored(mine.us) == before  # the valid choice sent along was not saved either
    assert not SyncTask.objects.exists()


def test_a_refusal_lists_what_to_choose(gql, mine):
    error = update(gql, mine.us, fulfillmentPolicyId="1005", paymentPolicyId="1006")["errors"][0]
    assert set(error["extensions"]["fields"]) == {"fulfillmentPolicyId", "paymentPolicyId"}
    assert "choose one of 1002 (US express), 1001 (US standard)" in error["extensions"]["fields"]["fulfillmentPolicyId"]
    assert "Seller Hub" in error["extensions"]["fields"]["paymentPolicyId"]


def test_a_category_is_accepted_with_a_note_until_the_tree_is_known(gql, mine):
    answer = update(gql, mine.us, categoryId="15687")["data"]["updateEbayMarketplace"]
    assert answer["marketplace"]["categoryId"] == "15687"
    assert answer["notes"][0] == (
        "EBAY_US has not read its category tree yet (pull the metadata): category 15687 will be checked when "
        "its aspects are read, at the first push."
    )
    cleared = update(gql, mine.us, categoryId="")["data"]["updateEbayMarketplace"]
    assert cleared["marketplace"]["categoryId"] == ""


def test_an_imported_category_is_a_known_leaf(gql, company, mine):
    EbayMarketplaceView.objects.filter(pk=mine.us.pk).update(category_tree_id="0", category_tree_version="1")
    MarketplaceSchema.objects.create(
        multi_tenant_company=company, sales_channel=mine.channel, view=mine.us, remote_type="9355", schema={}
    )
    answer = update(gql, mine.us, categoryId="9355")  # no eBay call: the channel has no reachable host here

    assert "errors" not in answer, answer
    assert answer["data"]["updateEbayMarketplace"]["notes"] == ["0 listing sync(s) queued for EBAY_US."]


def test_another_company_can_neither_list_nor_change_the_choices(gql, other_gql, company, other_company, mine):
    theirs = seller(other_company, name="Their eBay", base=200)
    before = stored(mine.us)

    assert other_gql.execute(CHOICES, {"id": str(mine.us.pk)})["data"]["ebayMarketplace"] is None
    listed = other_gql.execute("{ ebayBusinessPolicies { remoteId } ebayInventoryLocations { key } }")["data"]
    assert {p["remoteId"] for p in listed["ebayBusinessPolicies"]} == {"2001", "2002", "2003", "2004", "2005"} | {
        "2006",
        "2007",
    }
    assert {row["key"] for row in listed["ebayInventoryLocations"]} == {"WH-200-A", "WH-200-B"}
    refused = update(other_gql, mine.us, fulfillmentPolicyId="1002")
    assert refused["errors"][0]["message"] == f"eBay marketplace with id {mine.us.pk} was not found."
    assert stored(mine.us) == before

    # Nor can a company choose another company's policy or location for its own marketplace.
    borrowed = update(other_gql, theirs.us, fulfillmentPolicyId="1001", merchantLocationKey="WH-100-A")
    assert set(borrowed["errors"][0]["extensions"]["fields"]) == {"fulfillmentPolicyId", "merchantLocationKey"}
    assert "1001" not in str(gql.execute(CHOICES, {"id": str(theirs.us.pk)}))


def test_on_an_inactive_channel_the_choice_is_saved_and_nothing_queued(gql, company, mine):
    catalog.currency(company, iso="USD")
    mug = catalog.product(company, "MUG-OFF", price="5.00", stock=1)
    with assign_signals_muted():
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=company, sales_channel=mine.channel, view=mine.us, product=mug
        )
    type(mine.channel).objects.filter(pk=mine.channel.pk).update(active=False)

    answer = update(gql, mine.us, returnPolicyId="1004", paymentPolicyId="1003", fulfillmentPolicyId="1002")

    result = answer["data"]["updateEbayMarketplace"]
    assert (result["changed"], result["queued"]) == (["fulfillmentPolicyId"], 0)
    assert result["notes"] == ["The channel is inactive: no listing was resynced; resync it once it is active."]
    assert stored(mine.us)[0] == "1002"
    assert not SyncTask.objects.exists()


@pytest.mark.parametrize("view_id", ["abc", "999999"])
def test_an_unknown_marketplace_is_not_found(gql, mine, view_id):
    answer = gql.execute(UPDATE, {"data": {"id": view_id, "condition": "NEW"}})
    assert answer["errors"][0]["message"] == f"eBay marketplace with id {view_id} was not found."
