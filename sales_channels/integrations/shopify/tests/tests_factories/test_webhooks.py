"""The webhook endpoint: HMAC over the raw body, dedupe by event id, stale deliveries, uninstall, compliance."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from sales_channels.integrations.shopify.factories.sales_channels import webhooks
from sales_channels.integrations.shopify.models import ShopifySalesChannel, ShopifyWebhookEvent

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


def deliver(channel_id, topic: str, body: bytes, *, signature=None, event_id="evt-1", triggered_at=None):
    headers = {
        "HTTP_X_SHOPIFY_TOPIC": topic,
        "HTTP_X_SHOPIFY_HMAC_SHA256": signature if signature is not None else signed(body),
        "HTTP_X_SHOPIFY_SHOP_DOMAIN": SHOP,
        "HTTP_X_SHOPIFY_EVENT_ID": event_id,
        "HTTP_X_SHOPIFY_WEBHOOK_ID": f"wh-{event_id}",
        "HTTP_X_SHOPIFY_TRIGGERED_AT": (triggered_at or datetime.now(UTC)).isoformat(),
    }
    client = Client(enforce_csrf_checks=True)
    return client.post(f"/webhooks/shopify/{channel_id}/", data=body, content_type="application/json", **headers)


def test_app_uninstalled_disconnects_the_channel_and_clears_tokens(channel):
    response = deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"))

    assert response.status_code == 200
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.connection_status, stored.access_token, stored.refresh_token) == ("disconnected", "", "")
    assert "uninstalled" in stored.last_connection_error
    event = ShopifyWebhookEvent.objects.get()
    assert (event.topic, event.status, event.payload) == ("app/uninstalled", "processed", {})


def test_a_bad_signature_is_401_and_changes_nothing(channel):
    body = body_of("webhook_app_uninstalled.json")
    assert deliver(channel.pk, "app/uninstalled", body, signature=signed(body, "wrong")).status_code == 401
    assert deliver(channel.pk, "app/uninstalled", body, signature="").status_code == 401
    tampered = body.replace(b"Fixture", b"Tampered")
    assert deliver(channel.pk, "app/uninstalled", tampered, signature=signed(body)).status_code == 401
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "connected"
    assert not ShopifyWebhookEvent.objects.exists()


def test_an_unknown_channel_is_404(channel):
    assert deliver(channel.pk + 999, "app/uninstalled", b"{}").status_code == 404


def test_a_channel_without_a_client_credential_trusts_no_delivery(channel):
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(client_secret="")
    assert deliver(channel.pk, "app/uninstalled", b"{}", signature=signed(b"{}", "")).status_code == 401


def test_a_duplicate_event_is_processed_once(channel):
    body = body_of("webhook_orders_create.json")
    importer = mock.Mock()
    with mock.patch.object(webhooks, "order_importer", return_value=importer):
        first = deliver(channel.pk, "orders/create", body, event_id="evt-42")
        second = deliver(channel.pk, "orders/create", body, event_id="evt-42")

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"detail": "duplicate"}
    importer.assert_called_once()
    assert importer.call_args.kwargs["payload"]["name"] == "#1001"
    assert ShopifyWebhookEvent.objects.get().status == "processed"


def test_an_order_is_stored_until_the_order_import_exists(channel):
    with mock.patch.object(webhooks, "order_importer", return_value=None):
        response = deliver(channel.pk, "orders/create", body_of("webhook_orders_create.json"))

    assert response.status_code == 200
    event = ShopifyWebhookEvent.objects.get()
    assert event.status == "received"
    assert event.payload["admin_graphql_api_id"] == "gid://shopify/Order/820982911946154508"


def test_an_importer_failure_is_kept_on_the_event(channel):
    with mock.patch.object(webhooks, "order_importer", return_value=mock.Mock(side_effect=ValueError("no currency"))):
        response = deliver(channel.pk, "orders/create", body_of("webhook_orders_create.json"))

    assert response.status_code == 200
    event = ShopifyWebhookEvent.objects.get()
    assert event.status == "failed"
    assert "no currency" in event.detail


def test_a_stale_delivery_is_acknowledged_and_ignored(channel):
    old = datetime.now(UTC) - timedelta(hours=7)
    response = deliver(channel.pk, "app/uninstalled", body_of("webhook_app_uninstalled.json"), triggered_at=old)

    assert response.status_code == 200
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status == "connected"
    assert ShopifyWebhookEvent.objects.get().status == "ignored"


@pytest.mark.parametrize("topic", ["customers/data_request", "customers/redact", "shop/redact"])
def test_compliance_topics_are_acknowledged_without_keeping_the_payload(channel, topic):
    body = json.dumps({"shop_domain": SHOP, "customer": {"email": "someone@example.com"}}).encode()
    response = deliver(channel.pk, topic, body, event_id=f"evt-{topic}")

    assert response.status_code == 200
    event = ShopifyWebhookEvent.objects.get()
    assert (event.status, event.payload) == ("processed", {})


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
