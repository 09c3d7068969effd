"""Shopify's privacy webhooks through the inbox: HMAC-verified, acted on the shop's own orders and data only."""

import json
from decimal import Decimal

import pytest

from currencies.models import Currency
from orders.models import Order, OrderItem
from sales_channels.integrations.shopify.models import ShopifyComplianceAction, ShopifySalesChannel
from sales_channels.integrations.shopify.tests.tests_factories.test_webhooks import (
    SHOP,
    channel,
    deliver,
    post,
    run_tasks_on_commit,
)
from sales_channels.models import RemoteProduct, SyncTask, WebhookDelivery
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db
__all__ = ["channel", "deliver", "run_tasks_on_commit"]  # fixtures shared with test_webhooks

EMAIL = "jane@example.com"


def order(channel, number: int, *, name: str = "Jane Doe", email: str = EMAIL) -> Order:
    company = channel.multi_tenant_company
    currency = Currency.objects.filter(multi_tenant_company=company).first() or catalog.currency(company)
    created = Order.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        reference=f"shop-{number}-{channel.pk}",
        currency=currency,
        sales_channel=channel,
        remote_reference=f"gid://shopify/Order/{number}",
        customer_name=name,
        customer_email=email,
        total=Decimal("12.50"),
    )
    OrderItem.objects.create(multi_tenant_company=company, order=created, sku="MUG-1", name="Mug", price=Decimal(12))
    return created


@pytest.fixture
def other_shop(other_company):
    """Another company's channel on the same shop domain: never touched by this channel's requests."""
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=other_company, name="Other", shop_domain=SHOP, client_secret="other-secret"
    )


def send(deliver, channel, topic: str, payload: dict, event_id: str):
    response = deliver(channel.pk, topic, json.dumps(payload).encode(), event_id=event_id)
    assert response.status_code == 200
    return WebhookDelivery.objects.get(sales_channel_id=channel.pk, event_id=event_id)


def test_a_data_request_exports_the_customers_orders_of_this_shop(channel, deliver, other_shop):
    by_id = order(channel, 1001, email="")  # redacted email: matched by the order id Shopify lists
    by_email = order(channel, 1002)
    order(channel, 1003, name="Someone else", email="else@example.com")
    order(other_shop, 1002)  # the same Shopify ids in another company
    payload = {
        "shop_domain": SHOP,
        "customer": {"id": 191167, "email": EMAIL},
        "orders_requested": [1001],
        "data_request": {"id": 9999},
    }

    delivery = send(deliver, channel, "customers/data_request", payload, "evt-request")

    action = ShopifyComplianceAction.objects.get()
    assert (action.sales_channel_id, action.request_id, action.customer_remote_id) == (channel.pk, "9999", "191167")
    assert [entry["reference"] for entry in action.export["orders"]] == [by_id.reference, by_email.reference]
    assert action.export["orders"][1]["items"] == [{"sku": "MUG-1", "name": "Mug", "quantity": 1, "price": "12.00"}]
    assert (delivery.status, delivery.body) == ("processed", "")
    assert "2 order(s) exported" in delivery.detail


def test_customers_redact_erases_only_that_customers_data_of_this_shop(channel, deliver, other_shop):
    mine, kept = order(channel, 1001), order(channel, 1003, name="Someone else", email="else@example.com")
    foreign = order(other_shop, 1001)
    send(deliver, channel, "customers/data_request", {"customer": {"id": 191167, "email": EMAIL}}, "evt-request")
    payload = {"shop_domain": SHOP, "customer": {"id": 191167, "email": EMAIL}, "orders_to_redact": [1001]}

    send(deliver, channel, "customers/redact", payload, "evt-redact")

    mine.refresh_from_db(), kept.refresh_from_db(), foreign.refresh_from_db()
    assert (mine.customer_name, mine.customer_email) == ("", "")
    assert (kept.customer_name, kept.customer_email) == ("Someone else", "else@example.com")
    assert (foreign.customer_name, foreign.customer_email) == ("Jane Doe", EMAIL)
    request, redact = ShopifyComplianceAction.objects.order_by("pk")
    assert request.export is None  # the earlier export held the same data
    assert (redact.topic, redact.orders_matched) == ("customers/redact", 1)


def test_shop_redact_after_uninstall_erases_the_shops_data(channel, deliver, other_shop, company):
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(connection_status="disconnected")
    mine, foreign = order(channel, 1001), order(other_shop, 1001)
    mug = catalog.product(company, "MUG-1")
    RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=channel, local_instance=mug, remote_id="gid://shopify/Product/1"
    )
    SyncTask.objects.create(multi_tenant_company=company, sales_channel=channel, usage="product.sync", object_id=mug.pk)
    channel.refresh_from_db()

    delivery = send(deliver, channel, "shop/redact", {"shop_id": 954889, "shop_domain": SHOP}, "evt-shop")

    mine.refresh_from_db(), foreign.refresh_from_db()
    assert (mine.customer_name, mine.customer_email) == ("", "")
    assert foreign.customer_email == EMAIL
    assert not RemoteProduct.objects.filter(sales_channel=channel).exists()
    assert not SyncTask.objects.filter(sales_channel=channel).exists()
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.access_token, stored.refresh_token) == ("", "")
    action = ShopifyComplianceAction.objects.get(topic="shop/redact")
    assert "1 mirror row(s), 1 task(s)" in action.detail
    assert delivery.status == "processed"


def test_shop_redact_is_ignored_when_the_app_was_installed_again(channel, deliver):
    mine = order(channel, 1001)

    delivery = send(deliver, channel, "shop/redact", {"shop_id": 954889, "shop_domain": SHOP}, "evt-shop")

    mine.refresh_from_db()
    assert mine.customer_email == EMAIL
    assert (delivery.status, ShopifyComplianceAction.objects.count()) == ("ignored", 0)


def test_a_forged_redact_is_refused_and_erases_nothing(channel):
    mine = order(channel, 1001)
    body = json.dumps({"customer": {"email": EMAIL}, "orders_to_redact": [1001]}).encode()

    response = post(channel.pk, "customers/redact", body, signature="forged", event_id="evt-forged")

    assert response.status_code == 401
    mine.refresh_from_db()
    assert mine.customer_email == EMAIL
    assert not ShopifyComplianceAction.objects.exists()
