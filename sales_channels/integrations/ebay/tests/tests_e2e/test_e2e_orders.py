"""Orders polled from the sandbox's Fulfillment API over real HTTP: created once, changes picked up, resumable."""

from datetime import UTC, datetime

import pytest

from orders.models import Order
from sales_channels.integrations.ebay.factories.imports import orders as order_imports
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import orders as sandbox_orders
from sales_channels.models import ImportProcess
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def run_orders(channel) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="orders"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_orders_are_imported_once_and_the_next_poll_asks_only_for_changes(
    company, ebay_channel, ebay_sandbox, monkeypatch
):
    monkeypatch.setattr(order_imports.EbayOrdersImport, "page_size", 2)
    mug = catalog.product(company, "EBAY-MUG-1", name="Mug")

    first = run_orders(ebay_channel)

    assert (first.status, first.created_count, first.failed_count) == ("succeeded", 3, 0)
    order = Order.objects.get(remote_reference=next(iter(ebay_sandbox.orders)))
    [line] = order.items.all()
    assert (line.product_id, line.quantity, str(line.price)) == (mug.pk, 2, "12.50")
    channel = EbaySalesChannel.objects.get(pk=ebay_channel.pk)
    assert channel.orders_modified_since is not None

    changed = next(iter(ebay_sandbox.orders.values()))
    changed["orderFulfillmentStatus"] = "FULFILLED"
    changed["lastModifiedDate"] = "2099-01-01T00:00:00.000Z"
    ebay_sandbox.request_log.clear()
    second = run_orders(channel)
    assert second.error == ""

    assert (second.status, second.created_count, second.updated_count) == ("succeeded", 0, 1)
    assert Order.objects.filter(sales_channel_id=channel.pk).count() == 3
    assert Order.objects.get(remote_reference=changed["orderId"]).status == "SHIPPED"
    [call] = [r for r in ebay_sandbox.request_log if "/fulfillment/" in r["path"]]
    assert call["status"] == 200


def test_real_milliseconds_are_imported_and_the_cursors_millisecond_is_neither_lost_nor_duplicated(
    company, ebay_channel, ebay_sandbox, monkeypatch
):
    filters: list[str] = []
    answer_page = sandbox_orders.page

    def page(orders, query):
        filters.append(query.get("filter", ""))
        return answer_page(orders, query)

    monkeypatch.setattr(sandbox_orders, "page", page)
    moment = datetime(2026, 3, 24, 10, 0, 0, 768000, tzinfo=UTC)
    fields = {"sku": "EBAY-MUG-1", "title": "Mug", "quantity": 1, "price": "9.99", "currency": "USD", "when": moment}
    ebay_sandbox.orders.clear()
    first = sandbox_orders.order(number=41, **fields)
    first["creationDate"] = "2015-08-04T19:09:02.768Z"  # the Fulfillment spec's example
    ebay_sandbox.orders[first["orderId"]] = first

    imported = run_orders(ebay_channel)

    assert (imported.status, imported.created_count, imported.failed_count) == ("succeeded", 1, 0)
    assert Order.objects.get(remote_reference=first["orderId"]).ordered_at == datetime(
        2015, 8, 4, 19, 9, 2, 768000, tzinfo=UTC
    )
    channel = EbaySalesChannel.objects.get(pk=ebay_channel.pk)
    assert channel.orders_modified_since == moment

    # modified in the cursor's own millisecond, but not yet there when the first import ran
    second = sandbox_orders.order(number=42, **fields)
    ebay_sandbox.orders[second["orderId"]] = second
    again = run_orders(channel)

    assert filters[-1] == "lastmodifieddate:[2026-03-24T10:00:00.768Z..]"
    assert (again.status, again.created_count, again.updated_count, again.failed_count) == ("succeeded", 1, 0, 0)
    assert sorted(Order.objects.filter(sales_channel_id=channel.pk).values_list("remote_reference", flat=True)) == [
        first["orderId"],
        second["orderId"],
    ]


def test_an_order_changed_during_an_import_does_not_push_another_out_of_it(
    company, ebay_channel, ebay_sandbox, monkeypatch
):
    """An order modified between two pages moves (eBay's order is by change): no other order is skipped for good."""
    monkeypatch.setattr(order_imports.EbayOrdersImport, "page_size", 1)
    first_id = min(ebay_sandbox.orders, key=lambda key: ebay_sandbox.orders[key]["lastModifiedDate"])
    real_page = order_imports.EbayOrdersImport.fetch_page
    pages = []

    def fetch_page(self, *, cursor):
        page = real_page(self, cursor=cursor)
        pages.append(page)
        if len(pages) == 1:  # the buyer changes the order just read: it moves to the end of the list
            ebay_sandbox.orders[first_id]["lastModifiedDate"] = sandbox_orders.stamp(datetime.now(tz=UTC))
        return page

    monkeypatch.setattr(order_imports.EbayOrdersImport, "fetch_page", fetch_page)
    run_orders(ebay_channel)
    monkeypatch.setattr(order_imports.EbayOrdersImport, "fetch_page", real_page)
    run_orders(EbaySalesChannel.objects.get(pk=ebay_channel.pk))  # the next poll

    imported = set(Order.objects.filter(sales_channel_id=ebay_channel.pk).values_list("remote_reference", flat=True))
    assert imported == set(ebay_sandbox.orders)
