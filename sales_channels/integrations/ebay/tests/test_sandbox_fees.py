"""The sandbox's get_listing_fees over HTTP: the free-listing allowance, groups as one listing, eBay's refusals."""

import pytest
import requests

from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.fees import FEES_LIMIT, FREE_LISTINGS
from sales_channels.integrations.ebay.sandbox.server import INVENTORY
from sales_channels.integrations.ebay.tests import openapi_check
from sales_channels.integrations.ebay.tests.test_sandbox import bearer, user_grant

FEES = f"{INVENTORY}/offer/get_listing_fees"


@pytest.fixture
def sandbox():
    with EbaySandbox(record_exchanges=True) as running:
        yield running


def offer(sandbox, sku: str, *, marketplace: str = "EBAY_US", published: bool = False) -> str:
    """An offer as `bulk_create_offer` leaves it (unpublished), or as a publish leaves it."""
    offer_id = str(7_000_000_000 + len(sandbox.inventory.offers))
    found = {"offerId": offer_id, "sku": sku, "marketplaceId": marketplace, "format": "FIXED_PRICE"}
    found["status"] = "PUBLISHED" if published else "UNPUBLISHED"
    if published:
        found["listing"] = {"listingId": f"L-{marketplace}-{sku}", "listingStatus": "ACTIVE"}
    sandbox.inventory.offers[offer_id] = found
    return offer_id


def ask(sandbox, offer_ids: list[str]) -> requests.Response:
    token = user_grant(sandbox)["access_token"]
    body = {"offers": [{"offerId": offer_id} for offer_id in offer_ids]}
    return requests.post(f"{sandbox.base_url}{FEES}", json=body, headers=bearer(token), timeout=5)


def insertion(answer: requests.Response, marketplace: str) -> dict:
    summary = next(s for s in answer.json()["feeSummaries"] if s["marketplaceId"] == marketplace)
    return next(f["amount"] for f in summary["fees"] if f["feeType"] == "InsertionFee")


def test_the_allowance_is_free_then_each_listing_costs_the_insertion_fee(sandbox):
    published_before = sandbox.counts()["listings"]
    wanted = [offer(sandbox, f"NEW-{i}") for i in range(FREE_LISTINGS - published_before + 2)]

    answer = ask(sandbox, wanted)

    assert answer.status_code == 200, answer.text
    assert insertion(answer, "EBAY_US") == {"value": "0.70", "currency": "USD"}  # two beyond the allowance
    fee_types = {f["feeType"] for f in answer.json()["feeSummaries"][0]["fees"]}
    assert fee_types == {"InsertionFee", "SubtitleFee", "BoldFee"}
    assert ask(sandbox, wanted[:1]).json()["feeSummaries"][0]["fees"][0]["amount"]["value"] == "0.00"
    for exchange in sandbox.exchanges:
        if exchange.path == FEES:
            openapi_check.specs_or_skip()
            openapi_check.validate(exchange)


def test_fees_are_summed_per_marketplace_and_a_group_is_one_listing(sandbox):
    for index in range(FREE_LISTINGS):
        offer(sandbox, f"LIVE-{index}", published=True)
        offer(sandbox, f"LIVE-{index}", marketplace="EBAY_GB", published=True)
    variants = [offer(sandbox, sku) for sku in ("TEE-S", "TEE-M", "TEE-L")]
    sandbox.inventory.groups["TEE"] = {"variantSKUs": ["TEE-S", "TEE-M", "TEE-L"]}
    british = offer(sandbox, "MUG-GB", marketplace="EBAY_GB")

    answer = ask(sandbox, [*variants, british])

    assert [s["marketplaceId"] for s in answer.json()["feeSummaries"]] == ["EBAY_GB", "EBAY_US"]
    assert insertion(answer, "EBAY_US") == {"value": "0.35", "currency": "USD"}
    assert insertion(answer, "EBAY_GB") == {"value": "0.35", "currency": "GBP"}


@pytest.mark.parametrize(
    ("case", "error_id"),
    [("unknown", 25754), ("published", 25754), ("none", 25709), ("too_many", 25709)],
)
def test_refusals_have_ebays_shape_and_quote_nothing(sandbox, case, error_id):
    fresh = offer(sandbox, "FRESH-1")
    offer_ids = {
        "unknown": [fresh, "999"],
        "published": [fresh, offer(sandbox, "LIVE-1", published=True)],
        "none": [],
        "too_many": [fresh] * (FEES_LIMIT + 1),
    }[case]

    answer = ask(sandbox, offer_ids)

    assert answer.status_code == 400
    [found] = answer.json()["errors"]
    assert found["errorId"] == error_id
    assert found["domain"] == "API_INVENTORY"
    if error_id == 25754:
        assert found["parameters"] == [{"name": "offerId", "value": offer_ids[1]}]
