"""Shared eBay test fixtures: a running sandbox and a channel connected to it through the consent flow."""

import pytest

from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.tests import catalog


@pytest.fixture
def ebay_sandbox():
    """A fresh sandbox seller on 127.0.0.1 (policies, a location, five inventory items), stopped after the test."""
    with EbaySandbox() as sandbox:
        yield sandbox


def new_channel(*, company, sandbox: EbaySandbox, **fields) -> EbaySalesChannel:
    """A channel of `company` pointed at the sandbox with the keyset but no token yet."""
    return EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name=fields.pop("name", "eBay sandbox"),
        base_url=sandbox.base_url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        runame=sandbox.runame,
        **fields,
    )


@pytest.fixture
def ebay_channel(company, ebay_sandbox):
    """A channel connected through the real consent flow, its EBAY_US view ready to list (category set)."""
    catalog.currency(company, iso="USD")
    channel = connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox))
    view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id="EBAY_US")
    view.category_id = "9355"
    view.save()
    return channel


@pytest.fixture
def ebay_view(ebay_channel) -> EbayMarketplaceView:
    return EbayMarketplaceView.objects.get(sales_channel=ebay_channel, remote_id="EBAY_US")
