"""The Amazon demo on a small demo catalog: consent flow, product type, import, push, live change, rerun."""

import io
import re

import pytest

from core.models import MultiTenantCompany
from products.demo.seeder import seed_demo_catalog
from sales_channels.integrations.amazon import demo
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.models import RemoteProduct

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = re.compile(
    r"^(\d+) created, (\d+) linked, (\d+) updated, (\d+) unchanged, (\d+) failed, (\d+) HTTP calls, [\d.]+ s$"
)


@pytest.fixture
def demo_company(monkeypatch):
    monkeypatch.setattr(demo, "PUSH_LIMIT", 25)
    monkeypatch.setenv("AMAZON_SANDBOX_PORT", "0")  # tests never bind fixed ports
    result = seed_demo_catalog(company_name="Amazon demo test", products=60)
    return MultiTenantCompany.objects.get(pk=result.company_id)


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    out = io.StringIO()
    line = demo.run_amazon_demo(company=demo_company, stdout=out)
    match = SUMMARY.match(line)
    assert match, line
    created, linked, updated, unchanged, failed, calls = map(int, match.groups())
    text = out.getvalue()
    assert "connected seller A2SANDBOXSELLER1" in text
    assert "listings imported: 3 created" in text
    assert "arrived" in text, text
    assert "NOT arrived" not in text, text
    assert failed == 0, text
    assert created >= 4
    assert calls > 0
    channel = AmazonSalesChannel.objects.get(multi_tenant_company=demo_company)
    assert RemoteProduct.objects.filter(sales_channel=channel, status="synced").count() >= created

    again = SUMMARY.match(demo.run_amazon_demo(company=demo_company, stdout=io.StringIO()))  # a rerun works too
    assert again, "the rerun printed no summary"
    assert int(again.group(5)) == 0
