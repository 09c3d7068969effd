"""eBay's soak hooks: an empty sandbox with fault switches, and a channel connected through the consent flow."""

import json
import urllib.request

import pytest

from core.models import MultiTenantCompany
from media.models import MediaProductThrough
from products.demo.seeder import seed_demo_catalog
from products.models import Product
from sales_channels.integrations.ebay.demo import OTHER_CATEGORY
from sales_channels.integrations.ebay.factories.products.steps import public_url
from sales_channels.integrations.ebay.spec import EBAY_SPEC
from sales_channels.models import MarketplaceProductTypeMap

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_soak_hooks_start_an_empty_sandbox_and_connect_a_channel_ready_to_list():
    company = MultiTenantCompany.objects.get(pk=seed_demo_catalog(company_name="eBay soak test", products=8).company_id)
    assert EBAY_SPEC.sandbox is not None
    sandbox = EBAY_SPEC.sandbox.soak_start(test_mode=True)
    try:
        channel, view = EBAY_SPEC.sandbox.soak_connect(company=company, sandbox=sandbox)
        with urllib.request.urlopen(f"{sandbox.base_url}/__sandbox__/state", timeout=5) as answer:  # noqa: S310 - loopback
            state = json.load(answer)
    finally:
        sandbox.stop()
    assert channel.connection_status == "connected"
    assert (view.remote_id, view.category_id) == ("EBAY_US", OTHER_CATEGORY)
    assert MarketplaceProductTypeMap.objects.filter(view=view).count() == 2  # T-shirts and hoodies
    assert (state["inventory_items"], state["listings"]) == (0, [])
    for product in Product.objects.filter(multi_tenant_company=company, parent_links__isnull=True):
        urls = [public_url(link.media.url) for link in MediaProductThrough.objects.filter(product=product)]
        assert any(url.startswith("https://") for url in urls), (product.sku, urls)
