"""Every request the integration sends and every answer the sandbox gives, validated against eBay's specs."""

from decimal import Decimal

import pytest
from openapi_core.validation.request.exceptions import RequestValidationError

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.imports import listings_report
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.replies import Reply
from sales_channels.integrations.ebay.sandbox.server import Exchange
from sales_channels.integrations.ebay.tests import openapi_check
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_import import run_import
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_orders import run_orders
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import sizes
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def specs():
    return openapi_check.specs_or_skip()


def test_connect_push_change_import_and_delete_all_match_ebays_specs(company):
    catalog.currency(company, iso="USD")
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    catalog.image(company, mug, url="https://images.example.com/mug.jpg", main=True)
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"], price="19.90", stock=4)
    catalog.image(company, tee, url="https://images.example.com/tee.jpg", main=True)
    sizes(company, tee)
    with EbaySandbox(record_exchanges=True) as sandbox:
        channel = connect_via_oauth(channel=new_channel(company=company, sandbox=sandbox))
        view = EbayMarketplaceView.objects.get(sales_channel=channel)
        view.category_id = "9355"
        view.save()
        since = last_task_id()
        flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
        assert {t.status for t in run_all(since=since)} == {"succeeded"}
        price = SalesPrice.objects.get(product=mug)
        price.price = Decimal("13.00")
        price.save()
        run_all(since=since)
        assert run_import(channel).status == "succeeded"
        assert run_orders(channel).status == "succeeded"
        assert run_orders(channel).status == "succeeded"  # the second asks for changes since the first
        since = last_task_id()
        flows.unassign_products(view=view, product_ids=[mug.pk, tee.pk])
        assert {t.status for t in run_all(since=since)} == {"succeeded"}
        exchanges = list(sandbox.exchanges)

    checked = [e for e in exchanges if openapi_check.covered(e.path)]
    operations = {f"{e.method} {e.path.split('/v1', 1)[-1]}" for e in checked}
    for expected in (
        "POST /bulk_create_or_replace_inventory_item",
        "POST /bulk_create_offer",
        "POST /bulk_publish_offer",
        "POST /bulk_update_price_quantity",
        "PUT /inventory_item_group/TEE",
        "POST /offer/publish_by_inventory_item_group",
        "GET /inventory_item",
        "GET /offer",
        "GET /user/",
        "GET /fulfillment_policy",
        "GET /location",
        "GET /order",
    ):
        assert expected in operations, expected
    assert openapi_check.problems(checked) == []


def test_the_validator_refuses_what_ebay_would_refuse():
    wrong = Exchange(
        "POST",
        "/sell/inventory/v1/bulk_create_or_replace_inventory_item",
        {},
        {"content-type": "application/json", "content-language": "en-US"},
        b'{"requests": [{"sku": 5}]}',
        Reply(200, {"Content-Type": "application/json"}, b'{"responses": []}'),
    )
    with pytest.raises(RequestValidationError):
        openapi_check.validate(wrong)


def test_the_import_listing_report_matches_the_sell_feed_spec(company, monkeypatch):
    """Feed calls (createInventoryTask, getInventoryTask, getResultFile) and their errors against sell_feed_v1."""
    monkeypatch.setattr(listings_report, "POLL_DELAYS", (0.0, 0.0, 0.0, 0.0))
    catalog.currency(company, iso="USD")
    with EbaySandbox(record_exchanges=True) as sandbox:
        channel = connect_via_oauth(channel=new_channel(company=company, sandbox=sandbox))
        process = run_import(channel)
        client = EbayClient(channel=channel, session=build_session(channel=channel))
        for refused in (
            lambda: client.inventory_task(task_id="task-404-1"),  # 404 160003
            lambda: client.result_file(task_id="task-404-1"),
            lambda: client.create_inventory_task(marketplace="EBAY_XX"),  # 400 160027
        ):
            with pytest.raises(SalesChannelError):
                refused()
        exchanges = [e for e in sandbox.exchanges or [] if e.path.startswith("/sell/feed/v1/")]

    assert process.warning_count == 2  # the seeded Trading-API listings
    assert [(e.method, e.path.split("/v1", 1)[-1].rsplit("/", 1)[0], e.reply.status) for e in exchanges] == [
        ("POST", "", 202),
        ("GET", "/inventory_task", 200),
        ("GET", "/inventory_task", 200),
        ("GET", f"/task/{exchanges[1].path.rsplit('/', 1)[-1]}", 200),
        ("GET", "/inventory_task", 404),
        ("GET", "/task/task-404-1", 404),
        ("POST", "", 400),
    ]
    assert openapi_check.problems(exchanges) == []
