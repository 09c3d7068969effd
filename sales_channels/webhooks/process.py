"""Processing a stored webhook delivery through its topic's handler (run by the Huey task).

It claims nothing twice: a processed or ignored delivery is left alone; each run counts an
attempt. The handler gets the decoded payload; its detail is stored. A retryable failure is
retried with backoff up to the spec's `max_attempts`; any other failure stays failed with its
error and its body, to look at. After success the body is dropped unless the spec keeps the topic.
"""

import json
import logging

from django.db.models import F
from django.utils import timezone

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.binders import error_text
from sales_channels.models import WebhookDelivery, WebhookStatus
from sales_channels.registry import find_spec
from sales_channels.webhooks.spec import WebhookIgnored, WebhookSpec

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30


def webhook_spec(*, integration: str) -> WebhookSpec | None:
    """The integration's webhook spec, or None when it takes no webhooks (or is not installed)."""
    spec = find_spec(integration)
    return spec.webhooks if spec is not None else None


def _finish(delivery: WebhookDelivery, *, status: str, detail: str = "", error: str = "", keep: bool) -> None:
    delivery.status, delivery.detail, delivery.error = status, detail[:2000], error[:2000]
    delivery.processed_at = timezone.now()
    if not keep:
        delivery.body = ""
    delivery.save()


def process_delivery(*, delivery_id: int) -> float | None:
    """Run the topic's handler on a stored delivery; the seconds to wait before a retry, or None when done."""
    delivery = WebhookDelivery.objects.select_related("sales_channel").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (WebhookStatus.PROCESSED, WebhookStatus.IGNORED):
        return None
    spec = webhook_spec(integration=delivery.integration)
    handler = spec.handler_for(delivery.topic) if spec is not None else None
    keep = spec is not None and delivery.topic in spec.kept_topics
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    delivery.attempts += 1
    if handler is None:
        _finish(delivery, status=WebhookStatus.IGNORED, detail="topic not handled", keep=False)
        return None
    try:
        payload = json.loads(delivery.body or "{}")
        detail = handler(channel=delivery.sales_channel.specific, delivery=delivery, payload=payload)
    except WebhookIgnored as ignored:
        _finish(delivery, status=WebhookStatus.IGNORED, detail=str(ignored), keep=keep)
        return None
    except Exception as error:  # noqa: BLE001 - failure is data: kept on the delivery with its body
        attempts_left = spec is not None and delivery.attempts < spec.max_attempts
        retry = isinstance(error, SalesChannelError) and error.retryable and attempts_left
        if not isinstance(error, SalesChannelError | ValueError):
            logger.exception("webhook delivery %s (%s) failed", delivery.pk, delivery.topic)
        _finish(delivery, status=WebhookStatus.FAILED, error=error_text(error), keep=True)
        return RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1) if retry else None
    _finish(delivery, status=WebhookStatus.PROCESSED, detail=str(detail or ""), keep=keep)
    return None
