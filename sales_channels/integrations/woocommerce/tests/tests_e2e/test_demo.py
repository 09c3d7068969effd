"""The WooCommerce demo on a small demo catalog: connects, imports, pushes, shows a live change, reruns."""

import io
import re

import pytest

from core.models import MultiTenantCompany
from products.demo.seeder import seed_demo_catalog
from sales_channels.integrations.woocommerce import demo
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.models import RemoteProduct, SyncTask

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = re.compile(
    r"^(\d+) created, (\d+) linked, (\d+) updated, (\d+) unchanged, (\d+) failed, (\d+) HTTP calls, [\d.]+ s$"
)


@pytest.fixture
def demo_company(monkeypatch):
    monkeypatch.setattr(demo, "PUSH_LIMIT", 8)
    monkeypatch.setenv("WOOCOMMERCE_SANDBOX_PORT", "0")  # tests never bind fixed ports
    result = seed_demo_catalog(company_name="WooCommerce demo test", products=12)
    return MultiTenantCompany.objects.get(pk=result.company_id)


def figures(line: str) -> dict[str, int]:
    match = SUMMARY.match(line)
    assert match, line
    names = ("created", "linked", "updated", "unchanged", "failed", "calls")
    return dict(zip(names, map(int, match.groups()), strict=False))


def test_the_demo_connects_imports_pushes_and_shows_the_live_change(demo_company):
    out = io.StringIO()

    first = figures(demo.run_woocommerce_demo(company=demo_company, stdout=out))

    text = out.getvalue()
    assert "(WooCommerce 9.4.2, connected)" in text
    assert "imported 3 products: 3 created" in text
    assert "arrived" in text
    assert "NOT arrived" not in text
    assert first["failed"] == 0, (text, list(SyncTask.objects.exclude(status="succeeded").values("usage", "error")))
    assert first["created"] >= 3 + 1
    assert first["calls"] > 0
    channel = WooCommerceSalesChannel.objects.get(multi_tenant_company=demo_company)

    second = figures(demo.run_woocommerce_demo(company=demo_company, stdout=io.StringIO()))

    assert WooCommerceSalesChannel.objects.filter(multi_tenant_company=demo_company).count() == 1
    assert second["failed"] == 0
    assert second["linked"] >= 3  # the fresh store's products are linked again by SKU
    assert RemoteProduct.objects.filter(sales_channel=channel, parent=None).exists()
