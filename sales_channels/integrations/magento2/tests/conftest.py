"""Shared Magento 2 test fixtures: a running sandbox store and a channel connected to it."""

import pytest

from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.integrations.magento2.sandbox import Magento2Sandbox


@pytest.fixture
def magento_sandbox():
    """A fresh sandbox store on 127.0.0.1 (five pre-existing products), stopped after the test."""
    with Magento2Sandbox(consumer_delay=0) as sandbox:
        yield sandbox


def new_channel(company, sandbox: Magento2Sandbox, **overrides) -> Magento2SalesChannel:
    values = {**sandbox.credentials(), **overrides}
    return Magento2SalesChannel(
        multi_tenant_company=company,
        name=values.pop("name", "Sandbox store"),
        base_url=sandbox.base_url,
        **values,
    )


@pytest.fixture
def magento_channel(company, magento_sandbox):
    """A Magento 2 channel of `company` connected to the sandbox through the real credentials check."""
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel
