"""The store's webhooks: registered at connect with our own secret, verified and handled through the inbox.

- Registration: `order.created`, `order.updated`, `product.updated`, `product.deleted`, each once
  (an existing webhook with our delivery URL and topic is kept), signed with the channel's
  `webhook_secret` (never the store's default, a hash of the user).
- Verification: `X-WC-Webhook-Signature` = base64(HMAC-SHA256(raw body, secret)); the event id is
  `X-WC-Webhook-ID:X-WC-Webhook-Delivery-ID`, so a redelivery is a duplicate. WooCommerce sends no
  timestamp header: the delivery is dated on arrival and replays are stopped by the signature and
  the delivery id. The creation ping (form-encoded `webhook_id=N`, no signature) is answered 200
  while a registration runs (`webhooks_registering_until`), refused otherwise.
- Handlers: orders go through the order writer; `product.updated` marks the listing's mirror
  outdated (changed on the store) unless the body equals what we pushed last (our own write echoed
  back); `product.deleted` forgets the remote id. Local data is never overwritten by a webhook.
"""

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sales_channels.integrations.woocommerce.client import WooCommerceClient
from sales_channels.integrations.woocommerce.factories.orders.imports import write_webhook_order
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.webhooks.spec import VerifiedDelivery, WebhookIgnored, WebhookRejected, WebhookSpec

TOPICS = ("order.created", "order.updated", "product.updated", "product.deleted")
PING_TOPIC = "webhook.ping"
PING_WINDOW = timedelta(minutes=2)
PING_BODY = re.compile(rb"webhook_id=(\d+)")
ECHO_FIELDS = ("sku", "name", "regular_price", "sale_price", "stock_quantity", "status", "description")


def delivery_url(*, channel: WooCommerceSalesChannel) -> str:
    base = getattr(settings, "WOOCOMMERCE_PUBLIC_BASE_URL", "") or getattr(
        settings, "ONESILA_PUBLIC_URL", "http://localhost:8000"
    )
    return base.rstrip("/") + reverse("webhooks:inbox", args=["woocommerce", channel.pk])


def register_webhooks(*, channel: WooCommerceSalesChannel, client: WooCommerceClient) -> list[str]:
    """Create the missing webhooks (one GET, one POST per missing topic); the topics created."""
    url = delivery_url(channel=channel)
    existing = {hook.get("topic") for hook in client.webhooks() if hook.get("delivery_url") == url}
    missing = [topic for topic in TOPICS if topic not in existing]
    if not missing:
        return []
    until = timezone.now() + PING_WINDOW
    WooCommerceSalesChannel.objects.filter(pk=channel.pk).update(webhooks_registering_until=until)
    try:
        for topic in missing:
            client.create_webhook(topic=topic, delivery_url=url, secret=channel.webhook_secret)
    finally:
        WooCommerceSalesChannel.objects.filter(pk=channel.pk).update(webhooks_registering_until=None)
    return missing


def signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify_delivery(*, channel: WooCommerceSalesChannel, body: bytes, headers: Mapping[str, str]) -> VerifiedDelivery:
    """A delivery whose signature holds (or the creation ping during a registration); WebhookRejected otherwise."""
    lower = {name.lower(): value for name, value in headers.items()}
    given = lower.get("x-wc-webhook-signature", "")
    now = timezone.now()
    if not given:
        ping = PING_BODY.fullmatch(body.strip())
        registering = channel.webhooks_registering_until
        if ping and registering is not None and now <= registering:
            return VerifiedDelivery(topic=PING_TOPIC, event_id=f"ping:{ping.group(1)}", triggered_at=now)
        raise WebhookRejected("The delivery carries no X-WC-Webhook-Signature.")
    if not channel.webhook_secret or not hmac.compare_digest(given, signature(body, channel.webhook_secret)):
        raise WebhookRejected("The X-WC-Webhook-Signature does not match the body.")
    topic = lower.get("x-wc-webhook-topic", "")
    delivery_id = lower.get("x-wc-webhook-delivery-id", "")
    if not topic or not delivery_id:
        raise WebhookRejected("The delivery has no topic or delivery id.", status=400)
    kept = {name: lower[name] for name in ("x-wc-webhook-id", "x-wc-webhook-source") if name in lower}
    return VerifiedDelivery(
        topic=topic,
        event_id=f"{lower.get('x-wc-webhook-id', '')}:{delivery_id}",
        triggered_at=now,
        headers=kept,
    )


def _listing(*, channel: WooCommerceSalesChannel, payload: Any) -> RemoteProduct:
    if not isinstance(payload, dict) or not payload.get("id"):
        raise WebhookIgnored("the body names no product")
    mirror = RemoteProduct.objects.filter(sales_channel=channel, remote_id=str(payload["id"])).first()
    if mirror is None:
        raise WebhookIgnored("not a listing of this channel")
    return mirror


def product_updated(*, channel: WooCommerceSalesChannel, delivery: Any, payload: Any) -> str:
    """Mark the listing changed on the store (outdated) unless the body is our own last push echoed."""
    mirror = _listing(channel=channel, payload=payload)
    pushed = mirror.last_payload or {}
    changed = [
        name for name in ECHO_FIELDS if name in pushed and name in payload and str(pushed[name]) != str(payload[name])
    ]
    if not changed:
        raise WebhookIgnored("our own change, echoed by the store")
    RemoteProduct.objects.filter(pk=mirror.pk).update(status=MirrorStatus.OUTDATED, updated_at=timezone.now())
    return f"changed on the store: {', '.join(changed)}"


def product_deleted(*, channel: WooCommerceSalesChannel, delivery: Any, payload: Any) -> str:
    """The merchant deleted the product on the store: forget its remote id (the next push creates it again)."""
    mirror = _listing(channel=channel, payload=payload)
    mirror.variations.update(remote_id="", status=MirrorStatus.OUTDATED, payload_hash="")
    RemoteProduct.objects.filter(pk=mirror.pk).update(
        remote_id="", status=MirrorStatus.OUTDATED, payload_hash="", updated_at=timezone.now()
    )
    return f"product {payload['id']} deleted on the store"


def order_changed(*, channel: WooCommerceSalesChannel, delivery: Any, payload: Any) -> str:
    return f"order {write_webhook_order(channel=channel, payload=payload)}"


WOOCOMMERCE_WEBHOOKS = WebhookSpec(verify=verify_delivery, max_age_seconds=lambda: 24 * 3600)
WOOCOMMERCE_WEBHOOKS.handle("order.created", order_changed)
WOOCOMMERCE_WEBHOOKS.handle("order.updated", order_changed)
WOOCOMMERCE_WEBHOOKS.handle("product.updated", product_updated)
WOOCOMMERCE_WEBHOOKS.handle("product.deleted", product_deleted)
