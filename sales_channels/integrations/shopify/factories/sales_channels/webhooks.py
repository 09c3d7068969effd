"""Incoming Shopify webhooks: verify, deduplicate, then act by topic.

- `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body keyed with the app's client
  secret (not hex, not the parsed JSON), compared in constant time.
- `X-Shopify-Event-Id` is the same on every retry of one event: a `ShopifyWebhookEvent` row unique
  per channel and event id makes a duplicate a no-op.
- Shopify retries for 4 hours with the original payload, so a delivery whose `X-Shopify-Triggered-At`
  is older than `webhook_max_age()` is acknowledged and ignored.
"""

import base64
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sales_channels.integrations.shopify.factories.sales_channels import constants
from sales_channels.integrations.shopify.factories.sales_channels.status import mark_disconnected
from sales_channels.integrations.shopify.models import ShopifySalesChannel, ShopifyWebhookEvent

logger = logging.getLogger(__name__)

APP_UNINSTALLED = "app/uninstalled"
ORDERS_CREATE = "orders/create"
COMPLIANCE_TOPICS = ("customers/data_request", "customers/redact", "shop/redact")
Status = ShopifyWebhookEvent.Status


@dataclass(frozen=True)
class Delivery:
    """One webhook delivery as received: the headers we use and the parsed JSON body."""

    topic: str
    event_id: str
    webhook_id: str
    shop_domain: str
    triggered_at: datetime | None
    payload: dict


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


def is_stale(*, triggered_at: datetime | None, now: datetime | None = None) -> bool:
    """A delivery triggered longer ago than the webhook age limit."""
    if triggered_at is None:
        return False
    return (now or timezone.now()) - triggered_at > timedelta(seconds=constants.webhook_max_age())


def _uninstalled(*, channel: ShopifySalesChannel, delivery: Delivery) -> tuple[str, str]:
    mark_disconnected(channel=channel, reason="The app was uninstalled from the shop: reconnect it to sync again.")
    logger.info("Shopify channel %s disconnected: app uninstalled", channel.pk)
    return Status.PROCESSED, "channel disconnected, tokens cleared"


def _order_created(*, channel: ShopifySalesChannel, delivery: Delivery) -> tuple[str, str]:
    importer = order_importer()
    if importer is None:
        return Status.RECEIVED, "stored: order import is not available yet"
    importer(channel=channel, payload=delivery.payload)
    return Status.PROCESSED, "order handed to the order import"


def _compliance(*, channel: ShopifySalesChannel, delivery: Delivery) -> tuple[str, str]:
    # OneSila keeps no customer profiles: orders carry what the merchant needs for fulfilment.
    return Status.PROCESSED, "acknowledged: no customer data is held beyond imported orders"


HANDLERS: dict[str, Callable[..., tuple[str, str]]] = {
    APP_UNINSTALLED: _uninstalled,
    ORDERS_CREATE: _order_created,
    **dict.fromkeys(COMPLIANCE_TOPICS, _compliance),
}
# Only payloads a handler needs are kept; compliance and uninstall bodies carry customer/shop data.
KEEP_PAYLOAD = frozenset({ORDERS_CREATE})


def order_importer() -> Callable[..., object] | None:
    """`import_order_from_webhook(channel=, payload=)` of the order import (imported late: it imports this app)."""
    from sales_channels.integrations.shopify.factories.orders import import_order_from_webhook

    return import_order_from_webhook


def receive(*, channel: ShopifySalesChannel, delivery: Delivery) -> ShopifyWebhookEvent | None:
    """Record a verified delivery once and act on its topic; None when it is a duplicate."""
    stale = is_stale(triggered_at=delivery.triggered_at)
    handler = HANDLERS.get(delivery.topic)
    try:
        with transaction.atomic():
            event = ShopifyWebhookEvent.objects.create(
                multi_tenant_company_id=channel.multi_tenant_company_id,
                sales_channel=channel,
                event_id=delivery.event_id[:255],
                webhook_id=delivery.webhook_id[:255],
                topic=delivery.topic[:128],
                triggered_at=delivery.triggered_at,
                payload=delivery.payload if delivery.topic in KEEP_PAYLOAD else {},
                status=Status.IGNORED if stale or handler is None else Status.RECEIVED,
                detail="stale delivery" if stale else ("" if handler else "topic not handled"),
            )
    except IntegrityError:
        logger.info(
            "Shopify webhook %s %s for channel %s is a duplicate", delivery.topic, delivery.event_id, channel.pk
        )
        return None
    if event.status == Status.RECEIVED:
        _handle(event=event, channel=channel, delivery=delivery, handler=handler)
    return event


def _handle(*, event: ShopifyWebhookEvent, channel, delivery: Delivery, handler) -> None:
    try:
        event.status, event.detail = handler(channel=channel, delivery=delivery)
    except Exception as error:  # noqa: BLE001 - failure is data: kept on the event with its payload
        logger.exception("Shopify webhook %s for channel %s failed", delivery.topic, channel.pk)
        event.status, event.detail = Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
    event.save()


DEFAULT_SUBSCRIPTIONS = ("APP_UNINSTALLED", "ORDERS_CREATE")


def webhook_callback_url(*, channel: ShopifySalesChannel, public_base_url: str) -> str:
    """The URL Shopify should deliver this channel's webhooks to (OneSila's public base URL + the route)."""
    from django.urls import reverse

    return public_base_url.rstrip("/") + reverse("shopify:webhook", kwargs={"channel_id": channel.pk})


def subscribe_webhooks(
    *, client, channel: ShopifySalesChannel, public_base_url: str, topics: tuple[str, ...] = DEFAULT_SUBSCRIPTIONS
) -> list[str]:
    """Subscribe the channel's callback URL to each topic (GraphQL enum names); returns the subscription ids."""
    from sales_channels.integrations.shopify.client import raise_user_errors

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
