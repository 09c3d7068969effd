"""The Shopify webhook endpoint: /webhooks/shopify/<channel id>/ (logic lives in webhooks.py)."""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sales_channels.integrations.shopify.factories.sales_channels.webhooks import (
    Delivery,
    parse_triggered_at,
    receive,
    verify_webhook,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel


def _reply(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@csrf_exempt
@require_POST
def shopify_webhook(request: HttpRequest, channel_id: int) -> HttpResponse:
    """Verify a delivery's HMAC and shop, record it once (by event id) and act on its topic."""
    channel = ShopifySalesChannel.objects.filter(pk=channel_id).first()
    if channel is None:
        return _reply(404, "Unknown channel.")
    body = request.body
    if not verify_webhook(
        body=body, signature=request.headers.get("X-Shopify-Hmac-Sha256", ""), secret=channel.client_secret
    ):
        return _reply(401, "Invalid HMAC signature.")
    shop = request.headers.get("X-Shopify-Shop-Domain", "")
    if shop and shop.lower() != channel.shop_domain.lower():
        return _reply(401, "The delivery is for another shop.")
    event_id = request.headers.get("X-Shopify-Event-Id") or request.headers.get("X-Shopify-Webhook-Id", "")
    topic = request.headers.get("X-Shopify-Topic", "")
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return _reply(400, "The body is not JSON.")
    if not event_id or not topic:
        return _reply(400, "X-Shopify-Topic and X-Shopify-Event-Id are required.")
    delivery = Delivery(
        topic=topic,
        event_id=event_id,
        webhook_id=request.headers.get("X-Shopify-Webhook-Id", ""),
        shop_domain=shop,
        triggered_at=parse_triggered_at(request.headers.get("X-Shopify-Triggered-At", "")),
        payload=payload if isinstance(payload, dict) else {"items": payload},
    )
    event = receive(channel=channel, delivery=delivery)
    return _reply(200, "duplicate" if event is None else event.status)
