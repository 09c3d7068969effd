"""Order admin: pages load; saving lines inline stamps their company and recomputes the totals."""

from decimal import Decimal

import pytest
from django.urls import reverse

from currencies.tests.factories import CurrencyFactory
from orders.models import Order
from orders.tests.factories import OrderItemFactory


@pytest.mark.parametrize("model", ["order", "orderitem"])
def test_admin_pages_load(client, user, company, model):
    OrderItemFactory(multi_tenant_company=company)
    client.force_login(user)
    assert client.get(reverse(f"admin:orders_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:orders_{model}_add")).status_code == 200


def test_inline_lines_take_the_orders_company_and_update_totals(client, user, company):
    eur = CurrencyFactory(multi_tenant_company=company)
    client.force_login(user)
    data = {
        "reference": "ADMIN-1",
        "status": "PENDING",
        "currency": eur.pk,
        "shipping_total": "2.50",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-sku": "A",
        "items-0-quantity": "2",
        "items-0-price": "3.00",
        "items-1-sku": "B",
        "items-1-quantity": "1",
        "items-1-price": "4.00",
    }
    response = client.post(reverse("admin:orders_order_add"), data)
    assert response.status_code == 302, response.content
    order = Order.objects.get()
    assert (order.subtotal, order.total) == (Decimal("10.00"), Decimal("12.50"))
    assert {item.multi_tenant_company_id for item in order.items.all()} == {company.pk}


def test_deleting_a_line_in_its_own_admin_updates_totals(client, user, company):
    item = OrderItemFactory(multi_tenant_company=company, quantity=1, price=Decimal("9.00"))
    client.force_login(user)
    response = client.post(reverse("admin:orders_orderitem_delete", args=[item.pk]), {"post": "yes"})
    assert response.status_code == 302
    item.order.refresh_from_db()
    assert item.order.total == Decimal("0.00")


def test_moving_a_line_in_its_own_admin_updates_both_orders(client, user, company):
    item = OrderItemFactory(multi_tenant_company=company, quantity=1, price=Decimal("9.00"))
    target = OrderItemFactory(multi_tenant_company=company, quantity=1, price=Decimal("1.00")).order
    client.force_login(user)
    data = {"order": target.pk, "sku": item.sku, "name": item.name, "quantity": "1", "price": "9.00"}
    response = client.post(reverse("admin:orders_orderitem_change", args=[item.pk]), data)
    assert response.status_code == 302, response.content
    item.order.refresh_from_db()
    target.refresh_from_db()
    assert (item.order.total, target.total) == (Decimal("0.00"), Decimal("10.00"))
