"""Connecting from the admin against the sandbox: pasted keys, and the store's key provisioning with its callback."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.urls import reverse

from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel

ADD_URL = reverse("admin:sales_channels_saleschannel_add")
CALLBACK_URL = reverse("woocommerce-auth-callback")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def shown(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_the_admin_form_with_pasted_keys_connects_at_once(admin_client, woo_sandbox, company):
    form = admin_client.get(ADD_URL, {"integration": "woocommerce"}).content.decode()
    assert 'name="store_url"' in form
    key, secret = woo_sandbox.issue_key()
    data = {"name": "My store", "store_url": woo_sandbox.base_url, "consumer_key": key, "consumer_secret": secret}

    response = admin_client.post(f"{ADD_URL}?integration=woocommerce", data)

    channel = WooCommerceSalesChannel.objects.get(multi_tenant_company=company)
    assert channel.connection_status == "connected"
    assert response["Location"] == reverse("admin:sales_channels_saleschannel_change", args=[channel.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert secret not in page


def test_a_refused_key_from_the_admin_creates_nothing(admin_client, woo_sandbox, company):
    data = {
        "name": "My store",
        "store_url": woo_sandbox.base_url,
        "consumer_key": "ck_bad",
        "consumer_secret": "cs_bad",
    }

    response = admin_client.post(f"{ADD_URL}?integration=woocommerce", data)

    assert not WooCommerceSalesChannel.objects.exists()
    [(level, text)] = shown(response)
    assert level == "error"
    assert "HTTP 401" in text
    assert "cs_bad" not in response["Location"]


def test_key_provisioning_through_the_store_and_our_callback(admin_client, woo_sandbox, company, live_server, settings):
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = live_server.url
    data = {"name": "My store", "store_url": woo_sandbox.base_url, "consumer_key": "", "consumer_secret": ""}
    started = admin_client.post(f"{ADD_URL}?integration=woocommerce", data)
    assert started["Location"].startswith(woo_sandbox.base_url + "/wc-auth/v1/authorize?")
    params = dict(parse_qsl(urlsplit(started["Location"]).query))
    assert params["callback_url"] == live_server.url + CALLBACK_URL

    page = requests.get(started["Location"], timeout=5)
    assert "Approve" in page.text
    granted = requests.post(
        woo_sandbox.base_url + "/wc-auth/v1/access_granted",
        data={**params, "approve": "1"},
        allow_redirects=False,
        timeout=10,
    )

    assert granted.status_code == 302, granted.text
    channel = WooCommerceSalesChannel.objects.get(multi_tenant_company=company)
    assert (channel.connection_status, channel.key_permissions, channel.auth_user_id) == ("connected", "read_write", "")
    back = urlsplit(granted.headers["Location"])
    finished = admin_client.get(f"{back.path}?{back.query}")
    assert finished["Location"] == reverse("admin:sales_channels_saleschannel_change", args=[channel.pk])
    assert ("success", "My store: connected to WooCommerce 9.4.2.") in shown(finished)
    replay = requests.post(
        live_server.url + CALLBACK_URL, json={"user_id": params["user_id"], "consumer_key": "ck_x"}, timeout=5
    )
    assert replay.status_code == 400


def test_a_denied_provisioning_deletes_the_channel_the_admin_created(admin_client, woo_sandbox, company, settings):
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = "http://127.0.0.1:9"
    data = {"name": "My store", "store_url": woo_sandbox.base_url, "consumer_key": "", "consumer_secret": ""}
    started = admin_client.post(f"{ADD_URL}?integration=woocommerce", data)
    params = dict(parse_qsl(urlsplit(started["Location"]).query))
    denied = requests.post(
        woo_sandbox.base_url + "/wc-auth/v1/access_granted",
        data={**params, "approve": "0"},
        allow_redirects=False,
        timeout=5,
    )
    back = urlsplit(denied.headers["Location"])
    assert dict(parse_qsl(back.query))["success"] == "0"

    finished = admin_client.get(f"{back.path}?{back.query}")

    assert not WooCommerceSalesChannel.objects.exists()
    [(level, text)] = shown(finished)
    assert level == "error"
    assert "Nothing was created" in text


def test_the_store_refuses_a_callback_that_is_not_https(admin_client, woo_sandbox, settings):
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = "http://onesila.example.com"
    data = {"name": "My store", "store_url": woo_sandbox.base_url, "consumer_key": "", "consumer_secret": ""}
    started = admin_client.post(f"{ADD_URL}?integration=woocommerce", data)

    page = requests.get(started["Location"], timeout=5)

    assert page.status_code == 400
    assert page.json()["message"] == "The callback_url needs to be over SSL"
