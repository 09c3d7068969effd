"""Notifications at the HTTP transport (`responses`) and the inbox verifier: grantless token, set-up, refusals."""

import json
from urllib.parse import parse_qs

import pytest
import responses

from sales_channels.integrations.amazon.factories.notifications import (
    KEY_HEADER,
    NOTIFICATION_TYPES,
    notification_key,
    subscribe_notifications,
    verify_notification,
)
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.tests.tests_factories.test_client import API, LWA, TOKEN, channel, client_of
from sales_channels.webhooks.spec import WebhookRejected

pytestmark = pytest.mark.django_db
__all__ = ["channel"]  # the fixture, imported for these tests

DESTINATIONS = f"{API}/notifications/v1/destinations"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:onesila"
GRANTLESS = {"access_token": "Atc|grantless", "token_type": "bearer", "expires_in": 3600}


@responses.activate
def test_destinations_use_a_grantless_token_and_subscriptions_the_sellers(channel):
    responses.post(LWA, json=GRANTLESS)
    responses.post(LWA, json=TOKEN)
    responses.get(DESTINATIONS, json={"payload": []})
    responses.post(DESTINATIONS, json={"payload": {"destinationId": "D1", "name": "x", "resource": {}}})
    for kind in NOTIFICATION_TYPES:
        url = f"{API}/notifications/v1/subscriptions/{kind}"
        responses.get(url, json={"errors": [{"code": "NotFound", "message": "none"}]}, status=404)
        responses.post(
            url, json={"payload": {"subscriptionId": f"S-{kind}", "destinationId": "D1", "payloadVersion": "1.0"}}
        )

    setup = subscribe_notifications(channel=channel, sqs_arn=QUEUE, client=client_of(channel))

    assert setup.destination_id == "D1"
    assert setup.subscriptions == {kind: f"S-{kind}" for kind in NOTIFICATION_TYPES}
    body = responses.calls[0].request.body
    grant = parse_qs(body.decode() if isinstance(body, bytes) else body)
    assert (grant["grant_type"], grant["scope"]) == (["client_credentials"], ["sellingpartnerapi::notifications"])
    destination_calls = [call for call in responses.calls if call.request.url.startswith(DESTINATIONS)]
    assert {call.request.headers["x-amz-access-token"] for call in destination_calls} == {"Atc|grantless"}
    created = json.loads(destination_calls[1].request.body)
    assert created == {"name": f"onesila-{channel.pk}", "resourceSpecification": {"sqs": {"arn": QUEUE}}}
    subscription_calls = [call for call in responses.calls if "/subscriptions/" in call.request.url]
    assert {call.request.headers["x-amz-access-token"] for call in subscription_calls} == {TOKEN["access_token"]}


def test_an_arn_that_is_not_an_sqs_queue_is_refused_before_any_call(channel):
    with pytest.raises(ValueError, match="is not an SQS queue ARN"):
        subscribe_notifications(channel=channel, sqs_arn="https://example.com/hook", client=object())


def _notification(channel: AmazonSalesChannel, **payload) -> bytes:
    return json.dumps(
        {
            "NotificationType": "LISTINGS_ITEM_STATUS_CHANGE",
            "EventTime": "2026-12-03T10:00:00.000Z",
            "Payload": {"SellerId": channel.selling_partner_id, "Sku": "SKU-1", **payload},
            "NotificationMetadata": {"ApplicationId": channel.application_id, "NotificationId": "N-1"},
        }
    ).encode()


def test_the_verifier_reads_topic_id_and_time_and_refuses_other_channels_keys(channel, company):
    channel.application_id = "amzn1.sp.solution.app"
    channel.save()
    verified = verify_notification(
        channel=channel, body=_notification(channel), headers={KEY_HEADER: notification_key(channel)}
    )
    assert (verified.topic, verified.event_id, verified.triggered_at.isoformat()) == (
        "LISTINGS_ITEM_STATUS_CHANGE",
        "N-1",
        "2026-12-03T10:00:00+00:00",
    )
    other = AmazonSalesChannel.objects.create(multi_tenant_company=company, name="Other", selling_partner_id="SELLER1")
    assert notification_key(other) != notification_key(channel)
    with pytest.raises(WebhookRejected, match="header is missing or wrong"):
        verify_notification(channel=channel, body=_notification(channel), headers={KEY_HEADER: notification_key(other)})
    with pytest.raises(WebhookRejected, match="another seller"):
        verify_notification(
            channel=channel,
            body=_notification(channel, SellerId="A9OTHER"),
            headers={KEY_HEADER: notification_key(channel)},
        )
