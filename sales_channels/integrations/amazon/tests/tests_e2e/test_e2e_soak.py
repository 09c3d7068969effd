"""The soak hooks: an empty sandbox, the consent flow, every demo product type mapped, every listing pushed."""

import pytest

from core.models import MultiTenantCompany
from products.demo.seeder import seed_demo_catalog
from products.models import ConfigurableVariation, Product
from sales_channels.flows.default import assign_products
from sales_channels.integrations.amazon.soak import connect_to_sandbox, start_sandbox
from sales_channels.integrations.amazon.spec import AMAZON_SPEC
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import MarketplaceProductTypeMap, RemoteProduct

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_spec_exposes_the_soak_hooks():
    assert AMAZON_SPEC.sandbox.soak_start is start_sandbox
    assert AMAZON_SPEC.sandbox.soak_connect is connect_to_sandbox


def test_every_demo_listing_pushes_once_with_its_variations_under_its_parent(settings):
    settings.AMAZON_FEED_POLL_SECONDS = 0.0
    seeded = seed_demo_catalog(company_name="Amazon soak hooks", listings=12, configurables=4)
    company = MultiTenantCompany.objects.get(pk=seeded.company_id)
    sandbox = start_sandbox(test_mode=True)
    try:
        assert sandbox.listings.count() == 0  # no seeded listings: only what the soak pushes counts
        sandbox.feeds.processing_seconds = 0.2
        channel, view = connect_to_sandbox(company=company, sandbox=sandbox)
        assert view.remote_id == US
        assert MarketplaceProductTypeMap.objects.filter(view=view).count() == 10  # every demo product type
        variation_ids = set(
            ConfigurableVariation.objects.filter(multi_tenant_company=company).values_list("variation_id", flat=True)
        )
        top_level = list(
            Product.objects.filter(multi_tenant_company=company)
            .exclude(pk__in=variation_ids)
            .values_list("pk", flat=True)
        )
        assign_products(view=view, product_ids=top_level, queue=True)
        run_all()
        failed = RemoteProduct.objects.filter(sales_channel=channel, status="failed")
        assert list(failed.values_list("last_error", flat=True)) == []
        state = sandbox.control_state()
    finally:
        sandbox.stop()
    assert len(state["listings"]) == len(top_level)
    assert all(listing["skus"] for listing in state["listings"])  # a parent shows its children's SKUs
    expected_children = {
        parent.sku: set(parent.variation_links.values_list("variation__sku", flat=True))
        for parent in Product.objects.filter(pk__in=top_level, type=Product.CONFIGURABLE)
    }
    by_parent = {listing["id"].split(":", 1)[1]: set(listing["skus"]) for listing in state["listings"]}
    for parent_sku, children in expected_children.items():
        assert by_parent[parent_sku] == children
