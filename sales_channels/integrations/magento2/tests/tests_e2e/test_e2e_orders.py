"""Orders polled from the sandbox over real HTTP: created once, updates picked up by `updated_at`, resumable."""

import pytest

from orders.models import Order
from sales_channels.integrations.magento2.factories.orders.imports import Magento2OrdersImport, to_neutral
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


def test_orders_are_imported_once_and_updates_follow(company, magento_channel, magento_sandbox):
    catalog.currency(company, iso="EUR")
    first = run_orders(magento_channel)
    assert (first.status, first.created_count) == ("succeeded", 1)
    order = Order.objects.get(sales_channel=magento_channel)
    assert (order.remote_reference, order.status, order.customer_email) == ("1", "PROCESSING", "ada@example.com")
    magento_channel.refresh_from_db()
    assert magento_channel.orders_updated_since == "2026-11-02 09:00:00"

    magento_sandbox.add_order(increment_id="000000002", sku="CAP-001", quantity=1, price=14.0)
    magento_sandbox.add_order(increment_id="000000001", sku="MUG-001", quantity=3, price=9.5, state="complete")
    second = run_orders(magento_channel)
    assert (second.status, second.created_count, second.updated_count) == ("succeeded", 1, 1)
    assert Order.objects.filter(sales_channel=magento_channel).count() == 2
    assert Order.objects.get(remote_reference="1").status == "COMPLETED"


def test_an_order_import_resumes_at_its_page(company, magento_channel, magento_sandbox, monkeypatch):
    catalog.currency(company, iso="EUR")
    for number in range(2, 5):
        magento_sandbox.add_order(increment_id=f"00000000{number}", sku="MUG-001", quantity=1, price=9.5)
    monkeypatch.setattr(Magento2OrdersImport, "page_size", 2)
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=magento_channel, kind="orders")
    magento_sandbox.inject_fault("ok")
    magento_sandbox.inject_fault("500", times=4)
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert process.cursor["page"] == 2
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert process.status == "succeeded"
    assert Order.objects.filter(sales_channel=magento_channel).count() == 4


def test_to_neutral_skips_child_lines_and_maps_states():
    order = to_neutral(
        {
            "entity_id": 7,
            "increment_id": "100",
            "state": "canceled",
            "order_currency_code": "EUR",
            "created_at": "2026-11-02 09:00:00",
            "grand_total": 10,
            "items": [
                {
                    "sku": "TEE-S",
                    "name": "Tee",
                    "qty_ordered": 1,
                    "price": 10,
                    "product_type": "configurable",
                    "item_id": 1,
                },
                {"sku": "TEE-S", "name": "Tee", "qty_ordered": 1, "price": 0, "parent_item_id": 1},
            ],
        }
    )
    assert (order.remote_id, order.name, order.status, len(order.lines)) == ("7", "100", "CANCELLED", 1)
