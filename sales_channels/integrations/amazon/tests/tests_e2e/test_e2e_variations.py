"""Configurables on Amazon: a parent listing (variation theme) and child listings pointing at its SKU."""

import pytest

from products.models import ConfigurableVariation
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.feeds import FEED_MIN_MESSAGES
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.marketplace_catalog import set_select, set_text

pytestmark = pytest.mark.django_db(transaction=True)


def configurable(company, shirts, sku: str, colors: list) -> object:
    parent = catalog.product(company, sku, kind="CONFIGURABLE")
    set_select(company, parent, shirts.product_types, shirts.shirts)
    set_text(company, parent, shirts.brand, "Acme")
    for index, color in enumerate(colors):
        child = catalog.product(company, f"{sku}-{index}", price="15.00", stock=4)
        set_text(company, child, shirts.brand, "Acme")
        set_select(company, child, shirts.color, color)
        ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=child)
    return parent


def _check_family(sandbox, sku: str, count: int) -> None:
    parent = sandbox.listings.get(sku, US)
    assert parent.attributes["parentage_level"] == [{"value": "parent", "marketplace_id": US}]
    assert parent.attributes["variation_theme"] == [{"name": "COLOR", "marketplace_id": US}]
    assert "purchasable_offer" not in parent.attributes
    for index in range(count):
        child = sandbox.listings.get(f"{sku}-{index}", US)
        assert child.attributes["child_parent_sku_relationship"] == [
            {"child_relationship_type": "variation", "parent_sku": sku, "marketplace_id": US}
        ]


def test_a_configurable_lists_a_parent_and_its_children(company, shirts, amazon_channel, amazon_sandbox):
    parent = configurable(company, shirts, "TEE-FAM", [shirts.red, shirts.blue])
    flows.assign_products(view=shirts.view, product_ids=[parent.pk])
    run_all()
    _check_family(amazon_sandbox, "TEE-FAM", 2)
    mirror = RemoteProduct.objects.get(local_instance=parent, view=shirts.view)
    assert mirror.variations.count() == 2


def test_families_travel_in_one_feed(company, shirts, amazon_channel, amazon_sandbox):
    families = [
        configurable(company, shirts, f"FAM-{n}", [shirts.red, shirts.blue]) for n in range(FEED_MIN_MESSAGES // 3 + 1)
    ]
    flows.assign_products(view=shirts.view, product_ids=[family.pk for family in families])
    run_all()
    assert amazon_sandbox.calls("createFeed") == 1
    for n in range(len(families)):
        _check_family(amazon_sandbox, f"FAM-{n}", 2)
    assert RemoteProduct.objects.filter(view=shirts.view, status="synced").count() == 3 * len(families)
    calls = len(amazon_sandbox.request_log)
    flows.resync_products(channel=amazon_channel)
    run_all()
    assert len(amazon_sandbox.request_log) == calls
