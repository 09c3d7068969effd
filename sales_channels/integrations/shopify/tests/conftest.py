"""Shared Shopify test fixtures: a running sandbox and a channel connected to it."""

import pytest

from sales_channels.integrations.shopify.factories.sales_channels.tokens import store_token_answer
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox


@pytest.fixture
def shopify_sandbox():
    """A fresh sandbox shop on 127.0.0.1 (three pre-existing products), stopped after the test."""
    with ShopifySandbox() as sandbox:
        yield sandbox


@pytest.fixture
def shopify_channel(company, shopify_sandbox):
    """A Shopify channel of `company` pointed at the sandbox, holding a valid (non-expiring) token."""
    channel = ShopifySalesChannel(
        multi_tenant_company=company,
        name="Sandbox shop",
        shop_domain="onesila-demo.myshopify.com",
        base_url=shopify_sandbox.base_url,
        client_id="sandbox-client",
        client_secret="sandbox-secret",
        connection_status="connected",
    )
    store_token_answer(channel=channel, answer=shopify_sandbox.issue_access_token())
    channel.save()
    return channel
