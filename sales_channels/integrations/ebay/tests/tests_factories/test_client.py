"""EbayClient and its tokens with HTTP mocked at the transport (`responses`): headers, refresh, app token, errors."""

import json
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
import requests
import responses
from django.utils import timezone

from sales_channels.exceptions import (
    AnswerLost,
    AuthExpired,
    InvalidVendorPayload,
    RateLimited,
    RemoteObjectMissing,
    TransientVendorError,
    VendorValidationError,
)
from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.client import existing_offer_id, item_error
from sales_channels.integrations.ebay.factories.sales_channels.tokens import (
    APP_SCOPE,
    USER_SCOPES,
    EbayAuthError,
    application_token,
    exchange_code,
)
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.tests.channels import client_for, connected_channel
from sales_channels.models import RemoteCallLog

API = "https://api.ebay.com"
TOKEN_URL = f"{API}/identity/v1/oauth2/token"
BULK_ITEMS = f"{API}/sell/inventory/v1/bulk_create_or_replace_inventory_item"
USER = "https://apiz.ebay.com/commerce/identity/v1/user/"


@pytest.fixture
def channel(company):
    return connected_channel(company, access_token="v^user-old")


def token_answer(token: str, **extra) -> dict:
    return {"access_token": token, "expires_in": 7200, "token_type": "User Access Token", **extra}


@responses.activate
def test_inventory_writes_carry_bearer_content_language_and_the_25_item_body(channel):
    responses.post(BULK_ITEMS, json={"responses": [{"statusCode": 201, "sku": "A", "locale": "en_US"}]})
    answer = client_for(channel).bulk_items(requests=[{"sku": "A"}], language="en-US")

    assert answer == [{"statusCode": 201, "sku": "A", "locale": "en_US"}]
    sent = responses.calls[0].request
    assert sent.headers["Authorization"] == "Bearer v^user-old"
    assert sent.headers["Content-Language"] == "en-US"
    assert json.loads(sent.body) == {"requests": [{"sku": "A"}]}


@responses.activate
def test_an_expiring_user_token_is_refreshed_before_the_call(channel):
    channel.access_token_expires_at = timezone.now() + timedelta(minutes=2)
    channel.save()
    responses.post(TOKEN_URL, json=token_answer("v^user-new"))
    responses.get(USER, json={"username": "seller"})

    client_for(channel).user()

    refresh = parse_qs(responses.calls[0].request.body)
    assert refresh["grant_type"] == ["refresh_token"]
    assert refresh["refresh_token"] == ["v^refresh"]
    assert refresh["scope"] == [" ".join(USER_SCOPES)]
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    assert responses.calls[1].request.headers["Authorization"] == "Bearer v^user-new"
    stored = EbaySalesChannel.objects.get(pk=channel.pk)
    assert stored.access_token == "v^user-new"
    assert stored.refresh_token == "v^refresh"  # eBay keeps the refresh token


@responses.activate
def test_a_401_refreshes_once_and_sends_again(channel):
    responses.get(USER, status=401, json={"errors": [{"errorId": 1001, "message": "Invalid access token"}]})
    responses.get(USER, json={"username": "seller"})
    responses.post(TOKEN_URL, json=token_answer("v^user-new"))

    assert client_for(channel).user() == {"username": "seller"}
    assert [c.request.url for c in responses.calls] == [USER, TOKEN_URL, USER]
    assert responses.calls[2].request.headers["Authorization"] == "Bearer v^user-new"


@responses.activate
def test_a_second_401_is_auth_expired_and_a_refused_refresh_says_reconnect(channel):
    responses.get(USER, status=401, json={})
    responses.post(TOKEN_URL, json=token_answer("v^user-new"))
    with pytest.raises(AuthExpired):
        client_for(channel).user()

    responses.replace(
        responses.POST,
        TOKEN_URL,
        status=400,
        json={"error": "invalid_grant", "error_description": "the provided authorization refresh token is invalid"},
    )
    with pytest.raises(AuthExpired, match="connect the account again"):
        client_for(EbaySalesChannel.objects.get(pk=channel.pk)).user()


@responses.activate
def test_the_application_token_is_minted_once_and_reused(channel):
    responses.post(
        TOKEN_URL, json={"access_token": "v^app", "expires_in": 7200, "token_type": "Application Access Token"}
    )
    key = f"{API}/commerce/notification/v1/public_key/kid-1"
    responses.get(key, json={"algorithm": "ECDSA", "digest": "SHA1", "key": "pem"})

    client = client_for(channel)
    client.public_key(kid="kid-1")
    client.public_key(kid="kid-1")
    client_for(EbaySalesChannel.objects.get(pk=channel.pk)).public_key(kid="kid-1")  # another worker

    grants = [parse_qs(c.request.body) for c in responses.calls if c.request.url == TOKEN_URL]
    assert grants == [{"grant_type": ["client_credentials"], "scope": [APP_SCOPE]}]
    assert [c.request.headers["Authorization"] for c in responses.calls if c.request.url == key] == ["Bearer v^app"] * 3


@responses.activate
def test_code_exchange_sends_the_runame_and_reports_ebays_refusal(channel):
    responses.post(TOKEN_URL, status=400, json={"error": "invalid_grant", "error_description": "the code has expired"})
    with pytest.raises(EbayAuthError, match="the code has expired"):
        exchange_code(channel=channel, session=build_session(channel=channel), code="v^code")
    body = parse_qs(responses.calls[0].request.body)
    assert body == {"grant_type": ["authorization_code"], "code": ["v^code"], "redirect_uri": ["Run-Name-1"]}
    logged = " ".join(RemoteCallLog.objects.values_list("request_excerpt", flat=True))
    assert "Cert-ID-secret" not in logged
    assert "v^code" not in logged


@responses.activate
@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (
            400,
            {"errors": [{"errorId": 25709, "message": "Invalid value for header Content-Language."}]},
            VendorValidationError,
        ),
        (404, {"errors": [{"errorId": 25710, "message": "not found"}]}, RemoteObjectMissing),
        (429, {"errors": [{"errorId": 2001, "message": "Too many requests."}]}, RateLimited),
        (500, {"errors": [{"errorId": 25001, "message": "A system error has occurred."}]}, TransientVendorError),
    ],
)
def test_ebay_errors_map_to_the_taxonomy(channel, status, body, error):
    responses.get(f"{API}/sell/inventory/v1/inventory_item", status=status, json=body)
    with pytest.raises(error) as raised:
        client_for(channel).items_page(limit=1, page=0)
    if error is VendorValidationError:
        assert raised.value.messages == ["25709: Invalid value for header Content-Language."]


@responses.activate
def test_a_timeout_on_a_write_is_an_answer_lost_and_a_malformed_bulk_answer_is_refused(channel):
    responses.post(f"{API}/sell/inventory/v1/bulk_create_offer", body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(AnswerLost):
        client_for(channel).bulk_create_offers(requests=[{"sku": "A"}], language="en-US")
    responses.post(BULK_ITEMS, json={"responses": []})
    with pytest.raises(InvalidVendorPayload, match="expected 1 responses"):
        client_for(channel).bulk_items(requests=[{"sku": "A"}], language="en-US")


def test_per_item_errors_and_the_existing_offer_id():
    refused = {
        "statusCode": 400,
        "sku": "A",
        "errors": [
            {
                "errorId": 25002,
                "message": "A user error has occurred. Offer entity already exists.",
                "parameters": [{"name": "offerId", "value": "5000000007"}],
            }
        ],
    }
    assert item_error({"statusCode": 200}) is None
    assert item_error(refused).messages == ["25002: A user error has occurred. Offer entity already exists."]
    assert existing_offer_id(refused) == "5000000007"
    assert existing_offer_id({"statusCode": 400, "errors": [{"errorId": 25005, "message": "x"}]}) == ""


@responses.activate
def test_a_used_up_daily_quota_holds_back_only_the_keyset_that_used_it(channel, other_company, monkeypatch):
    """eBay's daily quotas are an application's (App ID): another company's keyset on the same host still calls."""
    monkeypatch.setattr("sales_channels.integrations.ebay.client.QUOTA_RESETS", {})
    other = EbaySalesChannel.objects.create(
        multi_tenant_company=other_company,
        name="Other seller",
        client_id="App-ID-2",
        client_secret="Other-Cert-ID",
        runame="Run-Name-2",
        access_token="v^user-other",
        access_token_expires_at=timezone.now() + timedelta(hours=1),
        scopes=" ".join(USER_SCOPES),
        connection_status="connected",
    )
    responses.post(BULK_ITEMS, status=429, headers={"Retry-After": "3600"}, json={"errors": [{"errorId": 2001}]})
    responses.post(TOKEN_URL, json=token_answer("v^app", scope=APP_SCOPE))
    application_token(channel=channel, session=build_session(channel=channel))  # held, as after any Taxonomy call
    used_up = {"remaining": 0, "reset": "2099-01-01T00:00:00.000Z"}
    rates = {"apiContext": "sell", "apiName": "inventory", "resources": [{"rates": [used_up]}]}
    responses.get(f"{API}/developer/analytics/v1_beta/rate_limit/", json={"rateLimits": [rates]})
    with pytest.raises(RateLimited, match="daily call quota"):
        client_for(channel).bulk_items(requests=[{"sku": "A"}], language="en-US")

    responses.replace(responses.POST, BULK_ITEMS, json={"responses": [{"statusCode": 200, "sku": "B"}]})
    assert client_for(other).bulk_items(requests=[{"sku": "B"}], language="en-US") == [{"statusCode": 200, "sku": "B"}]
    with pytest.raises(RateLimited, match="daily call quota"):  # the keyset that used it up still waits
        client_for(channel).bulk_items(requests=[{"sku": "A"}], language="en-US")
