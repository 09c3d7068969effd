"""The Huey entry point of the webhook inbox: process one stored delivery by id (retried with backoff)."""

from django.conf import settings
from huey.contrib.djhuey import db_task

from sales_channels.webhooks.process import process_delivery


@db_task()
def process_webhook_delivery(delivery_id: int) -> None:
    """Run the topic handler of a stored webhook delivery; a retryable failure is scheduled again."""
    delay = process_delivery(delivery_id=delivery_id)
    if delay is not None and not settings.HUEY.get("immediate", False):
        process_webhook_delivery.schedule(kwargs={"delivery_id": delivery_id}, delay=delay)
