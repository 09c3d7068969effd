"""Shopify webhooks on the inbox: HMAC over the raw body, dedupe by event id, age and installation checks, topics."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from orders.models import Order
from sales_channels.integrations.shopify.factories.sales_channels import webhooks
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import WebhookDelivery

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
SECRET = "fixture-app-credential"


def body_of(name: str) -> bytes:
    return json.dumps(json.loads((FIXTURES / name).read_text()), separators=(",", ":")).encode()


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@pytest.fixture
def channel(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        client_secret=SECRET,
        access_token="shpat_live",
        refresh_token="shprt_live",
        connection_status="connected",
    )


@pytest.fixture(autouse=True)
def run_tasks_on_commit(django_capture_on_commit_callbacks):
    """The inbox queues processing on commit; run it as the worker would after each request."""

    def wrap(post):
        def run(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return post(*args, **kwargs)

        return run

    return wrap


def post(channel_id, topic: str, body: bytes, *, signature=None, event_id="evt-1", triggered_at=None, url=None):
    headers = {
        "HTTP_X_SHOPIFY_TOPIC": topic,
        "HTTP_X_SHOPIFY_HMAC_SHA256": signature if signature is not None else signed(body),
        "HTTP_X_SHOPIFY_SHOP_DOMAIN": SHOP,
        "HTTP_X_SHOPIFY_EVENT_ID": event_id,
        "HTTP_X_SHOPIFY_WEBHOOK_ID": f"wh-{event_id}",
    }
    if triggered_at is not False:
        headers["HTTP_X_SHOPIFY_TRIGGERED_AT"] = (triggered_at or datetime.now(UTC)).isoformat()
    client = Client(enforce_csrf_checks=True)
    path = url or f"/webhooks/shopify/{channel_id}/"
    return client.post(path, data=body, content_type="application/json", **headers)


@pytest.fixture
def deliver(run_tasks_on_commit):
    return run_tasks_on_commit(post)


def counters(channel) -> tuple[int, int, int]:
    row = ShopifySalesChannel.objects.get(pk=channel.pk)
    return row.webhook_forged_count, row.webhook_stale_count, row.webhook_duplicate_count


def test_app_uninstalled_disconnects_the_channel_and_clears_tokens(channel, deliver):
    response = deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"))

    assert response.status_code == 200
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.connection_status, stored.access_token, stored.refresh_token) == ("disconnected", "", "")
    assert "uninstalled" in stored.last_connection_error
    delivery = WebhookDelivery.objects.get()
    assert (delivery.topic, delivery.status, delivery.body, delivery.attempts) == (
        "app/uninstalled",
        "processed",
        "",
        1,
    )


def test_a_bad_signature_is_401_counted_and_changes_nothing(channel, deliver):
    body = body_of("webhook_app_uninstalled.json")
    assert deliver(channel.pk, "app/uninstalled", body, signature=signed(body, "wrong")).status_code == 401
    assert deliver(channel.pk, "app/uninstalled", body, signature="").status_code == 401
    tampered = body.replace(b"Fixture", b"Tampered")
    assert deliver(channel.pk, "app/uninstalled", tampered, signature=signed(body)).status_code == 401
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "connected"
    assert not WebhookDelivery.objects.exists()
    assert counters(channel) == (3, 0, 0)


def test_an_unknown_channel_is_404(channel, deliver):
    assert deliver(channel.pk + 999, "app/uninstalled", b"{}").status_code == 404


def test_a_channel_without_a_client_credential_trusts_no_delivery(channel, deliver):
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(client_secret="")
    assert deliver(channel.pk, "app/uninstalled", b"{}", signature=signed(b"{}", "")).status_code == 401


def test_a_duplicate_event_is_processed_once_and_counted(channel, deliver):
    body = body_of("webhook_orders_create.json")
    first = deliver(channel.pk, "orders/create", body, event_id="evt-42")
    second = deliver(channel.pk, "orders/create", body, event_id="evt-42")

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"detail": "duplicate"}
    assert Order.objects.get().remote_reference == "gid://shopify/Order/820982911946154508"
    assert WebhookDelivery.objects.get().status == "processed"
    assert counters(channel) == (0, 0, 1)


def test_an_order_is_written_by_the_task_not_in_the_request(channel):
    response = post(channel.pk, "orders/create", body_of("webhook_orders_create.json"))  # no worker ran

    assert response.status_code == 200
    assert not Order.objects.exists()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "received"
    assert b"820982911946154508" in delivery.body.encode()


def test_a_handler_failure_is_kept_on_the_delivery_with_its_body(channel, deliver):
    with mock.patch.object(webhooks, "write_order", side_effect=ValueError("no currency")):
        response = deliver(channel.pk, "orders/create", body_of("webhook_orders_create.json"))

    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "no currency" in delivery.error
    assert delivery.body


def test_a_stale_delivery_is_refused_and_counted(channel, deliver):
    old = datetime.now(UTC) - timedelta(hours=7)
    response = deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"), triggered_at=old)

    assert response.status_code == 400
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "connected"
    assert not WebhookDelivery.objects.exists()
    assert counters(channel) == (0, 1, 0)


def test_a_delivery_without_a_timestamp_is_refused(channel, deliver):
    """Issue 15 item 8: the age check was skipped when X-Shopify-Triggered-At was absent."""
    response = deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"), triggered_at=False)

    assert response.status_code == 400
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "connected"
    assert counters(channel) == (0, 1, 0)


def test_a_replayed_uninstall_does_not_disconnect_a_reconnected_channel(channel, deliver):
    """Issue 15 item 8: a captured uninstall body resent with a new event id after a reconnect."""
    uninstalled_at = datetime.now(UTC) - timedelta(hours=2)
    captured = json.dumps({"id": 548380009, "domain": SHOP, "updated_at": uninstalled_at.isoformat()}).encode()
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(connected_at=datetime.now(UTC) - timedelta(hours=1))

    response = deliver(channel.pk, "app/uninstalled", captured, event_id="evt-replayed")

    assert response.status_code == 200
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.connection_status, stored.access_token) == ("connected", "shpat_live")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.detail) == ("ignored", "uninstall predates the current installation")


def test_an_uninstall_after_the_installation_disconnects(channel, deliver):
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(connected_at=datetime.now(UTC) - timedelta(days=3))

    deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"))

    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "disconnected"


@pytest.mark.parametrize(
    ("topic", "status"),
    [("customers/data_request", "processed"), ("customers/redact", "processed"), ("shop/redact", "ignored")],
)
def test_compliance_topics_are_acted_on_without_keeping_the_payload(channel, topic, status, deliver):
    # their effects: test_compliance.py; shop/redact leaves a shop that installed the app again alone
    body = json.dumps({"shop_domain": SHOP, "customer": {"email": "someone@example.com"}}).encode()
    response = deliver(channel.pk, topic, body, event_id=f"evt-{topic}")

    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.body) == (status, "")


def test_the_generic_inbox_route_serves_shopify_too(channel, deliver):
    response = deliver(channel.pk, "shop/redact", b"{}", url=f"/webhooks/shopify/{channel.pk}/")

    assert response.status_code == 200
    assert deliver(channel.pk, "shop/redact", b"{}", url=f"/webhooks/woocommerce/{channel.pk}/").status_code == 404


def test_a_delivery_for_another_shop_is_refused(channel):
    body = b"{}"
    client = Client()
    response = client.post(
        f"/webhooks/shopify/{channel.pk}/",
        data=body,
        content_type="application/json",
        HTTP_X_SHOPIFY_TOPIC="app/uninstalled",
        HTTP_X_SHOPIFY_HMAC_SHA256=signed(body),
        HTTP_X_SHOPIFY_SHOP_DOMAIN="other.myshopify.com",
        HTTP_X_SHOPIFY_EVENT_ID="evt-x",
    )
    assert response.status_code == 401


def test_get_is_not_allowed(channel):
    assert Client().get(f"/webhooks/shopify/{channel.pk}/").status_code == 405
