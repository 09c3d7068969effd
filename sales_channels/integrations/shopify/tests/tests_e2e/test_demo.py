"""The Shopify demo on a small demo catalog: connects over OAuth, imports, pushes, shows a live change, reruns."""

import pytest

from sales_channels.integrations.shopify import demo
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.tests.demo_checks import check_demo_and_rerun, seeded_demo_company

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_company(monkeypatch):
    return seeded_demo_company(
        monkeypatch=monkeypatch,
        demo_module=demo,
        port_variable="SHOPIFY_SANDBOX_PORT",
        name="Shopify demo test",
        products=12,
        push_limit=8,
    )


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    check_demo_and_rerun(
        run_demo=demo.run_shopify_demo,
        company=demo_company,
        channel_model=ShopifySalesChannel,
        expected=["through OAuth (connected)", "imported 3 products: 3 created"],
    )
