"""The admin's add-and-connect flow for Magento 2 (ConnectSpec): checked at once, refusals create nothing,
credentials never shown, another company cannot open the channel."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.models import SalesChannel

pytestmark = pytest.mark.django_db(transaction=True)

ADD_URL = "/admin/sales_channels/saleschannel/add/?integration=magento2"


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def form(sandbox, **overrides) -> dict:
    return {
        "name": "Admin store",
        "base_url": sandbox.base_url,
        "auth_method": "oauth1",
        **sandbox.credentials(),
        **overrides,
    }


def test_the_admin_adds_and_connects_a_store_and_never_shows_a_credential(admin_client, company, magento_sandbox):
    chooser = admin_client.get("/admin/sales_channels/saleschannel/add/").content.decode()
    assert 'data-integration="magento2"' in chooser
    response = admin_client.post(ADD_URL, form(magento_sandbox))
    channel = Magento2SalesChannel.objects.get(multi_tenant_company=company, name="Admin store")
    assert channel.connection_status == "connected"
    page = admin_client.get(response["Location"]).content.decode()
    for secret in (
        magento_sandbox.credentials()["consumer_secret"],
        magento_sandbox.credentials()["access_token_secret"],
    ):
        assert secret not in page


def test_a_refused_connect_in_the_admin_creates_nothing(admin_client, company, magento_sandbox):
    response = admin_client.post(ADD_URL, form(magento_sandbox, consumer_secret="not-it"))
    assert not SalesChannel.objects.filter(name="Admin store").exists()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "consumer secret or the access token secret is wrong" in message


def test_another_company_cannot_open_the_channel(admin_client, client, other_user, company, magento_sandbox):
    admin_client.post(ADD_URL, form(magento_sandbox))
    channel = Magento2SalesChannel.objects.get(name="Admin store")
    client.force_login(other_user)
    page = client.get(reverse("admin:sales_channels_saleschannel_change", args=[channel.pk]))
    assert page.status_code in (302, 404)
