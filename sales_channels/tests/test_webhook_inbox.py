"""The webhook inbox through the fake vendor: verify, age, store once, answer fast, process in the task."""

import json
import time

import pytest
from django.test import Client

from sales_channels.models import SalesChannel, WebhookDelivery
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake import webhooks as fake_webhooks
from sales_channels.tests.fake.spec import STOREFRONT
from sales_channels.webhooks.process import process_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def notes():
    fake_webhooks.NOTES.clear()
    return fake_webhooks.NOTES


def post(channel, payload, *, event="evt-1", topic="notes/create", age=0.0, signature=None, stamp=True):
    body = json.dumps(payload).encode()
    headers = {
        "HTTP_X_FAKE_TOPIC": topic,
        "HTTP_X_FAKE_EVENT": event,
        "HTTP_X_FAKE_SIGNATURE": signature if signature is not None else fake_webhooks.sign(body=body, channel=channel),
    }
    if stamp:
        headers["HTTP_X_FAKE_TIME"] = str(time.time() - age)
    return Client().post(f"/webhooks/{STOREFRONT}/{channel.pk}/", data=body, content_type="application/json", **headers)


def counters(channel) -> tuple[int, int, int]:
    row = SalesChannel.objects.get(pk=channel.pk)
    return row.webhook_forged_count, row.webhook_stale_count, row.webhook_duplicate_count


def test_a_delivery_is_stored_answered_and_processed_in_the_task(storefront, notes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post(storefront, {"note": "hello"})

    assert (response.status_code, response.json()) == (200, {"detail": "received"})
    assert notes == []  # nothing ran in the request
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.topic, delivery.event_id, delivery.integration) == (
        "received",
        "notes/create",
        "evt-1",
        STOREFRONT,
    )
    assert len(queued) == 1

    queued[0]()

    delivery.refresh_from_db()
    assert notes == [(storefront.pk, "hello")]
    assert (delivery.status, delivery.detail, delivery.attempts, delivery.body) == (
        "processed",
        "note hello kept",
        1,
        "",
    )
    assert delivery.processed_at is not None


def test_forged_stale_unstamped_and_replayed_deliveries_are_refused_and_counted(
    storefront, notes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(storefront, {"note": "a"}, signature="0" * 64).status_code == 401
        assert post(storefront, {"note": "a"}, age=2 * fake_webhooks.MAX_AGE_SECONDS).status_code == 400
        assert post(storefront, {"note": "a"}, stamp=False).status_code == 400
        assert post(storefront, {"note": "a"}, event="evt-9").status_code == 200
        replay = post(storefront, {"note": "a"}, event="evt-9")

    assert replay.json() == {"detail": "duplicate"}
    assert notes == [(storefront.pk, "a")]
    assert WebhookDelivery.objects.count() == 1
    assert counters(storefront) == (1, 2, 1)


def test_another_companys_secret_cannot_deliver_to_a_channel(storefront, other_company, notes):
    theirs = SalesChannelFactory(multi_tenant_company=other_company, name="Their shop", integration=STOREFRONT)
    body = json.dumps({"note": "x"}).encode()

    response = Client().post(
        f"/webhooks/{STOREFRONT}/{storefront.pk}/",
        data=body,
        content_type="application/json",
        HTTP_X_FAKE_TOPIC="notes/create",
        HTTP_X_FAKE_EVENT="evt-x",
        HTTP_X_FAKE_TIME=str(time.time()),
        HTTP_X_FAKE_SIGNATURE=fake_webhooks.sign(body=body, channel=theirs),
    )

    assert response.status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_an_unhandled_topic_is_ignored_and_its_body_dropped(storefront, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(storefront, {"secret": "customer data"}, topic="customers/redact")

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.detail, delivery.body) == ("ignored", "topic not handled", "")


def test_a_retryable_failure_keeps_the_body_and_the_retry_processes_it(
    storefront, notes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(storefront, {"note": "later", "flaky": True})
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "timed out" in delivery.error
    assert delivery.body

    delay = process_delivery(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delay is None
    assert (delivery.status, delivery.attempts, delivery.body) == ("processed", 2, "")
    assert notes == [(storefront.pk, "later")]
    assert process_delivery(delivery_id=delivery.pk) is None  # processed: never handled twice
    assert notes == [(storefront.pk, "later")]


def test_a_channel_of_another_integration_or_without_webhooks_is_404(marketplace):
    assert Client().post(f"/webhooks/{STOREFRONT}/{marketplace.pk}/", data=b"{}", content_type="x").status_code == 404
    assert (
        Client().post(f"/webhooks/fake_marketplace/{marketplace.pk}/", data=b"{}", content_type="x").status_code == 404
    )
