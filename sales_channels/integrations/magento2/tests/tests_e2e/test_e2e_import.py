"""Importing the sandbox store's catalog over real HTTP: created, linked by SKU again, configurables with children,
store-view names, prices and stock; resumable after a failure mid-way."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from products.models import ConfigurableVariation, Product, ProductTranslation
from properties.product_types import configurator_properties
from sales_channels.integrations.magento2.factories.imports.products import Magento2ProductsImport
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.models import ImportProcess, RemoteProduct
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)

SEEDED = {"MUG-001", "CAP-001", "TEE", "TEE-RED-S", "TEE-BLUE-M"}


@pytest.fixture
def euro(company):
    company.languages = ["en", "de"]
    company.save()
    return catalog.currency(company, iso="EUR")


@pytest.fixture
def connected(company, euro, magento_sandbox):
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel


def run_import(channel, **options) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products", **options
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_import_creates_the_store_catalog_and_a_second_run_links_by_sku(connected):
    process = run_import(connected)
    assert (process.status, process.failed_count) == ("succeeded", 0), process.errors.values_list("message", flat=True)
    assert (process.created_count, process.processed) == (3, 3)
    assert set(Product.objects.values_list("sku", flat=True)) == SEEDED
    tee = Product.objects.get(sku="TEE")
    assert tee.type == Product.CONFIGURABLE
    assert set(ConfigurableVariation.objects.filter(parent=tee).values_list("variation__sku", flat=True)) == {
        "TEE-RED-S",
        "TEE-BLUE-M",
    }
    assert [prop.name() for prop in configurator_properties(product=tee)] == ["Color", "Size"]
    mug = Product.objects.get(sku="MUG-001")
    assert ProductTranslation.objects.get(product=mug, language="de", sales_channel=None).name == "Kaffeebecher"
    assert SalesPrice.objects.get(product=mug).price == Decimal("9.50")
    assert sum(Inventory.objects.filter(product=mug).values_list("quantity", flat=True)) == 7
    assert set(RemoteProduct.objects.filter(sales_channel=connected).values_list("remote_id", flat=True)) == SEEDED

    again = run_import(connected)
    assert again.status == "succeeded"
    assert again.created_count == 0
    assert Product.objects.count() == len(SEEDED)
    assert RemoteProduct.objects.filter(sales_channel=connected).count() == len(SEEDED)


def test_an_import_interrupted_mid_way_resumes_at_its_page(connected, magento_sandbox, monkeypatch):
    monkeypatch.setattr(Magento2ProductsImport, "page_size", 1)
    process = ImportProcess.objects.create(
        multi_tenant_company=connected.multi_tenant_company, sales_channel=connected, kind="products"
    )
    first_page_calls = 3  # products page, the de names, the stock
    magento_sandbox.inject_fault("ok", times=first_page_calls)  # these pass: "ok" is no fault
    magento_sandbox.inject_fault("500", times=4)  # the second page fails on every attempt of its first run
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert process.status != "succeeded"
    assert process.cursor == {"page": 2}
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert process.status == "succeeded"
    assert Product.objects.filter(sku__in=SEEDED).count() == len(SEEDED)


def test_a_dry_run_import_writes_nothing(connected):
    process = run_import(connected, dry_run=True)
    assert process.status == "succeeded"
    assert process.processed == 3
    assert not Product.objects.filter(sku__in=SEEDED).exists()
