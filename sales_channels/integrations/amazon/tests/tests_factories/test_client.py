"""The SP-API client at the HTTP transport (`responses`): tokens, usage plans, 403/429/500, unreadable answers."""

import json
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import responses
import respx
from django.utils import timezone

from sales_channels.exceptions import AuthExpired, RemoteObjectMissing, UnreadableAnswer
from sales_channels.factories.clients import build_session
from sales_channels.integrations.amazon.client import AmazonAuthError, AmazonClient
from sales_channels.integrations.amazon.factories.auth import connect_with_refresh_token
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.tests.channels import fixture_channel

pytestmark = pytest.mark.django_db

API = "https://sellingpartnerapi-na.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
PARTICIPATIONS = f"{API}/sellers/v1/marketplaceParticipations"
ITEM = f"{API}/listings/2021-08-01/items/SELLER1/SKU-1"
TOKEN = {"access_token": "Atza|fresh-token", "token_type": "bearer", "expires_in": 3600}
MARKETPLACE = {
    "marketplace": {
        "id": "ATVPDKIKX0DER",
        "name": "Amazon.com",
        "countryCode": "US",
        "defaultCurrencyCode": "USD",
        "defaultLanguageCode": "en_US",
        "domainName": "www.amazon.com",
    },
    "participation": {"isParticipating": True, "hasSuspendedListings": False},
}


@pytest.fixture
def channel(company):
    return fixture_channel(company)


def client_of(channel) -> AmazonClient:
    session = build_session(channel=channel)
    session.sleep = lambda seconds: None
    return AmazonClient(channel=channel, session=session)


@responses.activate
def test_the_access_token_is_stored_on_the_channel_and_reused_until_shortly_before_it_expires(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(PARTICIPATIONS, json={"payload": [MARKETPLACE]})
    client = client_of(channel)
    assert client.marketplace_participations()[0]["marketplace"]["id"] == "ATVPDKIKX0DER"
    client.marketplace_participations()
    token_calls = [call for call in responses.calls if call.request.url == LWA]
    assert len(token_calls) == 1
    form = parse_qs(token_calls[0].request.body.decode())
    assert form == {
        "grant_type": ["refresh_token"],
        "client_id": ["amzn1.application-oa2-client.x"],
        "refresh_token": ["Atzr|refresh-secret"],
        "client_secret": ["super-secret-value"],
    }
    assert responses.calls[1].request.headers["x-amz-access-token"] == "Atza|fresh-token"
    channel.refresh_from_db()
    assert channel.access_token == "Atza|fresh-token"

    AmazonSalesChannel.objects.filter(pk=channel.pk).update(
        access_token_expires_at=timezone.now() + timedelta(minutes=4)
    )
    channel.refresh_from_db()
    client_of(channel).marketplace_participations()
    assert len([call for call in responses.calls if call.request.url == LWA]) == 2


@responses.activate
def test_an_expired_token_answer_raises_auth_expired_and_forgets_the_token(channel):
    responses.post(LWA, json=TOKEN)
    details = "The access token you provided has expired."
    responses.get(
        PARTICIPATIONS,
        status=403,
        json={
            "errors": [
                {"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": details}
            ]
        },
    )
    with pytest.raises(AuthExpired, match="expired"):
        client_of(channel).marketplace_participations()
    channel.refresh_from_db()
    assert channel.access_token == ""


@responses.activate
def test_429_is_retried_and_the_rate_limit_header_feeds_the_operation_bucket(channel):
    responses.post(LWA, json=TOKEN)
    throttled = {
        "errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}]
    }
    responses.get(ITEM, status=429, json=throttled, headers={"Retry-After": "0"})
    responses.get(ITEM, json={"sku": "SKU-1", "summaries": []}, headers={"x-amzn-RateLimit-Limit": "2.5"})
    client = client_of(channel)
    assert client.get_listing(sku="SKU-1", marketplace_id="ATVPDKIKX0DER")["sku"] == "SKU-1"
    assert client.throttle("getListingsItem").state().refill_per_second == 2.5
    assert client.throttle("getListingsItem").key.endswith(":amazon:getListingsItem")


@responses.activate
def test_a_500_on_a_read_is_retried_and_a_404_means_missing(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(ITEM, status=500, json={"errors": [{"code": "InternalFailure", "message": "boom"}]})
    responses.get(ITEM, json={"sku": "SKU-1"})
    client = client_of(channel)
    assert client.get_listing(sku="SKU-1", marketplace_id="ATVPDKIKX0DER") == {"sku": "SKU-1"}
    responses.get(
        f"{API}/listings/2021-08-01/items/SELLER1/GONE",
        status=404,
        json={"errors": [{"code": "NOT_FOUND", "message": "SKU 'GONE' not found"}]},
    )
    assert client.get_listing(sku="GONE", marketplace_id="ATVPDKIKX0DER") is None
    responses.delete(
        f"{API}/listings/2021-08-01/items/SELLER1/GONE",
        status=404,
        json={"errors": [{"code": "NOT_FOUND", "message": "not found"}]},
    )
    with pytest.raises(RemoteObjectMissing):
        client.delete_listing(sku="GONE", marketplace_id="ATVPDKIKX0DER")


@responses.activate
def test_an_unreadable_answer_on_a_read_is_transient(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(PARTICIPATIONS, body='{"payload": [', content_type="application/json")
    with pytest.raises(UnreadableAnswer):
        client_of(channel).marketplace_participations()


@responses.activate
def test_put_sends_the_body_untouched_with_one_marketplace(channel):
    responses.post(LWA, json=TOKEN)
    responses.put(ITEM, json={"sku": "SKU-1", "status": "ACCEPTED", "submissionId": "s1", "issues": []})
    body = {"productType": "SHIRT", "requirements": "LISTING", "attributes": {"item_name": [{"value": "Tee"}]}}
    client_of(channel).put_listing(sku="SKU-1", marketplace_id="A2EUQ1WTGCTBG2", body=body, preview=True)
    request = responses.calls[-1].request
    assert parse_qs(request.url.split("?", 1)[1]) == {
        "marketplaceIds": ["A2EUQ1WTGCTBG2"],
        "includedData": ["issues"],
        "mode": ["VALIDATION_PREVIEW"],
    }
    assert json.loads(request.body) == body


@responses.activate
def test_no_sdk_request_bypasses_the_vendor_session(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(PARTICIPATIONS, json={"payload": [MARKETPLACE]})
    with respx.mock(assert_all_called=False) as router:  # any bare httpx call would hit respx, not `responses`
        client_of(channel).marketplace_participations()
    assert router.calls.call_count == 0
    assert len(responses.calls) == 2


@responses.activate
def test_a_refused_refresh_token_fails_the_connect_readably_without_secrets(channel):
    responses.post(
        LWA,
        status=400,
        json={
            "error": "invalid_grant",
            "error_description": "The request has an invalid grant parameter : refresh_token",
        },
    )
    with pytest.raises(AmazonAuthError, match="invalid grant"):
        connect_with_refresh_token(channel=channel, refresh_token="Atzr|wrong-one", seller_id="SELLER1")
    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    assert "invalid grant" in channel.last_connection_error
    assert "super-secret-value" not in channel.last_connection_error
    assert channel.views.count() == 0


def test_secret_rotation_is_warned_about_30_days_ahead(channel):
    today = timezone.localdate()
    channel.lwa_secret_expires_on = today + timedelta(days=45)
    assert channel.secret_rotation_warning(today=today) == ""
    channel.lwa_secret_expires_on = today + timedelta(days=20)
    assert "expires in 20 day(s)" in channel.secret_rotation_warning(today=today)
    channel.lwa_secret_expires_on = today - timedelta(days=2)
    assert "expired 2 day(s) ago" in channel.secret_rotation_warning(today=today)


@responses.activate
def test_a_revoked_token_is_refreshed_once_inline_and_the_write_repeated_as_a_put(channel):
    responses.post(LWA, json=TOKEN)
    revoked = "The access token you provided is revoked, malformed or invalid."
    denied = {
        "errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": revoked}]
    }
    responses.put(ITEM, status=403, json=denied)
    responses.put(ITEM, json={"sku": "SKU-1", "status": "ACCEPTED", "submissionId": "s2", "issues": []})
    answer = client_of(channel).put_listing(sku="SKU-1", marketplace_id="ATVPDKIKX0DER", body={"productType": "HAT"})
    assert answer["status"] == "ACCEPTED"
    assert [call.request.method for call in responses.calls] == ["POST", "PUT", "POST", "PUT"]
