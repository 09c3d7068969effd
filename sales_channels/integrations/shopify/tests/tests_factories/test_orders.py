"""Order import: parsers (whole-value equality), the writer's idempotency and SKU matching, the cursor import."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import responses

from orders.models import Order, OrderItem
from products.models import Product
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine
from sales_channels.integrations.shopify.factories.orders import import_order_from_webhook
from sales_channels.integrations.shopify.factories.orders.parsers import (
    order_status,
    parse_order_node,
    parse_webhook_order,
)
from sales_channels.integrations.shopify.factories.orders.writer import write_order
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import ImportProcess, RemoteOrder
from sales_channels.tasks import execute_import

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"
UTC = datetime.UTC


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def test_parse_order_node():
    node = fixture("order_orders_page.json")["data"]["orders"]["nodes"][0]

    assert parse_order_node(node) == ImportedOrder(
        remote_id="gid://shopify/Order/9001",
        name="#1001",
        currency="EUR",
        ordered_at=datetime.datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        lines=(
            ImportedOrderLine(sku="FIX-MUG", name="Fixture Mug", quantity=2, price=Decimal("12.50")),
            ImportedOrderLine(sku="", name="Gift wrapping", quantity=1, price=Decimal("2.50")),
        ),
        status="PROCESSING",  # paid, unfulfilled
        customer_name="Jane Doe",
        customer_email="jane@example.com",
        total=Decimal("31.45"),
    )


def test_parse_webhook_order():
    payload = fixture("webhook_orders_create.json")

    assert parse_webhook_order(payload) == ImportedOrder(
        remote_id="gid://shopify/Order/820982911946154508",
        name="#1001",
        currency="EUR",
        ordered_at=datetime.datetime(2025, 4, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        lines=(ImportedOrderLine(sku="SHOP-MUG-001", name="Mug", quantity=1, price=Decimal("12.50")),),
        status="PENDING",  # no financial status, unfulfilled
        total=Decimal("24.50"),
    )


@pytest.mark.parametrize(
    ("financial", "fulfillment", "cancelled", "expected"),
    [
        ("PAID", "UNFULFILLED", False, "PROCESSING"),
        ("PENDING", "UNFULFILLED", False, "PENDING"),
        ("PAID", "FULFILLED", False, "COMPLETED"),
        ("PENDING", "FULFILLED", False, "SHIPPED"),
        ("PAID", "PARTIALLY_FULFILLED", False, "SHIPPED"),
        ("REFUNDED", "FULFILLED", False, "REFUNDED"),
        ("VOIDED", "UNFULFILLED", False, "CANCELLED"),
        ("PAID", "UNFULFILLED", True, "CANCELLED"),
    ],
)
def test_order_status(financial, fulfillment, cancelled, expected):
    assert order_status(financial=financial, fulfillment=fulfillment, cancelled=cancelled) == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "#1", "currency": "EUR"},  # no id
        {"id": 1, "name": "#1"},  # no currency
        {"id": 1, "currency": "EUR", "line_items": [{"sku": "A", "quantity": "two", "price": "1"}]},
        {"id": 1, "currency": "EUR", "line_items": [{"sku": "A", "quantity": 1, "price": "abc"}]},
    ],
)
def test_malformed_webhook_payloads_are_invalid(payload):
    with pytest.raises(InvalidVendorPayload):
        parse_webhook_order(payload)


@pytest.fixture
def channel(db, company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Fixture shop", shop_domain=SHOP, access_token="shpat_fixture"
    )


@pytest.mark.django_db
def test_the_webhook_writes_an_order_once_with_lines_matched_by_sku(channel, company):
    mug = Product.objects.create(multi_tenant_company=company, sku="SHOP-MUG-001")
    payload = fixture("webhook_orders_create.json")

    order = import_order_from_webhook(channel=channel, payload=payload)
    again = import_order_from_webhook(channel=channel, payload=payload)

    assert again == order
    assert Order.objects.count() == 1
    assert (order.reference, order.status, order.currency.iso_code) == ("fixture-shop-1001", "PENDING", "EUR")
    assert (order.subtotal, order.total) == (Decimal("12.50"), Decimal("24.50"))
    [item] = OrderItem.objects.filter(order=order)
    assert (item.product, item.sku, item.quantity, item.price) == (mug, "SHOP-MUG-001", 1, Decimal("12.50"))
    assert RemoteOrder.objects.get(local_instance=order).remote_id == "gid://shopify/Order/820982911946154508"


@pytest.mark.django_db
def test_a_later_sight_updates_the_status_not_the_lines(channel):
    payload = fixture("webhook_orders_create.json")
    order = import_order_from_webhook(channel=channel, payload=payload)
    refunded = parse_webhook_order({**payload, "financial_status": "refunded"})

    local, kind = write_order(channel=channel, order=refunded)

    assert (local.pk, kind, local.status) == (order.pk, "updated", "REFUNDED")
    assert OrderItem.objects.count() == 1


@pytest.mark.django_db
def test_the_cursor_import_creates_orders_then_asks_only_for_newer_ones(channel, company):
    Product.objects.create(multi_tenant_company=company, sku="FIX-TEE-M")
    seen: list[dict] = []

    def answer(request):
        seen.append(json.loads(request.body)["variables"])
        return 200, {}, json.dumps(fixture("order_orders_page.json"))

    def run() -> ImportProcess:
        process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=channel, kind="orders")
        with responses.RequestsMock() as mock:
            mock.add_callback(responses.POST, GRAPHQL, callback=answer)
            execute_import(import_process_id=process.pk)
        process.refresh_from_db()
        return process

    first = run()
    second = run()

    assert (first.status, first.created_count) == ("succeeded", 2)
    assert (second.created_count, second.skipped_count) == (0, 2)
    assert seen[0]["query"] is None
    assert seen[1]["query"] == "processed_at:>='2025-03-02T14:00:00Z'"
    assert {v["sortKey"] for v in seen} == {"PROCESSED_AT"}
    refunded = Order.objects.get(remote_reference="gid://shopify/Order/9002")
    assert (refunded.status, refunded.currency.iso_code, refunded.customer_email) == ("REFUNDED", "GBP", "")
    assert OrderItem.objects.get(order=refunded).product.sku == "FIX-TEE-M"
