"""Notifications: SQS destination and subscriptions set up at the sandbox, relayed messages acted on by the inbox."""

import json

import pytest
from django.test import Client

from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.notifications import (
    ISSUES_CHANGE,
    KEY_HEADER,
    ORDER_CHANGE,
    STATUS_CHANGE,
    inbox_path,
    notification_key,
    subscribe_notifications,
)
from sales_channels.integrations.amazon.tests import vendor_specs
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import ImportProcess, RemoteProduct, SalesChannel, WebhookDelivery

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not vendor_specs.available(), reason="../shared/vendor-specs/amazon is absent"),
]
QUEUE = "arn:aws:sqs:us-east-1:123456789012:onesila-notifications"


@pytest.fixture
def amazon_sandbox(amazon_sandbox):
    amazon_sandbox.record_bodies = True
    return amazon_sandbox


def relay(channel, messages, *, key: str | None = None) -> list[int]:
    """What a deployment's queue consumer does: each message body, unchanged, to the channel's inbox."""
    headers = {f"HTTP_{KEY_HEADER.upper().replace('-', '_')}": key or notification_key(channel)}
    client = Client()
    return [
        client.post(inbox_path(channel), data=message["Body"], content_type="application/json", **headers).status_code
        for message in messages
    ]


def test_the_set_up_subscribes_once_and_relayed_notifications_store_amazons_issues(
    shirts, amazon_channel, amazon_sandbox
):
    setup = subscribe_notifications(channel=amazon_channel, sqs_arn=QUEUE)
    assert setup.destination_created
    assert sorted(setup.created) == [ISSUES_CHANGE, STATUS_CHANGE, ORDER_CHANGE]
    again = subscribe_notifications(channel=amazon_channel, sqs_arn=QUEUE)
    assert (again.destination_id, again.destination_created, again.created) == (setup.destination_id, False, [])
    assert again.subscriptions == setup.subscriptions

    tee = shirts.shirt("TEE-NOTIFIED")
    flows.assign_products(view=shirts.view, product_ids=[tee.pk])
    run_all()
    mirror = RemoteProduct.objects.get(local_instance=tee, view=shirts.view)
    assert not mirror.issues.exists()

    listing = amazon_sandbox.listings.get("TEE-NOTIFIED", US)  # later, Amazon finds a problem with the listing
    listing.issues = [
        {"code": "18027", "message": "The image does not meet Amazon's requirements.", "severity": "ERROR"}
    ]
    amazon_sandbox.notifications.listing_changed(listing)
    messages = amazon_sandbox.notifications.receive(setup.destination_id)
    assert len(messages) == 4  # status and issues, at the push and at the change
    issues_message = json.loads(messages[-1]["Body"])
    schema = "ListingsItemIssuesChangeNotification_2023-12-13.json"
    assert vendor_specs.notification_errors(issues_message, schema_file=schema) == []

    assert relay(amazon_channel, messages) == [200, 200, 200, 200]
    issue = mirror.issues.get()
    assert (issue.source, issue.code, issue.severity) == ("vendor", "18027", "error")
    deliveries = WebhookDelivery.objects.filter(sales_channel=amazon_channel)
    assert deliveries.count() == 4
    assert set(deliveries.values_list("status", flat=True)) == {"processed"}
    assert "1 issue(s), 1 error(s)" in deliveries.order_by("pk").last().detail

    assert relay(amazon_channel, messages[-1:]) == [200]  # redelivered: a duplicate, not acted on twice
    assert deliveries.count() == 4

    for entry in amazon_sandbox.request_log:
        operation = entry["operation"]
        if operation in ("getDestinations", "createDestination", "getSubscription", "createSubscription"):
            body = json.loads(entry["body"]) if entry["method"] == "POST" else None
            assert vendor_specs.request_errors(operation, body) == [], (operation, body)
            answer = json.loads(entry["answer"])
            assert vendor_specs.answer_errors(operation, entry["status"], answer) == [], (operation, answer)


def test_a_notification_without_the_key_or_for_another_seller_is_refused(shirts, amazon_channel, amazon_sandbox):
    setup = subscribe_notifications(channel=amazon_channel, sqs_arn=QUEUE)
    tee = shirts.shirt("TEE-FORGED")
    flows.assign_products(view=shirts.view, product_ids=[tee.pk])
    run_all()
    messages = amazon_sandbox.notifications.receive(setup.destination_id)

    assert relay(amazon_channel, messages[:1], key="not-the-key") == [401]
    other = json.loads(messages[0]["Body"])
    other["Payload"]["SellerId"] = "A1OTHERSELLER"
    assert relay(amazon_channel, [{"Body": json.dumps(other)}]) == [401]
    assert not WebhookDelivery.objects.filter(sales_channel=amazon_channel).exists()
    assert SalesChannel.objects.get(pk=amazon_channel.pk).webhook_forged_count == 2


def test_a_destination_is_refused_without_a_grantless_token(amazon_channel, amazon_sandbox):
    client_token = amazon_channel.access_token  # the seller's token, not a grantless one
    reply = amazon_sandbox.handle(
        "GET", "/notifications/v1/destinations", {}, b"", {"x-amz-access-token": client_token}
    )
    assert reply.status == 403


def test_an_order_change_queues_one_orders_import(amazon_channel, amazon_sandbox):
    setup = subscribe_notifications(channel=amazon_channel, sqs_arn=QUEUE)
    amazon_sandbox.notifications.order_changed(order_id="113-0000001-0000001", marketplace_id=US, status="Shipped")
    messages = amazon_sandbox.notifications.receive(setup.destination_id)
    notification = json.loads(messages[0]["Body"])
    assert vendor_specs.notification_errors(notification, schema_file="OrderChangeNotification.json") == []

    assert relay(amazon_channel, messages) == [200]
    imports = ImportProcess.objects.filter(sales_channel=amazon_channel, kind="orders")
    assert imports.count() == 1
    assert imports.get().status == "succeeded", imports.get().error
    delivery = WebhookDelivery.objects.get(sales_channel=amazon_channel)
    assert delivery.detail == f"Order 113-0000001-0000001 changed: orders import {imports.get().pk} queued"

    waiting = ImportProcess.objects.create(
        multi_tenant_company=amazon_channel.multi_tenant_company, sales_channel=amazon_channel, kind="orders"
    )
    amazon_sandbox.notifications.order_changed(order_id="113-0000002-0000002", marketplace_id=US, status="Unshipped")
    assert relay(amazon_channel, amazon_sandbox.notifications.receive(setup.destination_id)) == [200]
    assert imports.count() == 2  # the one already queued reads it: no third import
    second = WebhookDelivery.objects.filter(sales_channel=amazon_channel).order_by("pk").last()
    assert second.status == "ignored"
    assert f"orders import {waiting.pk} is already queued" in second.detail
