"""Every SP-API request the integration sends and every answer the sandbox gives validate against Amazon's models."""

import json

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.feeds import FEED_MIN_MESSAGES
from sales_channels.integrations.amazon.factories.metadata import client_for, search_product_types
from sales_channels.integrations.amazon.tests import vendor_specs
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.integrations.amazon.tests.tests_e2e.test_e2e_import_report import FAMILY, add_hats, add_shirt_family
from sales_channels.models import SyncTask

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not vendor_specs.available(), reason="../shared/vendor-specs/amazon is absent"),
]


@pytest.fixture
def amazon_sandbox(amazon_sandbox):
    amazon_sandbox.record_bodies = True
    return amazon_sandbox


def _decoded(raw: bytes):
    return json.loads(raw) if raw else None


def checked_operations(request_log) -> dict[str, int]:
    """Each logged call of a published operation checked against Amazon's schemas (request and answer); counts."""
    checked: dict[str, int] = {}
    for entry in request_log:
        operation = entry["operation"]
        if operation not in vendor_specs.operations():
            continue
        body = _decoded(entry["body"]) if entry["method"] in ("PUT", "PATCH", "POST") else None
        assert vendor_specs.request_errors(operation, body) == [], (operation, body)
        answer = _decoded(entry["answer"])
        assert vendor_specs.answer_errors(operation, entry["status"], answer) == [], (operation, answer)
        checked[operation] = checked.get(operation, 0) + 1
    return checked


def test_requests_and_answers_match_the_published_models(company, shirts, amazon_channel, amazon_sandbox):
    items = [shirts.shirt(f"SPEC-{n:03}") for n in range(FEED_MIN_MESSAGES + 1)]
    flows.assign_products(view=shirts.view, product_ids=[item.pk for item in items])
    run_all()
    single = shirts.shirt("SPEC-SINGLE", brand="Acme")
    flows.assign_products(view=shirts.view, product_ids=[single.pk])
    run_all()
    SyncTask.objects.create(
        multi_tenant_company=company,
        sales_channel=amazon_channel,
        view=shirts.view,
        usage="stock.update",
        object_id=single.pk,
    )
    run_all()
    client = client_for(amazon_channel)
    client.search_listings(marketplace_id=US, skus=["SPEC-001", "SPEC-002"])
    assert client.get_listing(sku="MISSING", marketplace_id=US) is None  # a 404 ErrorList
    search_product_types(channel=amazon_channel, view=shirts.view, keywords="shirt")
    flows.unassign_products(view=shirts.view, product_ids=[single.pk])
    run_all()
    client.search_orders(marketplace_ids=[US], last_updated_after="2020-01-01T00:00:00Z", page_size=2)

    checked = checked_operations(amazon_sandbox.request_log)
    assert {
        "getMarketplaceParticipations",
        "getDefinitionsProductType",
        "searchDefinitionsProductTypes",
        "putListingsItem",
        "patchListingsItem",
        "deleteListingsItem",
        "getListingsItem",
        "searchListingsItems",
        "createFeedDocument",
        "createFeed",
        "getFeed",
        "getFeedDocument",
        "searchOrders",
    } <= set(checked)

    uploads = [entry for entry in amazon_sandbox.request_log if entry["operation"] == "upload"]
    assert vendor_specs.feed_document_errors(_decoded(uploads[0]["body"])) == []
    downloads = [entry for entry in amazon_sandbox.request_log if entry["operation"] == "download"]
    assert vendor_specs.feed_report_errors(_decoded(downloads[0]["answer"])) == []


def test_the_report_import_and_restrictions_match_the_published_models(company, shirts, amazon_channel, amazon_sandbox):
    add_hats(amazon_sandbox, 1000)
    add_shirt_family(amazon_sandbox, "TEE-1", FAMILY)
    amazon_sandbox.reports.processing_seconds = 0.0
    amazon_sandbox.listings.restricted_asins["B0GATED001"] = ("APPROVAL_REQUIRED", "Approval is required.")
    process = flows.start_import(channel=amazon_channel)
    process.refresh_from_db()
    assert process.status == "succeeded", process.error
    client = client_for(amazon_channel)
    assert client.listings_restrictions(asin="B0GATED001", condition_type="new_new", marketplace_id=US)
    assert client.listings_restrictions(asin="B0FREE0001", condition_type="", marketplace_id=US) == []

    checked = checked_operations(amazon_sandbox.request_log)
    assert {"createReport", "getReport", "getReportDocument", "searchListingsItems", "getListingsRestrictions"} <= set(
        checked
    )
