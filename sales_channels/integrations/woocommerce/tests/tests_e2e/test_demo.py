"""The WooCommerce demo on a small demo catalog: connects, imports, pushes, shows a live change, reruns."""

import pytest

from sales_channels.integrations.woocommerce import demo
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.tests.demo_checks import check_demo_and_rerun, seeded_demo_company

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_company(monkeypatch):
    return seeded_demo_company(
        monkeypatch=monkeypatch,
        demo_module=demo,
        port_variable="WOOCOMMERCE_SANDBOX_PORT",
        name="WooCommerce demo test",
        products=12,
        push_limit=8,
    )


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    check_demo_and_rerun(
        run_demo=demo.run_woocommerce_demo,
        company=demo_company,
        channel_model=WooCommerceSalesChannel,
        expected=["(WooCommerce 9.4.2, connected)", "imported 3 products: 3 created"],
    )
