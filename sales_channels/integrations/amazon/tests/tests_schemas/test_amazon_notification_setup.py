"""The notification set-up a merchant triggers: GraphQL `subscribeAmazonNotifications` and the admin action."""

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import constants, get_messages
from django.test import Client
from django.urls import reverse

from sales_channels.integrations.amazon.factories.notifications import (
    ISSUES_CHANGE,
    ORDER_CHANGE,
    STATUS_CHANGE,
    notification_key,
)
from sales_channels.integrations.amazon.tests.conftest import new_channel

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "arn:aws:sqs:us-east-1:123456789012:onesila-notifications"
SUBSCRIBE = """mutation($c: ID!, $a: String!) { subscribeAmazonNotifications(channelId: $c, sqsArn: $a) {
    destinationId destinationCreated created inboxPath summary subscriptions { notificationType subscriptionId } } }"""
CHANGELIST = reverse("admin:amazon_amazonsaleschannel_changelist")


def subscribe(gql, channel, arn: str = QUEUE) -> dict:
    return gql.execute(SUBSCRIBE, {"c": str(channel.pk), "a": arn})


def test_the_mutation_subscribes_once_and_answers_no_key(gql, amazon_channel, amazon_sandbox):
    first = subscribe(gql, amazon_channel)["data"]["subscribeAmazonNotifications"]
    assert first["destinationCreated"] is True
    assert sorted(first["created"]) == sorted([STATUS_CHANGE, ISSUES_CHANGE, ORDER_CHANGE])
    assert {row["notificationType"] for row in first["subscriptions"]} == {STATUS_CHANGE, ISSUES_CHANGE, ORDER_CHANGE}
    assert first["inboxPath"] == f"/webhooks/amazon/{amazon_channel.pk}/"
    assert list(amazon_sandbox.notifications.destinations) == [first["destinationId"]]

    again = subscribe(gql, amazon_channel)
    assert again["data"]["subscribeAmazonNotifications"]["destinationCreated"] is False
    assert again["data"]["subscribeAmazonNotifications"]["created"] == []
    assert "none (all were already subscribed)" in again["data"]["subscribeAmazonNotifications"]["summary"]
    assert len(amazon_sandbox.notifications.destinations) == 1
    answers = str(first) + str(again)
    for secret in (notification_key(amazon_channel), amazon_channel.refresh_token, amazon_sandbox.lwa.client_secret):
        assert secret not in answers


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:sns:us-east-1:123456789012:topic",
        "arn:aws:sqs:us-east-1:1234:queue",
        "https://sqs.us-east-1.amazonaws.com/123456789012/queue",
        "",
    ],
)
def test_an_arn_that_is_not_an_sqs_arn_is_a_field_error_and_sends_nothing(gql, amazon_channel, amazon_sandbox, arn):
    before = amazon_sandbox.calls("getDestinations")
    answer = subscribe(gql, amazon_channel, arn)
    assert answer["data"] is None
    error = answer["errors"][0]
    assert error["message"].startswith("sqsArn: ")
    assert "arn:aws:sqs:<region>:<12-digit account id>:<queue name>" in error["message"]
    assert error["extensions"] == {"field": "sqsArn"}
    assert amazon_sandbox.calls("getDestinations") == before


def test_a_vendor_failure_is_a_readable_error(gql, amazon_channel, amazon_sandbox):
    amazon_sandbox.lwa.revoke(include_refresh_tokens=True)  # the seller removed the app
    answer = subscribe(gql, amazon_channel)
    assert answer["data"] is None
    message = answer["errors"][0]["message"]
    assert message.startswith(f"{amazon_channel.name}: the notification set-up failed. Login with Amazon refused")
    assert message.endswith("Reconnect the channel (or correct its LWA credentials), then subscribe again.")
    assert "Error(" not in message
    assert "Traceback" not in message
    assert "{" not in message


def test_a_channel_without_authorization_is_refused(gql, company, usd, amazon_sandbox):
    channel = new_channel(company, amazon_sandbox)
    answer = subscribe(gql, channel)
    assert "holds no seller authorization yet; connect it" in answer["errors"][0]["message"]
    assert amazon_sandbox.notifications.destinations == {}


def test_another_company_cannot_subscribe_the_channel(other_gql, amazon_channel, amazon_sandbox):
    answer = subscribe(other_gql, amazon_channel)
    assert answer["data"] is None
    assert "was not found" in answer["errors"][0]["message"]
    assert amazon_sandbox.notifications.destinations == {}


# -- the admin action --------------------------------------------------------------------------------


def run_action(client: Client, channel, **extra) -> object:
    data = {"action": "subscribe_notifications", helpers.ACTION_CHECKBOX_NAME: [str(channel.pk)], **extra}
    return client.post(CHANGELIST, data, follow=True)


def levels(response) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_action_asks_for_the_arn_then_subscribes(admin_client, amazon_channel, amazon_sandbox):
    page = run_action(admin_client, amazon_channel)
    assert page.status_code == 200
    assert b'name="sqs_arn"' in page.content
    assert amazon_channel.name.encode() in page.content
    assert amazon_sandbox.notifications.destinations == {}

    wrong = run_action(admin_client, amazon_channel, apply="1", sqs_arn="arn:aws:sns:us-east-1:123456789012:t")
    assert b"is not an SQS queue ARN; expected arn:aws:sqs:" in wrong.content
    assert amazon_sandbox.notifications.destinations == {}

    done = run_action(admin_client, amazon_channel, apply="1", sqs_arn=QUEUE)
    [(level, text)] = levels(done)
    assert level == constants.SUCCESS
    assert text.startswith(f"{amazon_channel.name}: SQS destination ")
    assert "created" in text
    assert len(amazon_sandbox.notifications.subscriptions) == 3


def test_the_admin_action_shows_a_vendor_failure_in_red(admin_client, amazon_channel, amazon_sandbox):
    amazon_sandbox.lwa.revoke(include_refresh_tokens=True)  # the seller removed the app
    done = run_action(admin_client, amazon_channel, apply="1", sqs_arn=QUEUE)
    [(level, text)] = levels(done)
    assert level == constants.ERROR
    assert "the notification set-up failed. Login with Amazon refused" in text
    assert "Reconnect the channel" in text


def test_the_admin_never_shows_another_companys_channel(other_user, amazon_channel, amazon_sandbox):
    intruder = Client()
    intruder.force_login(other_user)
    run_action(intruder, amazon_channel, apply="1", sqs_arn=QUEUE)
    assert amazon_sandbox.notifications.destinations == {}
