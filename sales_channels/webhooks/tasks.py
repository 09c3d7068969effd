"""The Huey side of the webhook inbox: process one stored delivery, and sweep the deliveries that are due.

A delivery is processed by the task queued when it was received. A retryable failure is not
rescheduled by that task: `process_delivery` stores when the next attempt is due (exponential
backoff, at most the spec's `max_attempts`), and `sweep_due_deliveries`, run every minute by
`dispatch_due`, queues it then. The same sweep picks up a delivery whose first task never ran (a
lost enqueue, a stopped worker) once `UNPROCESSED_GRACE` has passed. A sweep claims each delivery
for `CLAIM_SECONDS` before queueing it, so two sweeps never queue it twice.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from huey.contrib.djhuey import db_task

from core.tasks import enqueue_on_commit
from sales_channels.models import WebhookDelivery, WebhookStatus
from sales_channels.webhooks.process import process_delivery

UNPROCESSED_GRACE = timedelta(minutes=5)
CLAIM_SECONDS = 600
SWEEP_LIMIT = 500


@db_task()
def process_webhook_delivery(delivery_id: int) -> None:
    """Run the topic handler of a stored webhook delivery (a retry is due later: the sweep queues it)."""
    process_delivery(delivery_id=delivery_id)


def sweep_due_deliveries(*, now: datetime | None = None, limit: int = SWEEP_LIMIT) -> int:
    """Queue every received or failed delivery whose next attempt is due; returns how many were queued."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        Q(status=WebhookStatus.RECEIVED) | Q(status=WebhookStatus.FAILED), next_attempt_at__lte=now
    )
    rows = list(due.order_by("next_attempt_at", "id").values_list("pk", "next_attempt_at")[:limit])
    claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
    queued = 0
    for delivery_id, due_at in rows:
        # The claim: only the sweep that moves the due time forward queues the delivery.
        if WebhookDelivery.objects.filter(pk=delivery_id, next_attempt_at=due_at).update(next_attempt_at=claimed_until):
            enqueue_on_commit(process_webhook_delivery, delivery_id=delivery_id)
            queued += 1
    return queued
