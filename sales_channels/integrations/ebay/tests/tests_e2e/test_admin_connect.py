"""Adding and connecting an eBay channel from the admin (ConnectSpec), against the sandbox."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel

ADD_URL = reverse("admin:sales_channels_saleschannel_add")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def form(sandbox, **changes) -> dict:
    data = {
        "name": "My eBay",
        "environment": "production",
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        "runame": sandbox.runame,
        "marketplace_ids": "[]",
        "location_country": "",
        "location_postal_code": "",
        "base_url": sandbox.base_url,
    }
    return {**data, **changes}


def consent(sandbox, consent_url: str) -> str:
    """The merchant consents on the sandbox: the path and query it sends the browser to (our callback)."""
    parts = urlsplit(consent_url)
    reply = sandbox.handle("GET", parts.path, dict(parse_qsl(parts.query)), b"", {})
    assert reply.status == 302, reply.body
    location = urlsplit(reply.headers["Location"])
    return f"{location.path}?{location.query}"


def shown(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_the_ebay_form_then_consent_through_the_callback_connects(admin_client, ebay_sandbox, company):
    page = admin_client.get(ADD_URL, {"integration": "ebay"}).content.decode()
    assert 'name="runame"' in page

    started = admin_client.post(f"{ADD_URL}?integration=ebay", form(ebay_sandbox))
    assert started.status_code == 302, started.content.decode()[:2000]
    assert started["Location"].startswith(ebay_sandbox.base_url + "/oauth2/authorize?")

    finished = admin_client.get(consent(ebay_sandbox, started["Location"]))

    channel = EbaySalesChannel.objects.get(multi_tenant_company=company)
    assert finished["Location"] == reverse("admin:sales_channels_saleschannel_change", args=[channel.pk])
    assert shown(finished) == [("success", "Connected to eBay as onesila_seller.")]
    assert (channel.connection_status, channel.oauth_state) == ("connected", "")
    assert EbayMarketplaceView.objects.filter(sales_channel=channel).count() == 1
    assert ebay_sandbox.client_secret not in admin_client.get(finished["Location"]).content.decode()


def test_a_forged_callback_deletes_the_channel_the_admin_created(admin_client, ebay_sandbox, company):
    started = admin_client.post(f"{ADD_URL}?integration=ebay", form(ebay_sandbox))
    callback = consent(ebay_sandbox, started["Location"]).replace("code=", "code=forged")

    finished = admin_client.get(callback)

    assert finished["Location"] == f"{ADD_URL}?integration=ebay"
    [(level, text)] = shown(finished)
    assert level == "error"
    assert "Nothing was created" in text
    assert not EbaySalesChannel.objects.filter(multi_tenant_company=company).exists()


def test_a_callback_with_an_unknown_state_changes_nothing(admin_client):
    answer = admin_client.get(reverse("ebay-oauth-callback"), {"code": "x", "state": "unknown"})
    assert answer.status_code == 400


def test_another_company_staff_cannot_finish_the_callback(admin_client, other_user, ebay_sandbox, company):
    started = admin_client.post(f"{ADD_URL}?integration=ebay", form(ebay_sandbox))
    callback = consent(ebay_sandbox, started["Location"])
    channel = EbaySalesChannel.objects.get(multi_tenant_company=company)
    state = channel.oauth_state
    intruder = Client()
    intruder.force_login(other_user)

    answer = intruder.get(callback)

    assert answer.status_code == 400
    assert "unknown, expired or was already used" in answer.content.decode()
    channel.refresh_from_db()
    assert (channel.oauth_state, channel.connection_status, channel.access_token) == (state, "pending", "")
    assert not EbayMarketplaceView.objects.exists()
    finished = admin_client.get(callback)  # the state was not spent: its owner still connects with it
    assert shown(finished) == [("success", "Connected to eBay as onesila_seller.")]
