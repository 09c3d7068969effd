"""eBay's marketplace account deletion over real HTTP: the sandbox validates our endpoint, then notifies."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from sales_channels.integrations.ebay.factories.sales_channels.account_deletion import challenge_response
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.sandbox.notifications import deletion_payload
from sales_channels.models import WebhookDelivery

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

    # the first erased the user's identity: the retry finds nothing of that user and changes nothing
    assert WebhookDelivery.objects.filter(sales_channel_id=ebay_channel.pk).count() == 1
