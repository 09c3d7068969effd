"""Failed webhook deliveries: swept by dispatch_due with backoff, a bounded attempt count, a readable end."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sales_channels.models import WebhookDelivery
from sales_channels.tasks import dispatch_due
from sales_channels.tests.fake import webhooks as fake_webhooks
from sales_channels.tests.test_webhook_inbox import post
from sales_channels.webhooks.tasks import CLAIM_SECONDS, UNPROCESSED_GRACE, sweep_due_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def notes():
    fake_webhooks.NOTES.clear()
    return fake_webhooks.NOTES


def received(storefront, payload, *, topic="notes/create", event="evt-1", callbacks) -> WebhookDelivery:
    """A delivery posted and processed by its queued task (run at commit, as a worker would)."""
    with callbacks(execute=True):
        post(storefront, payload, topic=topic, event=event)
    return WebhookDelivery.objects.get(event_id=event)


def sweep_at(moment, callbacks) -> int:
    with callbacks(execute=True):
        return sweep_due_deliveries(now=moment)


def test_a_retryable_failure_is_due_after_its_backoff_and_the_sweep_processes_it(
    storefront, notes, django_capture_on_commit_callbacks
):
    delivery = received(storefront, {"note": "later", "flaky": True}, callbacks=django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.error.startswith("Attempt 1 of 5 failed, tried again in 30 s: ")
    assert "timed out" in delivery.error
    due_at = delivery.next_attempt_at
    assert timedelta(seconds=29) < due_at - delivery.processed_at <= timedelta(seconds=30)

    assert sweep_at(due_at - timedelta(seconds=1), django_capture_on_commit_callbacks) == 0  # not due yet
    assert notes == []
    assert sweep_at(due_at, django_capture_on_commit_callbacks) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at, delivery.body) == ("processed", 2, None, "")
    assert notes == [(storefront.pk, "later")]
    assert sweep_at(due_at + timedelta(hours=1), django_capture_on_commit_callbacks) == 0  # never handled twice


def test_dispatch_due_sweeps_deliveries(storefront, notes, django_capture_on_commit_callbacks):
    delivery = received(storefront, {"note": "later", "flaky": True}, callbacks=django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("processed", 2)


def test_backoff_doubles_and_the_attempts_are_bounded_with_a_readable_final_error(
    storefront, notes, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    delivery = received(storefront, {"note": "x"}, topic="notes/unreachable", callbacks=callbacks)
    waits = []
    for _ in range(10):  # more sweeps than attempts: the count stays bounded
        if delivery.next_attempt_at is None:
            break
        waits.append(round((delivery.next_attempt_at - delivery.processed_at).total_seconds()))
        sweep_at(delivery.next_attempt_at, callbacks)
        delivery.refresh_from_db()

    assert waits == [30, 60, 120, 240]
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 5, None)
    assert delivery.error == "Gave up after 5 of 5 attempts: vendor lookup timed out"
    assert delivery.body  # kept to look at
    assert sweep_at(timezone.now() + timedelta(days=1), callbacks) == 0


def test_an_error_retrying_cannot_fix_is_not_retried(storefront, notes, django_capture_on_commit_callbacks):
    callbacks = django_capture_on_commit_callbacks
    delivery = received(storefront, {"note": "x"}, topic="notes/malformed", callbacks=callbacks)

    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 1, None)
    assert delivery.error == (
        "Failed with an error that retrying cannot fix (attempt 1): ValueError: the note has no text"
    )
    assert sweep_at(timezone.now() + timedelta(days=1), callbacks) == 0


def test_a_delivery_whose_task_never_ran_is_swept_after_the_grace(
    storefront, notes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the queued task is lost
        post(storefront, {"note": "lost"})
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "received"
    now = timezone.now()

    assert sweep_at(now, django_capture_on_commit_callbacks) == 0
    assert sweep_at(now + UNPROCESSED_GRACE + timedelta(seconds=1), django_capture_on_commit_callbacks) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("processed", 1, None)
    assert notes == [(storefront.pk, "lost")]


def test_a_claimed_delivery_is_queued_once_until_its_claim_expires(storefront, django_capture_on_commit_callbacks):
    delivery = received(
        storefront, {"note": "x"}, topic="notes/unreachable", callbacks=django_capture_on_commit_callbacks
    )
    due_at = delivery.next_attempt_at

    with django_capture_on_commit_callbacks(execute=False) as queued:  # the worker has not run it yet
        assert sweep_due_deliveries(now=due_at) == 1
        assert sweep_due_deliveries(now=due_at + timedelta(seconds=59)) == 0  # the next minute's sweep
    assert len(queued) == 1

    delivery.refresh_from_db()
    assert delivery.next_attempt_at == due_at + timedelta(seconds=CLAIM_SECONDS)
    with django_capture_on_commit_callbacks(execute=False) as requeued:  # the worker died: the claim expires
        assert sweep_due_deliveries(now=delivery.next_attempt_at) == 1
    assert len(requeued) == 1
