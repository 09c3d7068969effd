"""The Amazon demo on a small demo catalog: consent flow, product type, import, push, live change, rerun."""

import pytest

from sales_channels.integrations.amazon import demo
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.models import RemoteProduct
from sales_channels.tests.demo_checks import DemoUnderTest, check_demo_and_rerun

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = DemoUnderTest(
    module=demo,
    run=demo.run_amazon_demo,
    channel_model=AmazonSalesChannel,
    port_variable="AMAZON_SANDBOX_PORT",
    company_name="Amazon demo test",
    products=60,
    push_limit=25,
)


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(monkeypatch):
    runs = check_demo_and_rerun(
        demo=DEMO,
        monkeypatch=monkeypatch,
        expected=["connected seller A2SANDBOXSELLER1", "listings imported: 3 created", "feed(s)"],
    )

    channel = AmazonSalesChannel.objects.get(multi_tenant_company=runs.company)
    assert RemoteProduct.objects.filter(sales_channel=channel, status="synced").count() >= runs.first["created"]
