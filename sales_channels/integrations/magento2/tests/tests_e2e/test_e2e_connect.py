"""Connect against the sandbox over real HTTP: credentials checked, metadata pulled, refusals explained."""

import pytest

from sales_channels.integrations.magento2.factories.sales_channels.connect import (
    Magento2ConnectError,
    connect_with_credentials,
)
from sales_channels.integrations.magento2.models import (
    Magento2AttributeSet,
    Magento2RemoteProperty,
    Magento2SalesChannel,
    Magento2StoreView,
)
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.models import RemoteCurrency, RemoteLanguage, RemotePropertySelectValue
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def test_connect_pulls_views_languages_currencies_sets_and_attributes(company, magento_sandbox):
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    summary = connect_with_credentials(channel=channel)
    channel.refresh_from_db()
    views = {view.code: view for view in Magento2StoreView.objects.filter(sales_channel=channel)}
    assert channel.connection_status == "connected"
    assert summary.startswith("2 store views")
    assert sorted(views) == ["de", "default"]
    assert views["default"].is_default
    assert views["de"].locale == "de_DE"
    assert channel.website_id == 1
    assert channel.attribute_set_id == 4
    assert channel.base_currency == "EUR"
    assert channel.msi_enabled
    channel_languages = RemoteLanguage.objects.filter(sales_channel=channel, view__isnull=True)
    assert dict(channel_languages.values_list("remote_code", "local_instance")) == {"en_US": "en", "de_DE": "de"}
    assert RemoteCurrency.objects.get(sales_channel=channel, remote_code="EUR").local_instance is not None
    assert Magento2AttributeSet.objects.filter(sales_channel=channel, name="Default").exists()
    color = Magento2RemoteProperty.objects.get(sales_channel=channel, attribute_code="color")
    assert sorted(
        RemotePropertySelectValue.objects.filter(remote_property=color).values_list("remote_name", flat=True)
    ) == [
        "Blue",
        "Red",
    ]


def test_connecting_again_duplicates_nothing(company, magento_channel):
    counts = (
        Magento2StoreView.objects.count(),
        Magento2RemoteProperty.objects.count(),
        RemotePropertySelectValue.objects.count(),
    )
    connect_with_credentials(channel=magento_channel)
    again = (
        Magento2StoreView.objects.count(),
        Magento2RemoteProperty.objects.count(),
        RemotePropertySelectValue.objects.count(),
    )
    assert again == counts


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"consumer_key": "not-the-secret-42"}, "consumer key"),
        ({"access_token": "not-the-secret-42"}, "access token"),
        ({"consumer_secret": "not-the-secret-42"}, "consumer secret or the access token secret"),
    ],
)
def test_a_refused_credential_is_named(company, magento_sandbox, override, expected):
    channel = new_channel(company, magento_sandbox, **override)
    channel.save()
    with pytest.raises(Magento2ConnectError) as refused:
        connect_with_credentials(channel=channel)
    assert expected in refused.value.message
    assert "not-the-secret-42" not in refused.value.message


def test_bearer_needs_the_store_setting(company, magento_sandbox):
    channel = new_channel(company, magento_sandbox, auth_method=Magento2SalesChannel.AuthMethod.BEARER)
    channel.save()
    with pytest.raises(Magento2ConnectError) as refused:
        connect_with_credentials(channel=channel)
    magento_sandbox.auth.bearer_allowed = True
    connect_with_credentials(channel=channel)
    assert "standalone Bearer tokens" in refused.value.message
    assert channel.connection_status == "connected"
