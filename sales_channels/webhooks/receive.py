"""Receiving a webhook delivery: verify, check its age, store it once, queue its processing and answer.

`receive_delivery` runs in the request: it never calls a handler, so the vendor gets its answer in
milliseconds and a slow or failing handler never makes the vendor retry; `process.process_delivery`
runs in the Huey task `process_webhook_delivery` once the delivery is committed.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.tasks import enqueue_on_commit
from sales_channels.models import SalesChannel, WebhookDelivery, WebhookStatus
from sales_channels.webhooks.process import webhook_spec
from sales_channels.webhooks.spec import STALE, VerifiedDelivery, WebhookRejected, WebhookSpec
from sales_channels.webhooks.tasks import UNPROCESSED_GRACE, process_webhook_delivery

logger = logging.getLogger(__name__)

COUNTERS = {"forged": "webhook_forged_count", "stale": "webhook_stale_count", "duplicate": "webhook_duplicate_count"}


@dataclass(frozen=True)
class InboxAnswer:
    """The HTTP answer of the receiving view: status code and a short detail."""

    status: int
    detail: str


def count(*, channel_id: int, counter: str) -> None:
    """Bump one of the channel's webhook counters (forged, stale, duplicate) atomically."""
    SalesChannel.objects.filter(pk=channel_id).update(**{COUNTERS[counter]: F(COUNTERS[counter]) + 1})


def check_age(*, verified: VerifiedDelivery, spec: WebhookSpec, now=None) -> None:
    """WebhookRejected (stale) without a timestamp, or older than the vendor's retry window."""
    if verified.triggered_at is None:
        raise WebhookRejected("The delivery has no timestamp.", status=400, counter=STALE)
    age = (now or timezone.now()) - verified.triggered_at
    if age > timedelta(seconds=spec.max_age_seconds()):
        raise WebhookRejected("The delivery is older than the vendor's retry window.", status=400, counter=STALE)


def receive_delivery(*, channel: SalesChannel, body: bytes, headers: dict[str, str]) -> InboxAnswer:
    """Verify, check age, store once and queue processing; the answer for the vendor."""
    spec = webhook_spec(integration=channel.integration)
    if spec is None:
        return InboxAnswer(404, "This channel takes no webhooks.")
    try:
        verified = spec.verify(channel=channel, body=body, headers=headers)
        check_age(verified=verified, spec=spec)
    except WebhookRejected as rejected:
        count(channel_id=channel.pk, counter=rejected.counter)
        logger.warning("webhook for channel %s refused (%s): %s", channel.pk, rejected.counter, rejected.message)
        return InboxAnswer(rejected.status, rejected.message)
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                multi_tenant_company_id=channel.multi_tenant_company_id,
                sales_channel_id=channel.pk,
                integration=channel.integration,
                topic=verified.topic[:128],
                event_id=verified.event_id[:255],
                body=body.decode("utf-8", errors="replace"),
                headers=dict(verified.headers),
                triggered_at=verified.triggered_at,
                next_attempt_at=timezone.now() + UNPROCESSED_GRACE,  # swept if the queued task never runs
            )
    except IntegrityError:
        count(channel_id=channel.pk, counter="duplicate")
        logger.info("webhook %s %s for channel %s is a duplicate", verified.topic, verified.event_id, channel.pk)
        return InboxAnswer(200, "duplicate")
    enqueue_on_commit(process_webhook_delivery, delivery_id=delivery.pk)
    return InboxAnswer(200, WebhookStatus.RECEIVED)
