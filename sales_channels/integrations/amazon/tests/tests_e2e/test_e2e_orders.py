"""Orders from the sandbox (Orders API 2026-01-01) into local orders, resumable and without duplicates."""

from datetime import UTC, datetime

import pytest

from orders.models import Order
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.sandbox.orders import order

pytestmark = pytest.mark.django_db(transaction=True)


def test_orders_are_imported_once_and_updated_later(company, amazon_channel, amazon_sandbox, monkeypatch):
    monkeypatch.setattr("sales_channels.integrations.amazon.factories.orders.PAGE_SIZE", 2)  # two pages
    process = flows.start_import(channel=amazon_channel, kind="orders")
    process.refresh_from_db()
    assert process.status == "succeeded", process.error
    assert list(process.item_errors.values_list("identifier", "message")) == []
    orders = Order.objects.filter(multi_tenant_company=company).order_by("ordered_at")
    assert [o.remote_reference for o in orders] == ["111-0000001-0000001", "111-0000002-0000002", "111-0000003-0000003"]
    second = orders[1]
    assert (second.status, second.reference, second.items.count()) == ("PROCESSING", "AMZ-111-0000002-0000002", 2)
    assert amazon_sandbox.calls("searchOrders") == 2

    amazon_sandbox.orders.add(
        order("111-0000004-0000004", created=datetime.now(UTC), status="UNSHIPPED", lines=[("X", "New", 1, "5.00")])
    )
    again = flows.start_import(channel=amazon_channel, kind="orders")
    again.refresh_from_db()
    assert again.status == "succeeded", again.error
    assert Order.objects.filter(multi_tenant_company=company).count() == 4  # nothing duplicated
