"""Order rules: totals follow the lines, references are unique, quantities and prices are sane."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError

from orders.tests.factories import OrderFactory, OrderItemFactory
from orders.totals import recalculate_order_totals


def test_recalculate_totals_sums_lines_and_adds_shipping(company):
    order = OrderFactory(multi_tenant_company=company, shipping_total=Decimal("4.95"))
    OrderItemFactory(multi_tenant_company=company, order=order, quantity=3, price=Decimal("1.10"))
    OrderItemFactory(multi_tenant_company=company, order=order, quantity=1, price=Decimal("10.00"))
    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("13.30"), Decimal("18.25"))


def test_order_without_lines_totals_its_shipping(company):
    order = OrderFactory(multi_tenant_company=company, shipping_total=Decimal("5"))
    order.recalculate_totals()
    assert (order.subtotal, order.total) == (Decimal("0.00"), Decimal("5.00"))


def test_totals_drop_when_a_line_is_deleted(company):
    item = OrderItemFactory(multi_tenant_company=company)
    order = item.order
    item.delete()
    order.recalculate_totals()
    order.refresh_from_db()
    assert order.total == Decimal("0.00")


def test_factory_can_leave_totals_alone(company):
    item = OrderItemFactory(multi_tenant_company=company, recalculate_totals=False)
    item.order.refresh_from_db()
    assert item.order.total == Decimal("0")


def test_line_keeps_sku_when_its_product_is_deleted(company):
    item = OrderItemFactory(multi_tenant_company=company)
    sku = item.sku
    item.product.delete()
    item.refresh_from_db()
    assert (item.product_id, item.sku) == (None, sku)


def test_reference_unique_per_company(company, other_company):
    OrderFactory(multi_tenant_company=company, reference="R-1")
    OrderFactory(multi_tenant_company=other_company, reference="R-1")
    with pytest.raises(IntegrityError):
        OrderFactory(multi_tenant_company=company, reference="R-1")


def test_remote_reference_unique_per_channel(company, other_company):
    channel_model = apps.get_model("sales_channels", "SalesChannel")
    shop = channel_model.objects.create(multi_tenant_company=company, name="Shop")
    market = channel_model.objects.create(multi_tenant_company=company, name="Market")
    OrderFactory(multi_tenant_company=company, sales_channel=shop, remote_reference="1001")
    OrderFactory(multi_tenant_company=company, sales_channel=market, remote_reference="1001")
    OrderFactory(multi_tenant_company=company, sales_channel=shop, remote_reference="")
    OrderFactory(multi_tenant_company=company, sales_channel=shop, remote_reference="")
    with pytest.raises(IntegrityError):
        OrderFactory(multi_tenant_company=company, sales_channel=shop, remote_reference="1001")


def test_negative_total_refused(company):
    with pytest.raises(IntegrityError):
        OrderFactory(multi_tenant_company=company, total=Decimal("-1"))


@pytest.mark.parametrize(("quantity", "price"), [(0, Decimal("1")), (1, Decimal("-0.01"))])
def test_line_quantity_positive_and_price_not_negative(company, quantity, price):
    with pytest.raises(IntegrityError):
        OrderItemFactory(multi_tenant_company=company, quantity=quantity, price=price)


def test_free_line_is_allowed(company):
    OrderItemFactory(multi_tenant_company=company, price=Decimal("0"))


def test_recalculate_order_totals_handles_several_orders_and_ignores_none(company):
    first = OrderItemFactory(multi_tenant_company=company, recalculate_totals=False).order
    second = OrderItemFactory(multi_tenant_company=company, recalculate_totals=False, quantity=3).order
    recalculate_order_totals(order_ids=[first.pk, second.pk, None])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.total, second.total) == (Decimal("10.00"), Decimal("15.00"))
