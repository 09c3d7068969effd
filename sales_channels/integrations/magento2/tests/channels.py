"""A connected Magento 2 channel built in the database (no sandbox), for unit tests that mock HTTP."""

from sales_channels.integrations.magento2.models import Magento2SalesChannel

BASE = "https://shop.example.com"


def connected_channel(company, **fields) -> Magento2SalesChannel:
    """A channel on BASE with OAuth 1.0a credentials, marked connected."""
    return Magento2SalesChannel.objects.create(
        multi_tenant_company=company,
        name="Magento store",
        base_url=BASE,
        consumer_key="ck-value",
        consumer_secret="cs-secret-value",
        access_token="at-secret-value",
        access_token_secret="ats-secret-value",
        connection_status=fields.pop("connection_status", "connected"),
        **fields,
    )
