"""The eBay demo on a small demo catalog: connects, maps categories, pushes, shows a live change, reruns."""

import pytest

from media.models import MediaProductThrough
from sales_channels.integrations.ebay import demo
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import ListingIssue, RemoteProduct
from sales_channels.tests.demo_checks import DemoUnderTest, check_demo_and_rerun

pytestmark = pytest.mark.django_db(transaction=True)

DEMO = DemoUnderTest(
    module=demo,
    run=demo.run_ebay_demo,
    channel_model=EbaySalesChannel,
    port_variable="EBAY_SANDBOX_PORT",
    company_name="eBay demo test",
)


def test_the_demo_connects_maps_categories_pushes_and_shows_the_live_change(monkeypatch):
    runs = check_demo_and_rerun(
        demo=DEMO,
        monkeypatch=monkeypatch,
        expected=[
            "connected seller onesila_seller",
            "inventory imported: 4 created",
            "2 listings made outside the Inventory API reported",
            "placeholder HTTPS image",
        ],
    )
    channel = EbaySalesChannel.objects.get(multi_tenant_company=runs.company)
    placeholders = MediaProductThrough.objects.filter(sales_channel=channel)
    assert placeholders.exists()
    assert {link.media.url.split("/")[2] for link in placeholders} == {"images.onesila.invalid"}
    assert not ListingIssue.objects.filter(sales_channel_id=channel.pk).exists()
    assert "2 product types mapped to eBay categories" in runs.text
    assert RemoteProduct.objects.filter(sales_channel=channel, status="synced").exists()
