"""Orders by polling (modified_after pages) and webhooks through the inbox, against the sandbox over real HTTP."""

import base64
import hashlib
import hmac
import json

import pytest
import requests
from django.urls import reverse

from orders.models import Order
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import connect_with_keys
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.models import ImportProcess, MirrorStatus, RemoteProduct, WebhookDelivery
from sales_channels.tasks_imports import execute_import

pytestmark = pytest.mark.django_db(transaction=True)


def run_orders_import(channel) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="orders"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_orders_are_imported_once_then_only_changes(woo_channel, woo_sandbox):
    first = run_orders_import(woo_channel)
    assert (first.status, first.created_count) == ("succeeded", 1)
    [order] = Order.objects.filter(sales_channel=woo_channel)
    assert (order.status, order.total, order.customer_email) == ("PROCESSING", 19, "ada@example.com")
    assert order.items.get().sku == "SEED-MUG"

    woo_sandbox.place_order(sku="SEED-POSTER", quantity=1)
    second = run_orders_import(woo_channel)
    assert second.created_count == 1
    assert Order.objects.filter(sales_channel=woo_channel).count() == 2


@pytest.fixture
def hooked(company, woo_sandbox, live_server, settings):
    """A channel connected with webhooks registered at our live server (pings answered)."""
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = live_server.url
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company, name="S", store_url=woo_sandbox.base_url
    )
    key, secret = woo_sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
    channel.refresh_from_db()
    return channel


def test_webhooks_are_registered_with_our_secret_and_their_pings_answered(hooked, woo_sandbox):
    hooks = list(woo_sandbox.catalog.webhooks.values())
    assert sorted(h["topic"] for h in hooks) == ["order.created", "order.updated", "product.deleted", "product.updated"]
    assert {h["secret"] for h in hooks} == {hooked.webhook_secret}
    assert {h["ping_status"] for h in hooks} == {200}
    assert hooked.webhooks_registering_until is None


def test_an_order_webhook_writes_the_order_and_a_redelivery_is_a_duplicate(hooked, woo_sandbox):
    order = woo_sandbox.place_order(sku="SEED-MUG", quantity=3)
    woo_sandbox.webhooks.drain()

    local = Order.objects.get(sales_channel=hooked, remote_reference=str(order["id"]))
    assert local.total == 28.5
    delivery = woo_sandbox.webhooks.delivered[-1]
    hook_id = delivery["hook"]
    assert woo_sandbox.webhooks.deliver(hook_id, "order.created", order, delivery_id=delivery["delivery"]) == 200
    hooked.refresh_from_db()
    assert hooked.webhook_duplicate_count == 1
    assert WebhookDelivery.objects.filter(sales_channel=hooked, topic="order.created").count() == 1


def test_a_forged_or_unsigned_delivery_is_refused(hooked, live_server):
    url = live_server.url + reverse("webhooks:inbox", args=["woocommerce", hooked.pk])
    body = json.dumps({"id": 1}).encode()
    forged = base64.b64encode(hmac.new(b"wrong", body, hashlib.sha256).digest()).decode()
    headers = {"X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Delivery-ID": "9", "X-WC-Webhook-ID": "1"}

    assert (
        requests.post(url, data=body, headers={**headers, "X-WC-Webhook-Signature": forged}, timeout=5).status_code
        == 401
    )
    late_ping = requests.post(
        url, data=b"webhook_id=99", headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5
    )
    assert late_ping.status_code == 401
    hooked.refresh_from_db()
    assert hooked.webhook_forged_count == 2
    assert not WebhookDelivery.objects.filter(sales_channel=hooked).exclude(topic="webhook.ping").exists()


def test_a_merchant_edit_marks_the_listing_outdated_but_our_own_echo_does_not(hooked, woo_sandbox):
    mirror = RemoteProduct.objects.create(
        multi_tenant_company=hooked.multi_tenant_company,
        sales_channel=hooked,
        remote_id="100",
        remote_sku="SEED-MUG",
        status=MirrorStatus.SYNCED,
        last_payload={"sku": "SEED-MUG", "regular_price": "9.50", "name": "Seed Mug"},
    )
    woo_sandbox.merchant_edit(100, {"name": "Seed Mug"})  # nothing we pushed changed: an echo
    woo_sandbox.webhooks.drain()
    mirror.refresh_from_db()
    assert mirror.status == MirrorStatus.SYNCED

    woo_sandbox.merchant_edit(100, {"regular_price": "11.00"})
    woo_sandbox.webhooks.drain()
    mirror.refresh_from_db()
    assert mirror.status == MirrorStatus.OUTDATED
    assert (
        WebhookDelivery.objects.filter(sales_channel=hooked, topic="product.updated", status="processed").count() == 1
    )
