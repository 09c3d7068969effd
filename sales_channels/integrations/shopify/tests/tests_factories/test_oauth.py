"""OAuth factories with HTTP mocked at the transport: every refusal, and a success that stores and pulls."""

import hashlib
import hmac
import json
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
import shopify
from django.db import connection
from django.utils import timezone

from sales_channels.integrations.shopify.factories.sales_channels import constants
from sales_channels.integrations.shopify.factories.sales_channels.oauth import (
    GetShopifyRedirectUrlFactory,
    ShopifyAuthError,
    ValidateShopifyAuthFactory,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteCallLog
from sales_channels.signals import refresh_website_pull_models

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
SECRET = "fixture-app-credential"
TOKEN_URL = f"https://{SHOP}/admin/oauth/access_token"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def sign(params: dict, secret: str = SECRET) -> dict:
    message = "&".join(sorted(f"{key}={value}" for key, value in params.items()))
    return {**params, "hmac": hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()}


@pytest.fixture
def channel(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        client_id="fixture-client",
        client_secret=SECRET,
    )


@pytest.fixture
def pulls():
    """Records the channels the metadata-refresh signal was sent for (the real receiver is muted)."""
    sent = []

    def record(sender, instance, **kwargs):
        sent.append(instance.pk)

    receivers = refresh_website_pull_models.receivers
    refresh_website_pull_models.receivers = []
    refresh_website_pull_models.connect(record, sender=ShopifySalesChannel, weak=False)
    yield sent
    refresh_website_pull_models.receivers = receivers
    refresh_website_pull_models.sender_receivers_cache.clear()


def callback(channel, **overrides) -> dict:
    """Signed callback params for the channel's pending state (a redirect URL is asked for first)."""
    if not channel.oauth_state:
        GetShopifyRedirectUrlFactory(channel=channel, redirect_uri="https://app.example/cb").run()
    params = {
        "code": "fixture-code",
        "host": "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvZml4dHVyZQ==",
        "shop": SHOP,
        "state": channel.oauth_state,
        "timestamp": str(int(time.time())),
    }
    params.update(overrides)
    return sign(params)


def _raw(channel, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM shopify_shopifysaleschannel WHERE saleschannel_ptr_id = %s", [channel.pk])
        return str(cursor.fetchone()[0])


def test_redirect_url_lists_scopes_and_stores_a_fresh_state(channel):
    url = GetShopifyRedirectUrlFactory(channel=channel, redirect_uri="https://app.example/cb").run()

    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"https://{SHOP}/admin/oauth/authorize"
    assert query == {
        "client_id": "fixture-client",
        "scope": ",".join(constants.DEFAULT_SCOPES),
        "redirect_uri": "https://app.example/cb",
        "state": channel.oauth_state,
    }
    channel.refresh_from_db()
    assert len(channel.oauth_state) >= 32
    assert channel.oauth_state_created_at is not None
    second = GetShopifyRedirectUrlFactory(channel=channel).run()
    assert channel.oauth_state not in url
    assert channel.oauth_state in second


def test_redirect_url_is_built_against_a_sandbox_base_url(channel):
    channel.base_url = "http://127.0.0.1:8123"
    url = GetShopifyRedirectUrlFactory(channel=channel).run()
    assert url.startswith("http://127.0.0.1:8123/admin/oauth/authorize?")


@responses.activate
def test_success_stores_encrypted_tokens_marks_connected_and_triggers_pulls(channel, pulls):
    exchange = responses.post(TOKEN_URL, json=fixture("auth_token_expiring.json"))

    ValidateShopifyAuthFactory(channel=channel, query_params=callback(channel)).run()

    sent = json.loads(exchange.calls[0].request.body)
    assert sent == {"client_id": "fixture-client", "client_secret": SECRET, "code": "fixture-code", "expiring": 1}
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert stored.access_token == "shpat_fixture_access_0001"
    assert stored.refresh_token == "shprt_fixture_refresh_0001"
    assert stored.access_token_expires_at > timezone.now() + timedelta(minutes=59)
    assert (stored.connection_status, stored.last_connection_error, stored.oauth_state) == ("connected", "", "")
    assert "shpat_fixture_access_0001" not in _raw(channel, "access_token")
    assert "shprt_fixture_refresh_0001" not in _raw(channel, "refresh_token")
    assert SECRET not in _raw(channel, "client_secret")
    logged = " ".join(f"{log.request_excerpt} {log.response_excerpt}" for log in RemoteCallLog.objects.all())
    assert "shpat_fixture_access_0001" not in logged
    assert SECRET not in logged
    assert "fixture-code" not in logged
    assert pulls == [channel.pk]


def resigned(params: dict, **changes) -> dict:
    """The params with `changes` applied and signed again with the right secret (only the check under test fails)."""
    return sign({key: value for key, value in {**params, **changes}.items() if key != "hmac"})


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda params: {**params, "hmac": "0" * 64}, "HMAC"),
        (lambda params: {**params, "code": "other-code"}, "HMAC"),  # changed after Shopify signed it
        (lambda params: resigned(params, timestamp=str(int(time.time()) - 2 * 86400)), "stale"),
        (lambda params: resigned(params, state="not-the-state"), "state"),
        (lambda params: resigned(params, shop="other-shop.myshopify.com"), "not this channel"),
        (lambda params: resigned(params, shop="evil.example.com"), "not a valid shop"),
        (lambda params: {key: value for key, value in params.items() if key != "code"}, "missing: code"),
    ],
    ids=["bad-hmac", "tampered", "stale-timestamp", "wrong-state", "wrong-shop", "foreign-host", "no-code"],
)
@responses.activate
def test_refused_callbacks_store_the_reason_and_exchange_nothing(channel, pulls, tamper, message):
    params = tamper(callback(channel))

    with pytest.raises(ShopifyAuthError, match=message):
        ValidateShopifyAuthFactory(channel=channel, query_params=params).run()

    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert stored.connection_status == "failed"
    assert message.split(":")[0] in stored.last_connection_error
    assert stored.access_token == ""
    assert len(responses.calls) == 0
    assert pulls == []


@responses.activate
def test_a_state_is_single_use(channel, pulls):
    responses.post(TOKEN_URL, json=fixture("auth_token_expiring.json"))
    params = callback(channel)
    ValidateShopifyAuthFactory(channel=channel, query_params=params).run()

    with pytest.raises(ShopifyAuthError, match="state"):
        ValidateShopifyAuthFactory(channel=ShopifySalesChannel.objects.get(pk=channel.pk), query_params=params).run()
    assert len(responses.calls) == 1


@responses.activate
def test_an_expired_state_is_refused(channel, pulls):
    params = callback(channel)
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(
        oauth_state_created_at=timezone.now() - timedelta(seconds=constants.OAUTH_STATE_TTL_SECONDS + 1)
    )
    stale = ShopifySalesChannel.objects.get(pk=channel.pk)
    with pytest.raises(ShopifyAuthError, match="expired"):
        ValidateShopifyAuthFactory(channel=stale, query_params=params).run()
    assert ShopifySalesChannel.objects.get(pk=channel.pk).oauth_state == ""  # consumed all the same


@responses.activate
def test_a_refused_code_exchange_is_a_clear_error(channel, pulls):
    responses.post(TOKEN_URL, json=fixture("auth_code_refused.json"), status=400)

    with pytest.raises(ShopifyAuthError, match="already used"):
        ValidateShopifyAuthFactory(channel=channel, query_params=callback(channel)).run()

    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert stored.connection_status == "failed"
    assert "refused the authorization code" in stored.last_connection_error
    assert stored.access_token == ""
    assert pulls == []


def test_app_credentials_are_required(company):
    channel = ShopifySalesChannel.objects.create(multi_tenant_company=company, name="No app", shop_domain=SHOP)
    with pytest.raises(ShopifyAuthError, match="client id"):
        GetShopifyRedirectUrlFactory(channel=channel).run()


def test_shopify_session_class_keeps_no_secret_after_validation(channel):
    with pytest.raises(ShopifyAuthError):
        ValidateShopifyAuthFactory(channel=channel, query_params={**callback(channel), "hmac": "0" * 64}).run()
    assert shopify.Session.secret is None
    assert shopify.Session.api_key is None
