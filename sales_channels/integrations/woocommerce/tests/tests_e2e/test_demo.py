"""The WooCommerce demo on a small demo catalog: connects, imports, pushes, shows a live change, reruns."""

import pytest

from sales_channels.integrations.woocommerce import demo
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.tests.demo_checks import DemoUnderTest, check_demo_and_rerun

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = DemoUnderTest(
    module=demo,
    run=demo.run_woocommerce_demo,
    channel_model=WooCommerceSalesChannel,
    port_variable="WOOCOMMERCE_SANDBOX_PORT",
    company_name="WooCommerce demo test",
)


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(monkeypatch):
    check_demo_and_rerun(
        demo=DEMO,
        monkeypatch=monkeypatch,
        expected=["(WooCommerce 9.4.2, connected)", "imported 3 products: 3 created"],
    )
