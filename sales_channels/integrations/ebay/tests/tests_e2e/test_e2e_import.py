"""Importing the sandbox seller's inventory items over real HTTP: created, linked by SKU, resumable, pushable."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from products.models import ConfigurableVariation, Product
from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.factories.imports import products as imports
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import inventory_calls
from sales_channels.models import ImportProcess, RemoteProduct
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)

SIMPLE = {"EBAY-BOOK-1", "EBAY-LAMP-1", "EBAY-MUG-1"}
VARIATIONS = {"EBAY-TEE-S", "EBAY-TEE-M"}


def run_import(channel, **options) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products", **options
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_import_creates_links_and_a_push_then_updates_without_duplicates(
    company, ebay_channel, ebay_view, ebay_sandbox
):
    existing = catalog.product(company, "EBAY-MUG-1", name="Our mug", price="9.00")

    process = run_import(ebay_channel)

    assert (process.status, process.failed_count, process.processed) == ("succeeded", 0, 4)
    assert (process.created_count, process.linked_count) == (3, 1)
    assert set(Product.objects.values_list("sku", flat=True)) == SIMPLE | VARIATIONS | {"EBAY-TEE"}
    assert Product.objects.get(sku="EBAY-MUG-1").pk == existing.pk
    tee = Product.objects.get(sku="EBAY-TEE")
    assert tee.type == Product.CONFIGURABLE
    assert set(ConfigurableVariation.objects.filter(parent=tee).values_list("variation__sku", flat=True)) == VARIATIONS
    lamp = Product.objects.get(sku="EBAY-LAMP-1")
    assert SalesPrice.objects.get(product=lamp).price == Decimal("40.00")
    assert sum(Inventory.objects.filter(product=lamp).values_list("quantity", flat=True)) == 3
    mirrors = dict(RemoteProduct.objects.filter(view=ebay_view).values_list("remote_id", "local_instance_id"))
    assert set(mirrors) == SIMPLE | VARIATIONS | {"EBAY-TEE"}
    lamp_offer = EbayOffer.objects.get(remote_product__remote_id="EBAY-LAMP-1")
    assert lamp_offer.offer_id in ebay_sandbox.inventory.offers

    again = run_import(ebay_channel)  # a second import links everything again, creating nothing
    assert (again.status, again.created_count) == ("succeeded", 0)
    assert Product.objects.count() == 6

    before = ebay_sandbox.counts()
    ebay_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=ebay_channel, product_ids=[lamp.pk])
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert "POST bulk_create_offer" not in inventory_calls(ebay_sandbox)  # the imported offer is updated
    assert ebay_sandbox.counts()["offers"] == before["offers"]


def test_an_interrupted_import_resumes_at_its_page(ebay_channel, monkeypatch, ebay_sandbox):
    monkeypatch.setattr(imports.EbayProductsImport, "page_size", 2)
    ebay_sandbox.inject_fault("500", times=10, path="/inventory_item_group/")  # page 1 holds the tee group
    failed = run_import(ebay_channel)
    assert failed.status != "succeeded"
    cursor = failed.cursor or {}
    assert (cursor["page"], cursor["groups"], failed.processed) == (1, [], 2)
    assert cursor["report"]["task"] in ebay_sandbox.feed.tasks  # asked for once, kept for the resume
    ebay_sandbox.faults.clear()

    process = ImportProcess.objects.get(pk=failed.pk)
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert (process.status, process.processed, process.failed_count) == ("succeeded", 4, 0)
    assert Product.objects.filter(sku__startswith="EBAY-").count() == 6
    assert len(ebay_sandbox.feed.tasks) == 1  # one report task for the whole (resumed) run


def test_dry_run_writes_nothing_and_update_only_creates_nothing(company, ebay_channel, ebay_sandbox):
    existing = catalog.product(company, "EBAY-LAMP-1", name="Our lamp")

    dry = run_import(ebay_channel, dry_run=True)
    assert (dry.status, dry.created_count, dry.linked_count) == ("succeeded", 3, 1)
    assert list(Product.objects.values_list("sku", flat=True)) == ["EBAY-LAMP-1"]
    assert not RemoteProduct.objects.exists()

    only = run_import(ebay_channel, update_only=True)
    assert (only.status, only.created_count) == ("succeeded", 0)
    assert list(Product.objects.values_list("pk", flat=True)) == [existing.pk]
    assert RemoteProduct.objects.get().remote_id == "EBAY-LAMP-1"


def test_an_inactive_variation_of_an_imported_live_group_is_not_withdrawn_alone(ebay_channel, ebay_sandbox):
    """A variant's offer is listed by its group: no single-offer withdraw for it (eBay ends groups as a whole)."""
    listing_id = "110550000777"
    for offer in ebay_sandbox.inventory.offers.values():  # the group's listing, as publish_by_inventory_item_group
        if offer["sku"].startswith("EBAY-TEE-"):
            offer["status"], offer["listing"] = "PUBLISHED", {"listingId": listing_id, "listingStatus": "ACTIVE"}
    assert run_import(ebay_channel).status == "succeeded"
    variant = EbayOffer.objects.get(remote_product__remote_id="EBAY-TEE-S")
    assert variant.listing_id == listing_id  # imported: the variant's offer names its group's listing
    small = Product.objects.get(sku="EBAY-TEE-S")
    tee = Product.objects.get(sku="EBAY-TEE")
    ebay_sandbox.request_log.clear()
    since = last_task_id()

    small.active = False
    small.save()
    flows.resync_products(channel=ebay_channel, product_ids=[tee.pk])
    tasks = run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert not [r for r in ebay_sandbox.request_log if r["path"].endswith("/withdraw")]
    assert ebay_sandbox.inventory.offers[variant.offer_id]["status"] == "PUBLISHED"


def test_an_imported_live_group_is_withdrawn_once_its_product_is_inactive(ebay_channel, ebay_sandbox):
    """The import keeps the group's listing id on the configurable's row: an inactive configurable's listing ends."""
    listing_id = "110550000778"
    for offer in ebay_sandbox.inventory.offers.values():  # the group's listing, as publish_by_inventory_item_group
        if offer["sku"].startswith("EBAY-TEE-"):
            offer["status"], offer["listing"] = "PUBLISHED", {"listingId": listing_id, "listingStatus": "ACTIVE"}
    assert run_import(ebay_channel).status == "succeeded"
    assert EbayOffer.objects.get(remote_product__remote_id="EBAY-TEE", remote_product__parent=None).listing_id == (
        listing_id
    )
    tee = Product.objects.get(sku="EBAY-TEE")
    since = last_task_id()

    tee.active = False
    tee.save()
    flows.resync_products(channel=ebay_channel, product_ids=[tee.pk])
    tasks = run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    variants = [o for o in ebay_sandbox.inventory.offers.values() if o["sku"].startswith("EBAY-TEE-")]
    assert {o["status"] for o in variants} == {"UNPUBLISHED"}
