"""Webhook deliveries from the Shopify sandbox to a receiver on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.webhooks import topic_header


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[Message, bytes]]
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.headers, body))
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    handler = type("Receiver", (_Receiver,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/webhooks/shopify", handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def sandbox():
    with ShopifySandbox() as running:
        yield running


def test_delivery_is_signed_with_base64_hmac_of_the_raw_body(sandbox, receiver):
    url, handler = receiver
    payload = {"id": 1001, "title": "Classic Mug"}
    assert sandbox.deliver_webhook("PRODUCTS_UPDATE", payload, url) == 200
    [(headers, body)] = handler.received
    expected = base64.b64encode(hmac.new(b"sandbox-secret", body, hashlib.sha256).digest()).decode()
    assert headers["X-Shopify-Hmac-Sha256"] == expected
    assert json.loads(body) == payload
    assert headers["X-Shopify-Topic"] == "products/update"
    assert headers["X-Shopify-Shop-Domain"] == "onesila-demo.myshopify.com"
    assert headers["X-Shopify-API-Version"] == "2026-01"
    assert headers["X-Shopify-Event-Id"]
    assert headers["X-Shopify-Webhook-Id"]
    assert headers["X-Shopify-Triggered-At"]


def test_a_duplicate_delivery_repeats_the_event_id(sandbox, receiver):
    url, handler = receiver
    for _ in range(2):
        sandbox.deliver_webhook("orders/create", {"id": 1}, url, event_id="evt-1")
    assert [headers["X-Shopify-Event-Id"] for headers, _body in handler.received] == ["evt-1", "evt-1"]
    assert handler.received[0][0]["X-Shopify-Webhook-Id"] != handler.received[1][0]["X-Shopify-Webhook-Id"]


def test_receiver_status_is_returned(sandbox, receiver):
    url, handler = receiver
    handler.status = 401
    assert sandbox.deliver_webhook("app/uninstalled", {}, url) == 401


def test_trigger_delivers_to_every_subscription_of_the_topic(sandbox, receiver):
    url, handler = receiver
    token = sandbox.issue_access_token()["access_token"]
    variables = {"topic": "APP_UNINSTALLED", "webhookSubscription": {"uri": url}}
    body = {"query": load_document("webhook_subscription_create"), "variables": variables}
    response = requests.post(sandbox.graphql_url, json=body, headers={"X-Shopify-Access-Token": token}, timeout=5)
    assert response.json()["data"]["webhookSubscriptionCreate"]["userErrors"] == []
    assert sandbox.trigger_webhook("app/uninstalled", {"id": 1}) == [200]
    assert sandbox.trigger_webhook("PRODUCTS_CREATE", {"id": 1}) == []
    assert handler.received[0][0]["X-Shopify-Topic"] == "app/uninstalled"


@pytest.mark.parametrize(
    ("topic", "header"),
    [
        ("PRODUCTS_UPDATE", "products/update"),
        ("INVENTORY_LEVELS_UPDATE", "inventory_levels/update"),
        ("shop/redact", "shop/redact"),
    ],
)
def test_topic_enum_maps_to_the_header_form(topic, header):
    assert topic_header(topic) == header
