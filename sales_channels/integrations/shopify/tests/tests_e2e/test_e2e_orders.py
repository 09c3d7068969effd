"""Importing the sandbox shop's orders over real HTTP: three orders once, lines matched by SKU, the periodic queue."""

from decimal import Decimal

import pytest

from orders.models import Order, OrderItem
from products.models import Product
from sales_channels.imports.order_polls import queue_order_imports
from sales_channels.integrations.shopify.factories.orders import import_order_from_webhook
from sales_channels.models import ImportProcess, RemoteOrder
from sales_channels.tasks import execute_import

pytestmark = pytest.mark.django_db(transaction=True)


def run_order_import(channel) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="orders"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_the_seeded_orders_are_imported_once(shopify_channel, company):
    mug = Product.objects.create(multi_tenant_company=company, sku="SHOP-MUG-001")

    process = run_order_import(shopify_channel)

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 3, 0)
    orders = {order.reference: order for order in Order.objects.filter(sales_channel=shopify_channel)}
    assert sorted(orders) == ["onesila-demo-1001", "onesila-demo-1002", "onesila-demo-1003"]
    first = orders["onesila-demo-1001"]
    assert (first.status, first.currency.iso_code, first.customer_name) == ("PROCESSING", "EUR", "Jane Doe")
    assert first.total == Decimal("74.00")
    assert orders["onesila-demo-1002"].status == "COMPLETED"
    assert orders["onesila-demo-1003"].status == "PENDING"
    lines = {item.sku: item for item in OrderItem.objects.filter(order=first)}
    assert lines["SHOP-MUG-001"].product == mug
    assert lines["SHOP-SHIRT-M-BLUE"].product is None  # no local product: kept with SKU and name
    assert OrderItem.objects.get(order=orders["onesila-demo-1002"], sku="").name == "Gift wrapping"
    assert RemoteOrder.objects.filter(sales_channel=shopify_channel).count() == 3

    again = run_order_import(shopify_channel)

    assert (again.status, again.created_count) == ("succeeded", 0)
    assert Order.objects.count() == 3
    assert OrderItem.objects.count() == 5


def test_the_webhook_and_the_import_land_on_the_same_order(shopify_channel, shopify_sandbox):
    seeded = next(order for order in shopify_sandbox.state.orders.values() if order.name == "#1001")
    payload = {
        "id": seeded.id,
        "admin_graphql_api_id": seeded.gid,
        "name": "#1001",
        "currency": "EUR",
        "financial_status": "paid",
        "processed_at": seeded.processed_at,
        "total_price": seeded.total,
        "line_items": [{"sku": "SHOP-MUG-001", "title": "Classic Mug", "quantity": 2, "price": "12.50"}],
    }
    import_order_from_webhook(channel=shopify_channel, payload=payload)

    process = run_order_import(shopify_channel)

    assert Order.objects.filter(remote_reference=seeded.gid).count() == 1
    assert Order.objects.count() == 3
    assert process.failed_count == 0


def test_the_periodic_task_queues_one_import_per_enabled_channel(shopify_channel):
    shopify_channel.import_orders = True
    shopify_channel.connection_status = "connected"
    shopify_channel.save()

    queue_order_imports()  # the immediate test queue runs it at once

    process = ImportProcess.objects.get(sales_channel=shopify_channel, kind="orders")
    assert process.status == "succeeded"
    assert Order.objects.filter(sales_channel=shopify_channel).count() == 3
