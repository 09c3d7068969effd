"""The Shopify demo on a small demo catalog: connects over OAuth, imports, pushes, shows a live change, reruns."""

import pytest

from sales_channels.integrations.shopify import demo
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.tests.demo_checks import DemoUnderTest, check_demo_and_rerun

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = DemoUnderTest(
    module=demo,
    run=demo.run_shopify_demo,
    channel_model=ShopifySalesChannel,
    port_variable="SHOPIFY_SANDBOX_PORT",
    company_name="Shopify demo test",
)


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(monkeypatch):
    check_demo_and_rerun(
        demo=DEMO, monkeypatch=monkeypatch, expected=["through OAuth (connected)", "imported 3 products: 3 created"]
    )
