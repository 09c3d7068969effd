"""Dev-Dashboard custom apps against the sandbox: client-credentials grant, 24 h tokens renewed before expiry,
one expiring token per shop (a new one revokes the old)."""

from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from currencies.models import Currency
from sales_channels.exceptions import AuthExpired
from sales_channels.factories.clients import build_client
from sales_channels.integrations.shopify.factories.sales_channels.client_credentials import renew_token
from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_client_credentials
from sales_channels.integrations.shopify.factories.sales_channels.oauth import ShopifyAuthError
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.registry import spec_for_channel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_channel(company, shopify_sandbox):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro")
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Dev Dashboard app",
        shop_domain=shopify_sandbox.shop,
        base_url=shopify_sandbox.base_url,
        client_id=shopify_sandbox.client_id,
        client_secret=shopify_sandbox.client_secret,
    )


def _token_works(sandbox, token: str) -> bool:
    answer = requests.post(
        sandbox.graphql_url,
        json={"query": "query S { shop { name } }"},
        headers={"X-Shopify-Access-Token": token},
        timeout=5,
    )
    return answer.status_code == 200


def test_connect_grants_a_24h_token_and_pulls_the_metadata(app_channel, shopify_sandbox):
    before = timezone.now()
    channel = connect_client_credentials(channel=app_channel)

    channel.refresh_from_db()
    assert (channel.auth_method, channel.connection_status) == ("client_credentials", "connected")
    assert channel.refresh_token == ""
    lifetime = channel.access_token_expires_at - before
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)
    assert channel.shop_name == "OneSila Demo"
    assert channel.custom_id_ready  # the metadata pulls ran
    assert _token_works(shopify_sandbox, channel.access_token)


def test_a_token_near_expiry_is_renewed_before_the_call_and_the_old_one_is_revoked(app_channel, shopify_sandbox):
    channel = connect_client_credentials(channel=app_channel)
    old = channel.access_token
    channel.access_token_expires_at = timezone.now() + timedelta(minutes=2)  # inside the renewal margin
    channel.save()

    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    with session:
        assert client.execute(document="shop_locales")["shopLocales"]

    channel.refresh_from_db()
    assert channel.access_token != old
    assert channel.access_token_expires_at > timezone.now() + timedelta(hours=23)
    assert not _token_works(shopify_sandbox, old)  # one expiring token per shop: the new one revoked it
    assert _token_works(shopify_sandbox, channel.access_token)


def test_a_401_renews_once_through_the_spec(app_channel, shopify_sandbox):
    channel = connect_client_credentials(channel=app_channel)
    shopify_sandbox.inject_fault("revoke_token")

    spec_for_channel(channel).refresh_credentials(channel=channel)

    channel.refresh_from_db()
    assert _token_works(shopify_sandbox, channel.access_token)


def test_refused_credentials_are_a_clear_connection_error(app_channel):
    app_channel.client_secret = "not-the-secret"
    app_channel.save()

    with pytest.raises(ShopifyAuthError, match="refused the app's client credentials"):
        connect_client_credentials(channel=app_channel)

    app_channel.refresh_from_db()
    assert app_channel.connection_status == "failed"
    assert "client id and secret" in app_channel.last_connection_error
    assert "not-the-secret" not in app_channel.last_connection_error
    with pytest.raises(AuthExpired):
        renew_token(channel=app_channel)
