"""Order GraphQL: orders and lines, totals kept right on every line change, refusals, tenancy,
and a bounded number of queries for orders with lines."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from currencies.tests.factories import CurrencyFactory
from orders.models import Order, OrderItem
from orders.tests.factories import OrderFactory, OrderItemFactory
from sales_prices.tests.factories import ProductFactory

CREATE_ORDER = """
mutation($data: OrderInput!) { createOrder(data: $data) { id reference status subtotal shippingTotal total } }
"""
UPDATE_ORDER = "mutation($data: OrderPartialInput!) { updateOrder(data: $data) { id status shippingTotal total } }"
DELETE_ORDER = "mutation($id: ID!) { deleteOrder(id: $id) { id } }"
CREATE_ITEM = """
mutation($data: OrderItemInput!) { createOrderItem(data: $data) { id orderId productId sku quantity price } }
"""
UPDATE_ITEM = "mutation($data: OrderItemPartialInput!) { updateOrderItem(data: $data) { id quantity } }"
DELETE_ITEM = "mutation($id: ID!) { deleteOrderItem(id: $id) { id } }"
ORDERS = """
query($filters: OrderFilter) {
  orders(filters: $filters) {
    id reference total currency { isoCode } items { sku quantity price productId product { sku } }
  }
}
"""


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def totals(order: Order) -> tuple[Decimal, Decimal]:
    order.refresh_from_db()
    return order.subtotal, order.total


@pytest.fixture
def eur(company):
    return CurrencyFactory(multi_tenant_company=company, iso_code="EUR")


@pytest.fixture
def order(company, eur):
    return OrderFactory(multi_tenant_company=company, currency=eur, shipping_total=Decimal("5.00"))


def test_create_order_starts_at_its_shipping_total(gql, eur):
    data = {"reference": "WEB-1", "currency": str(eur.pk), "shippingTotal": "4.50", "customerEmail": "a@b.example"}
    created = gql.execute(CREATE_ORDER, {"data": data})["data"]["createOrder"]
    assert (created["status"], created["subtotal"], created["total"]) == ("PENDING", "0.00", "4.50")


def test_invalid_status_and_email_are_clear_errors(gql, eur):
    data = {"reference": "WEB-1", "currency": str(eur.pk), "status": "LOST", "customerEmail": "nope"}
    message = error_message(gql.execute(CREATE_ORDER, {"data": data}))
    assert "status: Value 'LOST' is not a valid choice." in message
    assert "customer_email: Enter a valid email address." in message
    assert not Order.objects.exists()


def test_duplicate_reference_is_refused(gql, order, eur):
    result = gql.execute(CREATE_ORDER, {"data": {"reference": order.reference, "currency": str(eur.pk)}})
    assert "already exists" in error_message(result)
    assert Order.objects.count() == 1


def test_line_changes_keep_totals_right(gql, company, order):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    data = {"order": str(order.pk), "product": str(product.pk), "sku": "CHAIR", "quantity": 2, "price": "10.00"}
    line = gql.execute(CREATE_ITEM, {"data": data})["data"]["createOrderItem"]
    assert (line["orderId"], line["productId"]) == (str(order.pk), str(product.pk))
    assert totals(order) == (Decimal("20.00"), Decimal("25.00"))
    gql.execute(UPDATE_ITEM, {"data": {"id": line["id"], "quantity": 3}})
    assert totals(order) == (Decimal("30.00"), Decimal("35.00"))
    gql.execute(DELETE_ITEM, {"id": line["id"]})
    assert totals(order) == (Decimal("0.00"), Decimal("5.00"))
    assert not OrderItem.objects.exists()


def test_new_shipping_total_updates_the_total(gql, company, order):
    OrderItemFactory(multi_tenant_company=company, order=order, quantity=1, price=Decimal("10.00"))
    result = gql.execute(UPDATE_ORDER, {"data": {"id": str(order.pk), "shippingTotal": "0", "status": "SHIPPED"}})
    assert result["data"]["updateOrder"] == {
        "id": str(order.pk),
        "status": "SHIPPED",
        "shippingTotal": "0.00",
        "total": "10.00",
    }


def test_moving_a_line_recomputes_both_orders(gql, company, order, eur):
    other_order = OrderFactory(multi_tenant_company=company, currency=eur)
    line = OrderItemFactory(multi_tenant_company=company, order=order, quantity=1, price=Decimal("7.00"))
    gql.execute(UPDATE_ITEM, {"data": {"id": str(line.pk), "order": str(other_order.pk)}})
    assert totals(order) == (Decimal("0.00"), Decimal("5.00"))
    assert totals(other_order) == (Decimal("7.00"), Decimal("7.00"))


def test_invalid_line_changes_nothing(gql, company, order):
    line = OrderItemFactory(multi_tenant_company=company, order=order, quantity=2, price=Decimal("10.00"))
    before = totals(order)
    result = gql.execute(UPDATE_ITEM, {"data": {"id": str(line.pk), "quantity": 0}})
    assert "order_item_quantity_positive" in error_message(result)
    result = gql.execute(CREATE_ITEM, {"data": {"order": str(order.pk), "sku": "X", "price": "-1"}})
    assert "order_item_price_not_negative" in error_message(result)
    line.refresh_from_db()
    assert line.quantity == 2
    assert OrderItem.objects.count() == 1
    assert totals(order) == before


def test_delete_order_removes_its_lines(gql, company, order):
    OrderItemFactory(multi_tenant_company=company, order=order)
    assert gql.execute(DELETE_ORDER, {"id": str(order.pk)})["data"]["deleteOrder"]["id"] == str(order.pk)
    assert not OrderItem.objects.exists()


def test_filter_orders_by_status(gql, company, eur):
    shipped = OrderFactory(multi_tenant_company=company, currency=eur, status=Order.Status.SHIPPED)
    OrderFactory(multi_tenant_company=company, currency=eur)
    rows = gql.execute(ORDERS, {"filters": {"status": {"exact": "SHIPPED"}}})["data"]["orders"]
    assert [row["id"] for row in rows] == [str(shipped.pk)]


def test_other_company_cannot_see_or_change_orders(gql, other_gql, other_company, company, order):
    line = OrderItemFactory(multi_tenant_company=company, order=order)
    assert other_gql.execute(ORDERS)["data"]["orders"] == []
    assert other_gql.execute("{ orderItems { id } }")["data"]["orderItems"] == []
    result = other_gql.execute(UPDATE_ITEM, {"data": {"id": str(line.pk), "quantity": 99}})
    assert error_message(result) == f"Order item with id {line.pk} was not found."
    assert (
        error_message(other_gql.execute(DELETE_ITEM, {"id": str(line.pk)}))
        == f"Order item with id {line.pk} was not found."
    )
    data = {"order": str(order.pk), "sku": "X", "price": "1"}
    assert error_message(other_gql.execute(CREATE_ITEM, {"data": data})) == f"Order with id {order.pk} was not found."
    line.refresh_from_db()
    assert line.quantity == 2
    assert OrderItem.objects.count() == 1


def count_queries(gql, query: str) -> int:
    with CaptureQueriesContext(connection) as context:
        result = gql.execute(query)
    assert "errors" not in result, result
    return len(context.captured_queries)


def test_listing_orders_with_lines_uses_a_constant_number_of_queries(gql, company, eur):
    OrderItemFactory(multi_tenant_company=company, order__currency=eur)
    few = count_queries(gql, ORDERS)
    for each in OrderFactory.create_batch(8, multi_tenant_company=company, currency=eur):
        OrderItemFactory.create_batch(3, multi_tenant_company=company, order=each)
    assert count_queries(gql, ORDERS) == few
