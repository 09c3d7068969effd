"""The Amazon demo on a small demo catalog: consent flow, product type, import, push, live change, rerun."""

import pytest

from sales_channels.integrations.amazon import demo
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.models import RemoteProduct
from sales_channels.tests.demo_checks import check_demo_and_rerun, seeded_demo_company

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_company(monkeypatch):
    return seeded_demo_company(
        monkeypatch=monkeypatch,
        demo_module=demo,
        port_variable="AMAZON_SANDBOX_PORT",
        name="Amazon demo test",
        products=60,
        push_limit=25,
    )


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    first, _, _ = check_demo_and_rerun(
        run_demo=demo.run_amazon_demo,
        company=demo_company,
        channel_model=AmazonSalesChannel,
        expected=["connected seller A2SANDBOXSELLER1", "listings imported: 3 created", "feed(s)"],
    )

    channel = AmazonSalesChannel.objects.get(multi_tenant_company=demo_company)
    assert RemoteProduct.objects.filter(sales_channel=channel, status="synced").count() >= first["created"]
