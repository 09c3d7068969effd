"""Connecting a channel to the sandbox over real HTTP: OAuth, tokens stored encrypted, metadata pulled."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.db import connection

from currencies.models import Currency
from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_custom_app, connect_via_oauth
from sales_channels.integrations.shopify.factories.sales_channels.oauth import (
    GetShopifyRedirectUrlFactory,
    ShopifyAuthError,
    ValidateShopifyAuthFactory,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteCurrency, RemoteLanguage, SalesChannelView

CALLBACK = "http://127.0.0.1:9/shopify/callback"


@pytest.fixture
def new_channel(company, shopify_sandbox):
    """A channel of `company` pointed at the sandbox with the app's credentials but no token yet."""
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro")
    company.languages = ["en", "nl"]
    company.save()
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Sandbox shop",
        shop_domain=shopify_sandbox.shop,
        base_url=shopify_sandbox.base_url,
        client_id=shopify_sandbox.client_id,
        client_secret=shopify_sandbox.client_secret,
    )


def _raw_column(channel, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM shopify_shopifysaleschannel WHERE saleschannel_ptr_id = %s", [channel.pk])
        return cursor.fetchone()[0]


def _assert_metadata(channel):
    views = SalesChannelView.objects.filter(sales_channel=channel)
    assert sorted(views.values_list("name", flat=True)) == ["Online Store", "Point of Sale"]
    assert views.get(is_default=True).name == "Online Store"
    languages = dict(RemoteLanguage.objects.filter(sales_channel=channel).values_list("remote_code", "local_instance"))
    assert languages == {"en": "en", "nl": "nl", "fr": ""}
    currencies = {row.remote_code: row.local_instance for row in RemoteCurrency.objects.filter(sales_channel=channel)}
    assert sorted(currencies) == ["EUR", "GBP"]
    assert currencies["EUR"].iso_code == "EUR"
    assert currencies["GBP"] is None
    channel.refresh_from_db()
    assert channel.primary_location_id.startswith("gid://shopify/Location/")
    assert channel.shop_currency == "EUR"
    assert channel.max_product_variants > 0


def test_oauth_connect_over_http_stores_encrypted_tokens_and_pulls_metadata(new_channel, shopify_sandbox):
    authorize_url = GetShopifyRedirectUrlFactory(channel=new_channel, redirect_uri=CALLBACK).run()
    assert authorize_url.startswith(shopify_sandbox.authorize_url)
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(CALLBACK)
    params = dict(parse_qsl(urlsplit(location).query))

    channel = ValidateShopifyAuthFactory(channel=new_channel, query_params=params).run()

    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token.startswith("shpat_")
    assert channel.refresh_token.startswith("shprt_")
    assert channel.access_token_expires_at is not None
    assert channel.access_token not in str(_raw_column(channel, "access_token"))
    assert channel.refresh_token not in str(_raw_column(channel, "refresh_token"))
    _assert_metadata(channel)


def test_replayed_callback_is_refused_and_changes_no_token(new_channel, shopify_sandbox):
    connect_via_oauth(channel=new_channel, redirect_uri=CALLBACK)
    first_token = ShopifySalesChannel.objects.get(pk=new_channel.pk).access_token
    url = GetShopifyRedirectUrlFactory(channel=new_channel, redirect_uri=CALLBACK).run()
    params = dict(parse_qsl(urlsplit(requests.get(url, allow_redirects=False, timeout=5).headers["Location"]).query))
    ValidateShopifyAuthFactory(channel=new_channel, query_params=params).run()
    with pytest.raises(ShopifyAuthError, match="state"):
        ValidateShopifyAuthFactory(channel=new_channel, query_params=params).run()
    assert ShopifySalesChannel.objects.get(pk=new_channel.pk).access_token != first_token


def test_connect_via_oauth_is_idempotent_for_metadata(new_channel):
    connect_via_oauth(channel=new_channel, redirect_uri=CALLBACK)
    connect_via_oauth(channel=new_channel, redirect_uri=CALLBACK)
    assert SalesChannelView.objects.filter(sales_channel=new_channel).count() == 2
    assert RemoteLanguage.objects.filter(sales_channel=new_channel).count() == 3
    assert RemoteCurrency.objects.filter(sales_channel=new_channel).count() == 2
    _assert_metadata(new_channel)


def test_custom_app_token_is_checked_then_stored(new_channel, shopify_sandbox):
    token = shopify_sandbox.issue_access_token()["access_token"]
    with pytest.raises(ShopifyAuthError):
        connect_custom_app(channel=new_channel, access_token="shpat_wrong")
    assert ShopifySalesChannel.objects.get(pk=new_channel.pk).access_token == ""
    assert ShopifySalesChannel.objects.get(pk=new_channel.pk).connection_status == "failed"

    connect_custom_app(channel=new_channel, access_token=token)

    channel = ShopifySalesChannel.objects.get(pk=new_channel.pk)
    assert channel.access_token == token
    assert channel.auth_method == "custom_app"
    assert channel.connection_status == "connected"
    _assert_metadata(channel)


@pytest.mark.django_db(transaction=True)
def test_sandbox_webhook_delivery_over_http_disconnects_on_uninstall(live_server, company, shopify_sandbox):
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Webhook shop",
        shop_domain=shopify_sandbox.shop,
        base_url=shopify_sandbox.base_url,
        client_id=shopify_sandbox.client_id,
        client_secret=shopify_sandbox.client_secret,
        access_token="shpat_live",
        connection_status="connected",
    )
    url = f"{live_server.url}/webhooks/shopify/{channel.pk}/"

    assert shopify_sandbox.deliver_webhook("APP_UNINSTALLED", {"id": 1}, url, event_id="evt-1") == 200
    assert shopify_sandbox.deliver_webhook("APP_UNINSTALLED", {"id": 1}, url, event_id="evt-1") == 200

    channel.refresh_from_db()
    assert (channel.connection_status, channel.access_token) == ("disconnected", "")
    assert channel.webhook_deliveries.count() == 1
