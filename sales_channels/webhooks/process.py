"""Processing a stored webhook delivery through its topic's handler (run by the Huey task).

It claims nothing twice: a processed or ignored delivery is left alone; each run counts an
attempt. The handler gets the decoded payload; its detail is stored. A retryable failure gets its
next attempt time (`RETRY_BASE_SECONDS`, doubled per attempt) for the sweep of `dispatch_due`
(`sales_channels.webhooks.tasks`), up to the spec's `max_attempts`; the final failure, and any
failure that is not retryable, stays failed with a readable error (why it stopped, after how many
attempts, the last error) and its body, to look at. After success the body is dropped unless the
spec keeps the topic.
"""

import json
import logging
from datetime import timedelta

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


def _finish(
    delivery: WebhookDelivery,
    *,
    status: str,
    detail: str = "",
    error: str = "",
    keep: bool,
    retry_in: float | None = None,
) -> None:
    delivery.status, delivery.detail, delivery.error = status, detail[:2000], error[:2000]
    delivery.processed_at = timezone.now()
    delivery.next_attempt_at = delivery.processed_at + timedelta(seconds=retry_in) if retry_in is not None else None
    if not keep:
        delivery.body = ""
    delivery.save()


def failure_text(*, error: BaseException, attempts: int, retry_in: float | None, max_attempts: int) -> str:
    """What a failed attempt stores: the error, and whether (and when) it is tried again or why not."""
    text = error_text(error)
    if retry_in is not None:
        return f"Attempt {attempts} of {max_attempts} failed, tried again in {retry_in:.0f} s: {text}"
    if isinstance(error, SalesChannelError) and error.retryable:
        return f"Gave up after {attempts} of {max_attempts} attempts: {text}"
    return f"Failed with an error that retrying cannot fix (attempt {attempts}): {text}"


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
    if spec is None or handler is None:
        _finish(delivery, status=WebhookStatus.IGNORED, detail="topic not handled", keep=False)
        return None
    try:
        payload = json.loads(delivery.body or "{}")
        detail = handler(channel=delivery.sales_channel.specific, delivery=delivery, payload=payload)
    except WebhookIgnored as ignored:
        _finish(delivery, status=WebhookStatus.IGNORED, detail=str(ignored), keep=keep)
        return None
    except Exception as error:  # noqa: BLE001 - failure is data: kept on the delivery with its body
        max_attempts = spec.max_attempts
        retry = isinstance(error, SalesChannelError) and error.retryable and delivery.attempts < max_attempts
        if not isinstance(error, SalesChannelError | ValueError):
            logger.exception("webhook delivery %s (%s) failed", delivery.pk, delivery.topic)
        retry_in = RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1) if retry else None
        text = failure_text(error=error, attempts=delivery.attempts, retry_in=retry_in, max_attempts=max_attempts)
        _finish(delivery, status=WebhookStatus.FAILED, error=text, keep=True, retry_in=retry_in)
        return retry_in
    _finish(delivery, status=WebhookStatus.PROCESSED, detail=str(detail or ""), keep=keep)
    return None
