"""Incoming Shopify webhooks on the framework's inbox: the verifier, the retry window and the topic handlers.

- `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body keyed with the app's client
  secret (not hex, not the parsed JSON), compared in constant time; the shop domain must match.
- `X-Shopify-Event-Id` is the same on every retry of one event: the inbox stores a delivery once
  per channel and event id. `X-Shopify-Triggered-At` is required: Shopify retries for 4 hours with
  the original payload, so a delivery older than `webhook_max_age()` is refused as stale.
- The HMAC covers the body only, so a captured app/uninstalled body can be resent with fresh
  headers: an uninstall that predates the current installation (`connected_at`, by the shop's
  signed `updated_at` when the body has it, else the trigger time) is ignored.
- orders/create is processed in the inbox task (never in the request) through the order writer;
  the compliance topics act on the shop's local data (`compliance`). Adding a topic is one line:
  `SHOPIFY_WEBHOOKS.handle(topic, fn)`.
"""

import base64
import hashlib
import hmac
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sales_channels.connection import mark_disconnected
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.orders.parsers import parse_webhook_order
from sales_channels.integrations.shopify.factories.orders.writer import write_order
from sales_channels.integrations.shopify.factories.sales_channels import constants
from sales_channels.integrations.shopify.factories.sales_channels.compliance import COMPLIANCE_HANDLERS
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import WebhookDelivery
from sales_channels.webhooks.spec import VerifiedDelivery, WebhookIgnored, WebhookRejected, WebhookSpec

logger = logging.getLogger(__name__)

APP_UNINSTALLED = "app/uninstalled"
ORDERS_CREATE = "orders/create"
COMPLIANCE_TOPICS = tuple(COMPLIANCE_HANDLERS)
KEPT_HEADERS = ("X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version")


def webhook_signature(*, body: bytes, secret: str) -> str:
    """The X-Shopify-Hmac-Sha256 value Shopify sends for a body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify_webhook(*, body: bytes, signature: str, secret: str) -> bool:
    """Whether `signature` signs the raw body with the secret (constant time; no secret, no trust)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(webhook_signature(body=body, secret=secret).encode(), signature.strip().encode())


def parse_triggered_at(value: str) -> datetime | None:
    """X-Shopify-Triggered-At (ISO 8601) as an aware datetime, or None when absent or unreadable."""
    try:
        parsed = parse_datetime(value or "")
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def verify_shopify_delivery(
    *, channel: ShopifySalesChannel, body: bytes, headers: Mapping[str, str]
) -> VerifiedDelivery:
    """The delivery's topic, event id and trigger time once its HMAC and shop hold; WebhookRejected otherwise."""
    if not verify_webhook(body=body, signature=headers.get("X-Shopify-Hmac-Sha256", ""), secret=channel.client_secret):
        raise WebhookRejected("Invalid HMAC signature.")
    shop = headers.get("X-Shopify-Shop-Domain", "")
    if shop and shop.lower() != channel.shop_domain.lower():
        raise WebhookRejected("The delivery is for another shop.")
    event_id = headers.get("X-Shopify-Event-Id") or headers.get("X-Shopify-Webhook-Id", "")
    topic = headers.get("X-Shopify-Topic", "")
    if not event_id or not topic:
        raise WebhookRejected("X-Shopify-Topic and X-Shopify-Event-Id are required.", status=400)
    return VerifiedDelivery(
        topic=topic,
        event_id=event_id,
        triggered_at=parse_triggered_at(headers.get("X-Shopify-Triggered-At", "")),
        headers={name: headers[name] for name in KEPT_HEADERS if name in headers},
    )


def _event_time(*, delivery: WebhookDelivery, payload: object) -> datetime | None:
    """When the event happened: the shop's signed `updated_at` in the body, else the trigger time."""
    signed = payload.get("updated_at") if isinstance(payload, dict) else None
    return (
        parse_triggered_at(signed) if isinstance(signed, str) and parse_triggered_at(signed) else delivery.triggered_at
    )


def uninstalled(*, channel: ShopifySalesChannel, delivery: WebhookDelivery, payload: object) -> str:
    """app/uninstalled: forget the tokens and disconnect, unless it predates the current installation."""
    happened = _event_time(delivery=delivery, payload=payload)
    if channel.connected_at is not None and happened is not None and happened < channel.connected_at:
        raise WebhookIgnored("uninstall predates the current installation")
    mark_disconnected(channel=channel, reason="The app was uninstalled from the shop: reconnect it to sync again.")
    logger.info("Shopify channel %s disconnected: app uninstalled", channel.pk)
    return "channel disconnected, tokens cleared"


def order_created(*, channel: ShopifySalesChannel, delivery: WebhookDelivery, payload: object) -> str:
    """orders/create: the order into the local orders app through the framework's order writer."""
    order, kind = write_order(channel=channel, order=parse_webhook_order(payload))
    return f"order {order.reference} {kind}"


def webhook_max_age_seconds() -> int:
    return constants.webhook_max_age()


SHOPIFY_WEBHOOKS = WebhookSpec(verify=verify_shopify_delivery, max_age_seconds=webhook_max_age_seconds)
SHOPIFY_WEBHOOKS.handle(APP_UNINSTALLED, uninstalled)
SHOPIFY_WEBHOOKS.handle(ORDERS_CREATE, order_created)
for _topic, _handler in COMPLIANCE_HANDLERS.items():
    SHOPIFY_WEBHOOKS.handle(_topic, _handler)


DEFAULT_SUBSCRIPTIONS = ("APP_UNINSTALLED", "ORDERS_CREATE")


def webhook_callback_url(*, channel: ShopifySalesChannel, public_base_url: str) -> str:
    """The URL Shopify should deliver this channel's webhooks to (OneSila's public base URL + the route)."""
    return public_base_url.rstrip("/") + reverse("shopify:webhook", kwargs={"channel_id": channel.pk})


def subscribe_webhooks(
    *, client, channel: ShopifySalesChannel, public_base_url: str, topics: tuple[str, ...] = DEFAULT_SUBSCRIPTIONS
) -> list[str]:
    """Subscribe the channel's callback URL to each topic (GraphQL enum names); returns the subscription ids."""
    callback_url = webhook_callback_url(channel=channel, public_base_url=public_base_url)
    ids = []
    for topic in topics:
        data = client.execute(
            document="webhook_subscription_create",
            variables={"topic": topic, "webhookSubscription": {"uri": callback_url, "format": "JSON"}},
        )
        payload = data.get("webhookSubscriptionCreate") or {}
        raise_user_errors(payload=payload, operation="webhookSubscriptionCreate")
        ids.append((payload.get("webhookSubscription") or {}).get("id", ""))
    return ids
