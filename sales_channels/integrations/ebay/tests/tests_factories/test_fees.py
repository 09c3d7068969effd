"""Dry-run listing fees with HTTP mocked at the transport (`responses`): chunks, wording, failures, no writes."""

import json

import pytest
import responses

from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_session
from sales_channels.factories.outcomes import StepOutcome
from sales_channels.integrations.ebay.client import FEES_LIMIT, EbayClient
from sales_channels.integrations.ebay.factories.products.fees import (
    NO_OFFER,
    PUBLISHED,
    Quotable,
    describe,
    fee_chunks,
    fee_notes,
    quote_one,
    with_note,
)
from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.integrations.ebay.spec import EBAY_SPEC
from sales_channels.integrations.ebay.tests.channels import connected_channel

FEES_URL = "https://api.ebay.com/sell/inventory/v1/offer/get_listing_fees"


@pytest.fixture
def context(company):
    channel = connected_channel(company)
    view = EbayMarketplaceView.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        remote_id="EBAY_US",
        name="eBay US",
        currency="USD",
        content_language="en-US",
        fulfillment_policy_id="F1",
        payment_policy_id="P1",
        return_policy_id="R1",
        merchant_location_key="WAREHOUSE-1",
    )
    session = build_session(channel=channel)
    session.sleep = lambda seconds: None
    client = EbayClient(channel=channel, session=session)
    return StepContext(channel=channel, spec=EBAY_SPEC, client=client, session=session, view=view, dry_run=True)


def summary(value: str, *, marketplace: str = "EBAY_US", discount: str = "0.0", **extra) -> dict:
    fees = [
        {
            "feeType": "InsertionFee",
            "amount": {"value": value, "currency": "USD"},
            "promotionalDiscount": {"value": discount, "currency": "USD"},
        },
        {"feeType": "SubtitleFee", "amount": {"value": "0.0", "currency": "USD"}},
    ]
    return {"feeSummaries": [{"marketplaceId": marketplace, "fees": fees, **extra}]}


def sent_offers(call) -> list[str]:
    return [entry["offerId"] for entry in json.loads(call.request.body)["offers"]]


@responses.activate
def test_the_client_asks_with_the_user_token_and_returns_the_summaries(context):
    responses.post(FEES_URL, json=summary("0.35"))

    answer = context.client.listing_fees(offer_ids=["1", "2"])

    assert answer[0]["fees"][0]["amount"] == {"value": "0.35", "currency": "USD"}
    [call] = responses.calls
    assert call.request.headers["Authorization"] == "Bearer v^user"
    assert call.request.headers["Content-Type"] == "application/json"
    assert sent_offers(call) == ["1", "2"]


@responses.activate
def test_listings_are_quoted_in_chunks_of_250_offers_one_call_each(context):
    responses.post(FEES_URL, json=summary("87.15"))
    responses.post(FEES_URL, json=summary("0.35"))
    listings = [Quotable(key=f"k{i}", offer_ids=(str(i),)) for i in range(FEES_LIMIT + 1)]

    notes = fee_notes(context=context, quotables=listings)

    assert [len(sent_offers(call)) for call in responses.calls] == [FEES_LIMIT, 1]
    assert all(call.request.method == "POST" for call in responses.calls)
    assert notes["k0"] == (
        "eBay insertion fee: 87.15 USD for the 250 listings quoted together "
        "(eBay sums fees per marketplace, not per listing)."
    )
    assert notes[f"k{FEES_LIMIT}"] == "eBay insertion fee: 0.35 USD."


def test_a_configurables_offers_stay_in_one_chunk():
    group = Quotable(key="tee", offer_ids=tuple(str(i) for i in range(3)))
    singles = [Quotable(key=f"k{i}", offer_ids=(f"s{i}",)) for i in range(FEES_LIMIT - 1)]
    notes_only = Quotable(key="new", note=NO_OFFER)

    chunks = fee_chunks([*singles, notes_only, group])

    assert [[q.key for q in chunk][-1:] for chunk in chunks] == [["k248"], ["tee"]]
    assert sum(len(q.offer_ids) for q in chunks[0]) == FEES_LIMIT - 1


@responses.activate
def test_notes_make_no_call_and_a_refused_call_reads_as_unavailable(context):
    refusal = {
        "errors": [
            {
                "errorId": 25754,
                "domain": "API_INVENTORY",
                "category": "REQUEST",
                "message": "One or more provided offerId(s) are invalid.",
                "parameters": [{"name": "offerId", "value": "9"}],
            }
        ]
    }
    responses.post(FEES_URL, json=refusal, status=400)
    listings = [
        Quotable(key="new", note=NO_OFFER),
        Quotable(key="live", note=PUBLISHED),
        Quotable(key="a", offer_ids=("8",)),
        Quotable(key="b", offer_ids=("9",)),
    ]

    notes = fee_notes(context=context, quotables=listings)

    assert len(responses.calls) == 1
    assert (notes["new"], notes["live"]) == (NO_OFFER, PUBLISHED)
    assert (
        notes["a"]
        == notes["b"]
        == ("eBay listing fees unavailable: 25754: One or more provided offerId(s) are invalid.")
    )


@responses.activate
def test_a_server_error_is_retried_then_reported_without_failing(context):
    responses.post(FEES_URL, status=503, json={"errors": []})

    notes = fee_notes(context=context, quotables=[Quotable(key="a", offer_ids=("8",))])

    assert len(responses.calls) > 1  # read-only: retried like any idempotent call
    assert notes["a"].startswith("eBay listing fees unavailable: HTTP 503")


def test_the_wording_in_the_merchants_terms():
    def said(answer: dict, listings: int = 1) -> str:
        return describe(summaries=answer["feeSummaries"], marketplace="EBAY_US", listings=listings)

    assert said(summary("0.35")) == "eBay insertion fee: 0.35 USD."
    assert said(summary("0.0")) == "eBay listing fees: none (0.00 USD)."
    assert said(summary("0.35", discount="0.10")) == (
        "eBay insertion fee: 0.35 USD (eBay promotional discount 0.10 USD)."
    )
    assert said(summary("0.35", warnings=[{"errorId": 1, "message": "Free listings used up."}])) == (
        "eBay insertion fee: 0.35 USD. eBay notes: Free listings used up."
    )
    assert said(summary("0.35", marketplace="EBAY_GB")) == (
        "eBay listing fees unavailable: eBay's answer has no fees for EBAY_US."
    )


@responses.activate
def test_one_listing_without_an_offer_is_told_so_and_only_changes_are_quoted(context):
    created = StepOutcome(kind="created", detail="Dry run.")
    unchanged = StepOutcome(kind="unchanged", detail="Dry run.")

    assert quote_one(context=context, outcome=created, mirror=None, group=False).detail == f"Dry run. {NO_OFFER}"
    assert quote_one(context=context, outcome=unchanged, mirror=None, group=False) is unchanged
    assert with_note(StepOutcome(kind="created"), "x.").detail == "x."
    assert len(responses.calls) == 0
