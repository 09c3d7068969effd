"""Shared WooCommerce test fixtures: a running sandbox store and a channel connected to it with pasted keys."""

import pytest

from sales_channels.integrations.woocommerce.factories.sales_channels.connect import connect_with_keys
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox


@pytest.fixture(autouse=True)
def _webhooks_to_nowhere(settings):
    """Webhook delivery URLs point at a closed port unless a test serves them (live_server)."""
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = "http://127.0.0.1:9"


@pytest.fixture
def woo_sandbox():
    """A fresh sandbox store on 127.0.0.1 (three pre-existing products), stopped after the test."""
    with WooCommerceSandbox() as sandbox:
        yield sandbox


@pytest.fixture
def woo_channel(company, woo_sandbox):
    """A channel of `company` connected to the sandbox (keys checked, metadata pulled)."""
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Sandbox store",
        store_url=woo_sandbox.base_url,
        requests_per_second=1000,
        burst=1000,
    )
    key, secret = woo_sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
    return channel
