"""A Magento 2 channel for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2SalesChannel


def populate_magento2(*, company) -> None:
    """One Magento 2 channel of `company`, holding OAuth 1.0a credentials (which no query may return), and a set."""
    channel = Magento2SalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy Magento store",
        base_url="https://tenancy-magento.example.com",
        consumer_key="tenancy-consumer-key",
        consumer_secret="tenancy-consumer-secret",
        access_token="tenancy-access-token",
        access_token_secret="tenancy-access-secret",
    )
    Magento2AttributeSet.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="4", name="Tenancy Default"
    )
