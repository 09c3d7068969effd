"""The Magento 2 demo on a small catalog: connects, imports, pushes through async bulk, changes live, reruns."""

import pytest

from sales_channels.integrations.magento2 import demo
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.tests.demo_checks import check_demo_and_rerun, seeded_demo_company

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_company(monkeypatch):
    return seeded_demo_company(
        monkeypatch=monkeypatch,
        demo_module=demo,
        port_variable="MAGENTO2_SANDBOX_PORT",
        name="Magento demo test",
        products=12,
        push_limit=8,
    )


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    check_demo_and_rerun(
        run_demo=demo.run_magento2_demo,
        company=demo_company,
        channel_model=Magento2SalesChannel,
        expected=["OAuth 1.0a (HMAC-SHA256) (connected)", "imported 3 products: 3 created", "async bulks"],
    )
