"""eBay's marketplace account deletion over real HTTP: the sandbox validates our endpoint, then notifies."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from sales_channels.integrations.ebay.factories.sales_channels.account_deletion import challenge_response
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import orders as sandbox_orders
from sales_channels.integrations.ebay.sandbox.notifications import NotificationSigner, deletion_payload, deliver
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.models import ImportItemError, ImportProcess, RemoteCallLog, WebhookDelivery
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog
from sales_channels.webhooks.receive import receive_delivery

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "verification-token-of-at-least-32-characters-0123456789"


@pytest.fixture
def endpoint(live_server, settings):
    settings.EBAY_VERIFICATION_TOKEN = TOKEN
    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    return f"{live_server.url}{reverse('ebay-account-deletion')}"


def test_challenge_answer_is_the_sha256_of_code_token_and_endpoint(client, settings):
    settings.EBAY_VERIFICATION_TOKEN = TOKEN
    settings.EBAY_ACCOUNT_DELETION_ENDPOINT = "https://onesila.example.com/integrations/ebay/account-deletion"
    answer = client.get(reverse("ebay-account-deletion"), {"challenge_code": "a8628072-3d33-45ee-9004-bee86830a22d"})
    assert answer.status_code == 200
    assert answer.json() == {
        "challengeResponse": challenge_response(
            challenge_code="a8628072-3d33-45ee-9004-bee86830a22d",
            verification_token=TOKEN,
            endpoint=settings.EBAY_ACCOUNT_DELETION_ENDPOINT,
        )
    }
    assert len(answer.json()["challengeResponse"]) == 64


def test_a_signed_notification_erases_the_users_tokens(ebay_channel, ebay_sandbox, endpoint, other_company):
    untouched = EbaySalesChannel.objects.create(
        multi_tenant_company=other_company,
        name="Another seller",
        base_url=ebay_sandbox.base_url,
        client_id="x",
        client_secret="y",
        runame="z",
        ebay_user_id="someone-else",
        access_token="kept",
    )
    status = ebay_sandbox.notify_account_deletion(endpoint=endpoint, verification_token=TOKEN)

    assert status == 204
    [delivery] = WebhookDelivery.objects.filter(sales_channel_id=ebay_channel.pk)
    assert (delivery.topic, delivery.status, delivery.body) == ("MARKETPLACE_ACCOUNT_DELETION", "processed", "")
    channel = EbaySalesChannel.objects.get(pk=ebay_channel.pk)
    assert channel.connection_status == "disconnected"
    assert (channel.access_token, channel.refresh_token, channel.ebay_user_id, channel.ebay_username) == (
        "",
        "",
        "",
        "",
    )
    assert EbaySalesChannel.objects.get(pk=untouched.pk).access_token == "kept"


def test_a_forged_signature_changes_nothing(ebay_channel, ebay_sandbox, endpoint):
    forged = "eyJhbGciOiJFQ0RTQSIsImtpZCI6Im5vcGUiLCJzaWduYXR1cmUiOiJNRVlDSVFEIiwiZGlnZXN0IjoiU0hBMSJ9"
    status = ebay_sandbox.notify_account_deletion(endpoint=endpoint, verification_token=TOKEN, signature=forged)

    assert status == 412
    assert EbaySalesChannel.objects.get(pk=ebay_channel.pk).access_token
    assert EbaySalesChannel.objects.get(pk=ebay_channel.pk).webhook_forged_count == 1
    assert not WebhookDelivery.objects.exists()


def test_a_wrong_verification_token_fails_ebays_challenge(ebay_sandbox, endpoint):
    assert ebay_sandbox.notify_account_deletion(endpoint=endpoint, verification_token="another-token") == 403


def test_a_retried_notification_is_stored_once(client, ebay_channel, ebay_sandbox, settings):
    settings.EBAY_VERIFICATION_TOKEN = TOKEN
    cache.clear()
    body = json.dumps(deletion_payload(username=ebay_sandbox.username, user_id=ebay_sandbox.user_id)).encode()
    signature = ebay_sandbox.signer.signature_header(body)
    url = reverse("ebay-account-deletion")

    for _attempt in range(2):
        answer = client.post(url, data=body, content_type="application/json", HTTP_X_EBAY_SIGNATURE=signature)
        assert answer.status_code == 204

    # the first erased the user's identity; the retry still reaches the channel's inbox, which knows it
    assert WebhookDelivery.objects.filter(sales_channel_id=ebay_channel.pk).count() == 1
    assert EbaySalesChannel.objects.get(pk=ebay_channel.pk).webhook_duplicate_count == 1


def test_the_inbox_stores_and_processes_a_retried_notification_once(ebay_channel, ebay_sandbox, settings):
    settings.EBAY_VERIFICATION_TOKEN = TOKEN
    cache.clear()
    body = json.dumps(deletion_payload(username=ebay_sandbox.username, user_id=ebay_sandbox.user_id)).encode()
    headers = {"X-EBAY-SIGNATURE": ebay_sandbox.signer.signature_header(body)}

    first = receive_delivery(channel=ebay_channel, body=body, headers=headers)
    retried = receive_delivery(channel=ebay_channel, body=body, headers=headers)

    assert (first.status, first.detail) == (200, "received")
    assert (retried.status, retried.detail) == (200, "duplicate")
    [delivery] = WebhookDelivery.objects.filter(sales_channel_id=ebay_channel.pk)
    assert (delivery.status, delivery.attempts) == ("processed", 1)
    channel = EbaySalesChannel.objects.get(pk=ebay_channel.pk)
    assert (channel.webhook_duplicate_count, channel.connection_status) == (1, "disconnected")


def _import_orders(channel) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="orders"
    )
    execute_import(import_process_id=process.pk)
    return process


def _broken_order(*, number: int, username: str) -> dict:
    record = sandbox_orders.order(
        number=number, sku="X", title="X", quantity=1, price="1.00", currency="USD", when=timezone.now()
    )
    record["buyer"] = {"username": username}
    record["creationDate"] = "not a date"
    return record


@pytest.fixture
def two_companies_with_a_buyer(company, other_company, ebay_channel, ebay_sandbox):
    """Both companies sell on eBay and imported orders of buyer_1 (one of them also a broken record of buyer_1)."""
    catalog.currency(other_company, iso="USD")
    other = connect_via_oauth(channel=new_channel(company=other_company, sandbox=ebay_sandbox, name="Other seller"))
    for number, username in ((9, "buyer_1"), (10, "buyer_10")):
        broken = _broken_order(number=number, username=username)
        ebay_sandbox.orders[broken["orderId"]] = broken
    assert _import_orders(ebay_channel).pk
    for broken_id in [o for o, r in ebay_sandbox.orders.items() if r["creationDate"] == "not a date"]:
        del ebay_sandbox.orders[broken_id]
    assert _import_orders(other).pk
    return ebay_channel, other


def test_a_buyers_deletion_erases_their_orders_and_broken_records_in_every_company(
    two_companies_with_a_buyer, ebay_sandbox, endpoint
):
    mine, other = two_companies_with_a_buyer
    assert Order.objects.filter(customer_name="buyer_1").count() == 2
    assert ImportItemError.objects.filter(raw_record__isnull=False).count() == 2
    logged = RemoteCallLog.objects.filter(response_excerpt__contains='"buyer_1"')
    assert logged.exists()  # the order pages as recorded
    body = json.dumps(deletion_payload(username="buyer_1", user_id="u-buyer-1")).encode()

    status = deliver(endpoint=endpoint, body=body, signature=ebay_sandbox.signer.signature_header(body))

    assert status == 204
    assert not Order.objects.filter(customer_name__icontains="buyer_1").exists()
    assert Order.objects.filter(customer_name="", remote_reference__startswith="26-00001").count() == 2  # kept
    assert Order.objects.filter(customer_name="buyer_2").count() == 2
    assert not logged.exists()  # taken out of the recorded order pages too
    assert RemoteCallLog.objects.filter(response_excerpt__contains='"buyer_2"').exists()  # another buyer: kept
    [erased] = ImportItemError.objects.filter(identifier__startswith="26-00009")
    assert erased.raw_record is None
    [kept] = ImportItemError.objects.filter(identifier__startswith="26-00010")  # buyer_10 is another user
    assert kept.raw_record["buyer"] == {"username": "buyer_10"}
    for channel in (mine, other):  # the sellers are untouched
        row = EbaySalesChannel.objects.get(pk=channel.pk)
        assert (row.connection_status, bool(row.access_token)) == ("connected", True)
        [delivery] = WebhookDelivery.objects.filter(sales_channel_id=channel.pk)
        assert (delivery.status, delivery.body) == ("processed", "")
        assert "buyer_1" not in delivery.detail


def test_a_forged_buyer_notification_is_refused_and_erases_nothing(two_companies_with_a_buyer, ebay_sandbox, endpoint):
    body = json.dumps(deletion_payload(username="buyer_1", user_id="u-buyer-1")).encode()
    forged = NotificationSigner()
    forged.kid = ebay_sandbox.signer.kid  # eBay's key id, another key

    assert deliver(endpoint=endpoint, body=body, signature=forged.signature_header(body)) == 412
    assert Order.objects.filter(customer_name="buyer_1").count() == 2
    assert not WebhookDelivery.objects.exists()


def test_a_user_with_nothing_here_is_still_verified(ebay_channel, ebay_sandbox, endpoint):
    body = json.dumps(deletion_payload(username="stranger", user_id="u-stranger")).encode()
    forged = NotificationSigner()
    forged.kid = ebay_sandbox.signer.kid

    assert deliver(endpoint=endpoint, body=body, signature=forged.signature_header(body)) == 412
    assert deliver(endpoint=endpoint, body=body, signature=ebay_sandbox.signer.signature_header(body)) == 204
    assert deliver(endpoint=endpoint, body=body, signature="bm90LWpzb24=") == 412
    assert not WebhookDelivery.objects.exists()
    assert EbaySalesChannel.objects.get(pk=ebay_channel.pk).connection_status == "connected"


def test_a_word_in_another_buyers_order_is_not_that_buyer(ebay_channel, ebay_sandbox, endpoint):
    """A buyer named like a word ("vintage") does not erase the broken order of another buyer whose title has it."""
    broken = _broken_order(number=11, username="buyer_11")
    broken["lineItems"][0]["title"] = "Vintage mug, 1970s"
    ebay_sandbox.orders[broken["orderId"]] = broken
    assert _import_orders(ebay_channel).pk
    [kept] = ImportItemError.objects.filter(identifier__startswith="26-00011")
    assert kept.raw_record is not None
    body = json.dumps(deletion_payload(username="vintage", user_id="u-vintage")).encode()

    assert deliver(endpoint=endpoint, body=body, signature=ebay_sandbox.signer.signature_header(body)) == 204

    kept.refresh_from_db()
    assert kept.raw_record["buyer"] == {"username": "buyer_11"}
    assert kept.raw_record["lineItems"][0]["title"] == "Vintage mug, 1970s"
