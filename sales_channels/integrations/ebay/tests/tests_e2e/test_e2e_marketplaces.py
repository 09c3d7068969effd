"""Two marketplaces of one seller over real HTTP: one task and one offer per marketplace, one shared item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.models import RemoteCurrency, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_marketplaces(company):
    usd = catalog.currency(company, iso="USD")
    gbp = catalog.currency(company, iso="GBP", default=False)
    with EbaySandbox() as sandbox:
        channel = connect_via_oauth(
            channel=new_channel(company=company, sandbox=sandbox, marketplace_ids=["EBAY_US", "EBAY_GB"])
        )
        views = {v.remote_id: v for v in EbayMarketplaceView.objects.filter(sales_channel=channel)}
        for view in views.values():
            view.category_id = "9355"
            view.save()
        assert RemoteCurrency.objects.get(view=views["EBAY_GB"]).local_instance == gbp
        yield sandbox, channel, views, usd, gbp


def test_each_marketplace_gets_its_own_offer_and_an_unassign_keeps_the_other(company, two_marketplaces):
    sandbox, _channel, views, _usd, gbp = two_marketplaces
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=5)
    SalesPrice.objects.create(multi_tenant_company=company, product=mug, currency=gbp, price="10.00")
    catalog.image(company, mug, url="https://images.example.com/mug.jpg", main=True)

    since = last_task_id()
    flows.assign_products(view=views["EBAY_US"], product_ids=[mug.pk])
    flows.assign_products(view=views["EBAY_GB"], product_ids=[mug.pk])
    tasks = run_all(since=since)

    assert sorted((t.usage, t.view_id, t.status) for t in tasks) == sorted(
        [("product.create", views["EBAY_US"].pk, "succeeded"), ("product.create", views["EBAY_GB"].pk, "succeeded")]
    )
    offers = {o["marketplaceId"]: o for o in sandbox.inventory.offers.values() if o["sku"] == "MUG-1"}
    assert offers["EBAY_US"]["pricingSummary"]["price"] == {"value": "12.50", "currency": "USD"}
    assert offers["EBAY_GB"]["pricingSummary"]["price"] == {"value": "10.00", "currency": "GBP"}
    assert offers["EBAY_GB"]["listingPolicies"]["fulfillmentPolicyId"] == "6200000010"
    assert RemoteProduct.objects.filter(local_instance_id=mug.pk).count() == 2

    since = last_task_id()
    flows.unassign_products(view=views["EBAY_GB"], product_ids=[mug.pk])
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert "MUG-1" in sandbox.inventory.items  # still listed on EBAY_US
    assert [o["marketplaceId"] for o in sandbox.inventory.offers.values() if o["sku"] == "MUG-1"] == ["EBAY_US"]
    assert EbayOffer.objects.filter(remote_product__local_instance_id=mug.pk).count() == 1


def test_a_bigger_batch_reads_the_database_no_more_per_listing(company, two_marketplaces):
    _sandbox, _channel, views, _usd, _gbp = two_marketplaces
    view = views["EBAY_US"]

    def push(count: int, prefix: str) -> int:
        items = [catalog.product(company, f"{prefix}-{i}", price="5.00", stock=2) for i in range(count)]
        for item in items:
            catalog.image(company, item, url=f"https://images.example.com/{item.sku}.jpg", main=True)
        since = last_task_id()
        with CaptureQueriesContext(connection) as captured:  # the tasks run at commit (immediate queue) and below
            flows.assign_products(view=view, product_ids=[item.pk for item in items])
            assert {t.status for t in run_all(since=since)} == {"succeeded"}
        return sum(1 for query in captured.captured_queries if query["sql"].lstrip().upper().startswith("SELECT"))

    small, large = push(3, "SMALL"), push(12, "LARGE")
    assert large <= small + 2, (small, large)  # measured: 34 reads for 3 listings and for 12
