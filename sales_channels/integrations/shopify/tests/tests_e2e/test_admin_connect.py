"""Adding and connecting a Shopify channel from the admin, against the sandbox: OAuth, custom app, refusals."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox.oauth import sign_params

ADD_URL = reverse("admin:sales_channels_saleschannel_add")
CALLBACK_URL = reverse("shopify-oauth-callback")


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def oauth_form(sandbox, **changes) -> dict:
    data = {
        "name": "My shop",
        "shop_domain": sandbox.shop,
        "auth_method": "oauth",
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        "access_token": "",
        "base_url": sandbox.base_url,
    }
    return {**data, **changes}


def approve(sandbox, authorize_url: str) -> str:
    """The merchant approves on the sandbox: its redirect's path and query (our callback)."""
    parts = urlsplit(authorize_url)
    reply = sandbox.handle("GET", parts.path, dict(parse_qsl(parts.query)), b"", {})
    assert reply.status == 302, reply.body
    location = urlsplit(reply.headers["Location"])
    return f"{location.path}?{location.query}"


def shown(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_add_asks_for_the_integration_first(admin_client):
    page = admin_client.get(ADD_URL).content.decode()

    assert "choose the integration" in page
    assert 'data-integration="shopify"' in page


def test_the_shopify_form_then_oauth_through_the_callback_connects(admin_client, shopify_sandbox, company):
    form = admin_client.get(ADD_URL, {"integration": "shopify"}).content.decode()
    assert 'name="shop_domain"' in form
    assert 'name="client_secret"' in form

    started = admin_client.post(f"{ADD_URL}?integration=shopify", oauth_form(shopify_sandbox))
    assert started.status_code == 302
    assert started["Location"].startswith(shopify_sandbox.base_url + "/admin/oauth/authorize?")

    finished = admin_client.get(approve(shopify_sandbox, started["Location"]))

    channel = ShopifySalesChannel.objects.get(multi_tenant_company=company)
    assert finished.status_code == 302
    assert finished["Location"] == reverse("admin:sales_channels_saleschannel_change", args=[channel.pk])
    [(level, text)] = shown(finished)
    assert level == "success"
    assert text == f"Connected to {channel.shop_name} through OAuth."
    assert channel.connection_status == "connected"
    assert channel.access_token
    assert not channel.oauth_state
    page = admin_client.get(finished["Location"]).content.decode()
    assert "Reconnect" in page
    assert "sandbox-secret" not in page


def test_a_tampered_callback_deletes_the_channel_the_admin_created(admin_client, shopify_sandbox, company):
    started = admin_client.post(f"{ADD_URL}?integration=shopify", oauth_form(shopify_sandbox))
    callback = approve(shopify_sandbox, started["Location"]).replace("hmac=", "hmac=00")

    finished = admin_client.get(callback)

    assert not ShopifySalesChannel.objects.filter(multi_tenant_company=company).exists()
    [(level, text)] = shown(finished)
    assert level == "error"
    assert "HMAC signature is invalid" in text
    assert "Nothing was created" in text


def test_a_refused_credentials_check_creates_nothing(admin_client, shopify_sandbox, company):
    data = oauth_form(shopify_sandbox, auth_method="custom_app", access_token="not-a-token")

    response = admin_client.post(f"{ADD_URL}?integration=shopify", data)

    assert not ShopifySalesChannel.objects.exists()
    assert response.status_code == 302
    kept = dict(parse_qsl(urlsplit(response["Location"]).query))
    assert kept["shop_domain"] == shopify_sandbox.shop
    assert "access_token" not in kept
    assert "client_secret" not in kept
    [(level, text)] = shown(response)
    assert level == "error"
    assert text.startswith("The channel was not created: the connection failed.")
    assert "Traceback" not in text
    assert "HTTPConnectionPool" not in text


def test_a_custom_app_token_connects_at_once(admin_client, shopify_sandbox, company):
    token = shopify_sandbox.issue_access_token()["access_token"]
    data = oauth_form(shopify_sandbox, auth_method="custom_app", access_token=token)

    response = admin_client.post(f"{ADD_URL}?integration=shopify", data)

    channel = ShopifySalesChannel.objects.get(multi_tenant_company=company)
    assert channel.connection_status == "connected"
    assert response["Location"] == reverse("admin:sales_channels_saleschannel_change", args=[channel.pk])
    assert ("success", "My shop: connected.") in shown(response)


def test_a_malformed_or_foreign_callback_never_changes_a_connected_channel(
    admin_client, client, shopify_channel, shopify_sandbox, other_user
):
    shopify_channel.oauth_state = "pending-state"
    shopify_channel.save()
    query = {"code": "x", "shop": shopify_sandbox.shop, "state": "pending-state", "timestamp": "1"}
    signed = {**query, "hmac": sign_params(query, "wrong-secret")}

    unknown = admin_client.get(CALLBACK_URL, {"state": "no-such-state"})
    tampered = admin_client.get(CALLBACK_URL, signed)
    client.force_login(other_user)
    foreign = client.get(CALLBACK_URL, {**signed, "hmac": sign_params(query, shopify_sandbox.client_secret)})

    shopify_channel.refresh_from_db()
    assert unknown.status_code == 400
    assert foreign.status_code == 400
    assert tampered.status_code == 302
    assert (shopify_channel.connection_status, shopify_channel.last_connection_error) == ("connected", "")
    assert ShopifySalesChannel.objects.filter(pk=shopify_channel.pk).exists()


def test_the_connect_button_reauthorizes_an_existing_channel(admin_client, shopify_channel, shopify_sandbox):
    connect_url = reverse("admin:sales_channels_saleschannel_connect", args=[shopify_channel.pk])

    started = admin_client.post(connect_url)
    finished = admin_client.get(approve(shopify_sandbox, started["Location"]))

    shopify_channel.refresh_from_db()
    assert finished.status_code == 302
    assert shopify_channel.connection_status == "connected"
    assert admin_client.get(connect_url).status_code == 302  # GET changes nothing


def test_another_company_cannot_connect_the_channel(client, other_user, shopify_channel):
    client.force_login(other_user)
    connect_url = reverse("admin:sales_channels_saleschannel_connect", args=[shopify_channel.pk])

    response = client.post(connect_url)

    shopify_channel.refresh_from_db()
    assert response.status_code == 302
    assert "authorize" not in response["Location"]
    assert shopify_channel.oauth_state == ""


def test_the_channel_page_edits_the_shopify_fields_and_keeps_the_secrets(admin_client, shopify_channel):
    change_url = reverse("admin:sales_channels_saleschannel_change", args=[shopify_channel.pk])
    page = admin_client.get(change_url).content.decode()
    assert 'name="shop_domain"' in page
    assert "sandbox-secret" not in page
    form = {
        "name": "Renamed shop",
        "active": "on",
        "base_url": shopify_channel.base_url,
        "sync_contents": "on",
        "requests_per_second": "2.0",
        "burst": "10",
        "master_of_data": "{}",
        "shop_domain": shopify_channel.shop_domain,
        "auth_method": "oauth",
        "client_id": shopify_channel.client_id,
        "client_secret": "",
        "access_token": "",
    }

    response = admin_client.post(change_url, form)

    shopify_channel.refresh_from_db()
    assert response.status_code == 302
    assert shopify_channel.name == "Renamed shop"
    assert shopify_channel.client_secret == "sandbox-secret"
    assert shopify_channel.access_token
