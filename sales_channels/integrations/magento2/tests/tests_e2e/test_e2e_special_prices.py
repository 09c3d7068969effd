"""Special prices from price lists against the sandbox: set with the list's days through the bulk push and
through live price changes, replaced when the window changes, removed when the list no longer applies,
and sent or removed by the daily pass on the days a list starts or has ended."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests import swagger
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.sandbox_calls import SignedCalls
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, run_all, shirt_family
from sales_channels.models import RemoteJob
from sales_channels.price_windows import queue_window_changes
from sales_channels.tests import catalog
from sales_prices.models import SalesPriceList, SalesPriceListItem

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(company, magento_sandbox):
    euro = catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel, Magento2StoreView.objects.get(sales_channel=channel, code="default"), euro


def sale(company, euro, *, products, price: str, end_in_days: int | None = 10) -> SalesPriceList:
    today = timezone.localdate()
    end = today + datetime.timedelta(days=end_in_days) if end_in_days is not None else None
    price_list = SalesPriceList.objects.create(
        multi_tenant_company=company, name=f"Sale {price}", currency=euro, start_date=today, end_date=end
    )
    for product in products:
        SalesPriceListItem.objects.create(
            multi_tenant_company=company, price_list=price_list, product=product, price=Decimal(price)
        )
    return price_list


def test_a_price_list_in_force_is_a_special_price_with_its_days_and_goes_when_the_list_item_goes(
    company, magento_sandbox, store
):
    channel, view, euro = store
    item = catalog.product(company, "SALE-1", name="Sale mug", price="20.00", stock=3)
    price_list = sale(company, euro, products=[item], price="15.00")
    today = timezone.localdate()
    flows.assign_products(view=view, product_ids=[item.pk])
    tasks = run_all(sandbox=magento_sandbox, since=0)
    assert [t.status for t in tasks] == ["succeeded"], [t.error for t in tasks]
    state = magento_sandbox.state
    assert state.products["SALE-1"]["price"] == 20.0  # the product's own price stays its price
    assert state.special_prices["SALE-1"] == {
        0: {
            "price": 15.0,
            "price_from": f"{today.isoformat()} 00:00:00",
            "price_to": f"{(today + datetime.timedelta(days=10)).isoformat()} 23:59:59",
        }
    }

    price_list.end_date = None  # open-ended now: the old end date must not stay behind
    price_list.save()
    listed = SalesPriceListItem.objects.get(product=item)
    listed.price = Decimal("14.00")
    listed.save()  # a price change: price.update
    since = last_task_id() - 1
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert [(t.usage, t.status) for t in tasks] == [("price.update", "succeeded")], [t.error for t in tasks]
    assert state.special_prices["SALE-1"] == {0: {"price": 14.0, "price_from": f"{today.isoformat()} 00:00:00"}}

    SalesPriceListItem.objects.get(product=item).delete()  # the list no longer applies
    run_all(sandbox=magento_sandbox, since=since)
    assert state.special_prices.get("SALE-1", {}) == {}
    assert state.products["SALE-1"]["price"] == 20.0
    paths = [r["path"] for r in magento_sandbox.requests]
    assert any(path.endswith("/V1/products/special-price-delete") for path in paths)
    assert swagger.sent_request_errors(magento_sandbox) == {}


def test_the_bulk_push_sets_the_children_special_prices_after_the_bulk(company, magento_sandbox, store):
    channel, view, euro = store
    shirt = shirt_family(company)
    children = [link.variation for link in shirt.variation_links.select_related("variation")]
    sale(company, euro, products=children, price="19.00", end_in_days=None)
    extra = catalog.product(company, "PLAIN-1", name="Plain", price="3.00", stock=1)  # four products: a bulk
    flows.assign_products(view=view, product_ids=[shirt.pk, extra.pk])
    tasks = run_all(sandbox=magento_sandbox, since=0)
    assert [t.status for t in tasks] == ["succeeded", "succeeded"], [t.error for t in tasks]
    assert RemoteJob.objects.filter(kind="products_bulk", status="completed").count() == 1
    state = magento_sandbox.state
    for child in ("SHIRT-LOOSE", "SHIRT-SLIM"):
        assert state.products[child]["price"] == 29.0
        assert state.special_prices[child][0]["price"] == 19.0
        assert "price_to" not in state.special_prices[child][0]
    assert "SHIRT" not in state.special_prices  # a configurable takes no price of its own
    shown = {c["attribute_code"]: c["value"] for c in state.products["SHIRT-SLIM"]["custom_attributes"]}
    assert "special_price" not in shown  # stored apart from the product row, as Magento's price storage
    calls = SignedView(magento_sandbox).product("SHIRT-SLIM")
    assert {c["attribute_code"] for c in calls["custom_attributes"]} >= {"special_price", "special_from_date"}


class SignedView:
    """Reads a product back through the sandbox's REST (what a merchant's GET shows)."""

    def __init__(self, sandbox) -> None:
        self.calls = SignedCalls(sandbox)

    def product(self, sku: str) -> dict:
        return self.calls.json("GET", f"/rest/all/V1/products/{sku}")


def test_the_daily_pass_sends_a_list_that_starts_and_removes_one_that_ended(company, magento_sandbox, store):
    channel, view, euro = store
    item = catalog.product(company, "DAY-1", name="Day mug", price="20.00", stock=3)
    today = timezone.localdate()
    price_list = sale(company, euro, products=[item], price="16.00")
    SalesPriceList.objects.filter(pk=price_list.pk).update(start_date=today + datetime.timedelta(days=1))
    flows.assign_products(view=view, product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=0)
    state = magento_sandbox.state
    assert "DAY-1" not in state.special_prices  # not in force yet

    SalesPriceList.objects.filter(pk=price_list.pk).update(start_date=today)  # the day it starts (no save)
    since = last_task_id()
    assert queue_window_changes(day=today) == 1
    run_all(sandbox=magento_sandbox, since=since)
    assert state.special_prices["DAY-1"][0]["price"] == 16.0

    yesterday = today - datetime.timedelta(days=1)
    SalesPriceList.objects.filter(pk=price_list.pk).update(start_date=yesterday, end_date=yesterday)
    since = last_task_id()
    assert queue_window_changes(day=today) == 1
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert [(t.usage, t.status) for t in tasks] == [("price.update", "succeeded")]
    assert state.special_prices.get("DAY-1", {}) == {}
