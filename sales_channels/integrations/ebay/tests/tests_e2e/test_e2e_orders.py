"""Orders polled from the sandbox's Fulfillment API over real HTTP: created once, changes picked up, resumable."""

import pytest

from orders.models import Order
from sales_channels.integrations.ebay.factories.imports import orders as order_imports
from sales_channels.integrations.ebay.models import EbaySalesChannel
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
