"""The activation handshake over real HTTP: Magento posts the consumer credentials, OneSila exchanges the tokens."""

import pytest
from django.test import Client

from sales_channels.integrations.magento2.factories.sales_channels.activation import ensure_activation_key
from sales_channels.integrations.magento2.models import Magento2SalesChannel

pytestmark = pytest.mark.django_db(transaction=True)


def test_magento_posts_the_credentials_and_the_channel_connects(company, magento_sandbox):
    channel = Magento2SalesChannel.objects.create(
        multi_tenant_company=company, name="Activated", base_url=magento_sandbox.base_url
    )
    key = ensure_activation_key(channel=channel)
    form = magento_sandbox.auth.activation_form(store_base_url="http://attacker.invalid/")
    response = Client().post(f"/integrations/magento2/activate/{key}", data=form)
    channel.refresh_from_db()
    credentials = magento_sandbox.credentials()
    assert response.status_code == 200, response.content
    assert channel.connection_status == "connected"
    assert (channel.access_token, channel.access_token_secret) == (
        credentials["access_token"],
        credentials["access_token_secret"],
    )
    for secret in credentials.values():
        assert secret not in response.content.decode()


def test_a_wrong_verifier_or_an_unknown_key_connects_nothing(company, magento_sandbox):
    channel = Magento2SalesChannel.objects.create(
        multi_tenant_company=company, name="Activated", base_url=magento_sandbox.base_url
    )
    key = ensure_activation_key(channel=channel)
    form = {**magento_sandbox.auth.activation_form(store_base_url=""), "oauth_verifier": "forged"}
    refused = Client().post(f"/integrations/magento2/activate/{key}", data=form)
    unknown = Client().post("/integrations/magento2/activate/not-a-key", data=form)
    channel.refresh_from_db()
    assert refused.status_code == 400
    assert unknown.status_code == 404
    assert channel.connection_status == "pending"
    assert not channel.access_token
