"""The Magento 2 demo on a small catalog: connects, imports, pushes through async bulk, changes live, reruns."""

import pytest

from sales_channels.integrations.magento2 import demo
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.tests.demo_checks import DemoUnderTest, check_demo_and_rerun

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = DemoUnderTest(
    module=demo,
    run=demo.run_magento2_demo,
    channel_model=Magento2SalesChannel,
    port_variable="MAGENTO2_SANDBOX_PORT",
    company_name="Magento demo test",
)


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(monkeypatch):
    check_demo_and_rerun(
        demo=DEMO,
        monkeypatch=monkeypatch,
        expected=["OAuth 1.0a (HMAC-SHA256) (connected)", "imported 3 products: 3 created", "async bulks"],
    )
