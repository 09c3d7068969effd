"""Imports through the fake vendor: pages, counts, per-item errors, resume from the cursor, modes."""

import pytest

from products.models import Product
from sales_channels.flows import default as flows
from sales_channels.models import ImportProcess, RemoteProduct, SalesChannelViewAssign, SyncTask
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog
from sales_channels.tests.fake.remote import RATE_LIMIT, SERVER_ERROR

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor_catalog(remote):
    """Five vendor products (pages of two): one malformed record among them."""
    remote.products.update(
        {
            "1": {"id": "1", "sku": "A", "name": "Alpha"},
            "2": {"id": "2", "sku": "B", "name": "Beta"},
            "3": {"id": "3", "sku": "", "name": "No SKU"},
            "4": {"id": "4", "sku": "C", "name": "Gamma"},
            "5": {"id": "5", "sku": "D", "name": "Delta"},
        }
    )
    return remote


def start(channel, **kwargs) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, **kwargs
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_import_creates_links_and_reports_bad_records(company, storefront, vendor_catalog):
    catalog.product(company, "B", name="Beta")  # exists locally: linked, not duplicated

    process = start(storefront)

    assert (process.status, process.percentage, process.total, process.processed) == ("succeeded", 100, 5, 5)
    assert (process.created_count, process.linked_count, process.failed_count) == (3, 1, 1)
    error = process.item_errors.get()
    assert error.identifier == "3"
    assert "sku" in error.message
    assert error.raw_record["name"] == "No SKU"
    assert sorted(Product.objects.values_list("sku", flat=True)) == ["A", "B", "C", "D"]
    assert RemoteProduct.objects.get(local_instance__sku="C").remote_id == "4"
    assert SalesChannelViewAssign.objects.filter(view__remote_id="web").count() == 4
    assert not SyncTask.objects.exists()  # what we read is not pushed back


def test_a_second_import_changes_nothing(storefront, vendor_catalog):
    start(storefront)

    process = start(storefront)

    assert (process.created_count, process.linked_count, process.updated_count) == (0, 0, 0)
    assert process.skipped_count == 4


def test_update_only_never_creates(company, storefront, vendor_catalog):
    catalog.product(company, "A", name="Old")

    process = start(storefront, update_only=True)

    assert list(Product.objects.values_list("sku", flat=True)) == ["A"]
    assert (process.linked_count, process.skipped_count) == (1, 3)
    assert Product.objects.get().translations.get().name == "Alpha"


def test_dry_run_counts_without_writing(storefront, vendor_catalog):
    process = start(storefront, dry_run=True)

    assert process.created_count == 4
    assert not Product.objects.exists()
    assert not RemoteProduct.objects.exists()


def test_a_rate_limited_import_resumes_from_its_saved_cursor(storefront, vendor_catalog):
    vendor_catalog.inject(RATE_LIMIT, operation="list_products", retry_after=30)
    vendor_catalog.faults[0].times = 0  # armed below, once the first page went through
    original = vendor_catalog.call

    def second_page_throttled(operation, handler, *args, **kwargs):
        if operation == "list_products" and vendor_catalog.calls["list_products"] == 1:
            vendor_catalog.faults[0].times = 1
        return original(operation, handler, *args, **kwargs)

    vendor_catalog.call = second_page_throttled
    process = start(storefront)

    assert (process.status, process.cursor, process.created_count) == ("pending", {"offset": 2}, 2)
    assert process.next_run_at is not None
    assert "retry after" in process.error

    process = start_again(process)
    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 4, 1)
    assert (
        vendor_catalog.calls["list_products"] == 4
    )  # page 1, page 2 throttled, then pages 2 and 3: never page 1 again


def start_again(process: ImportProcess) -> ImportProcess:
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_repeated_server_errors_fail_the_import_visibly(storefront, vendor_catalog):
    vendor_catalog.inject(SERVER_ERROR, operation="list_products", times=99)

    process = start(storefront)
    while process.status == "pending":
        process = start_again(process)

    assert process.status == "failed"
    assert "HTTP 500" in process.error


def test_start_import_queues_the_run(storefront, vendor_catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        process = flows.start_import(channel=storefront)

    process.refresh_from_db()
    assert process.status == "succeeded"


def test_a_crashed_import_resumes_from_its_cursor(storefront, vendor_catalog, django_capture_on_commit_callbacks):
    process = ImportProcess.objects.create(
        multi_tenant_company=storefront.multi_tenant_company,
        sales_channel=storefront,
        status="running",
        cursor={"offset": 4},
        processed=4,  # saved with the cursor after the page that ended at offset 4
    )

    with django_capture_on_commit_callbacks(execute=True):
        flows.resume_import(process=process)

    process.refresh_from_db()
    assert (process.status, process.created_count) == ("succeeded", 1)
    assert list(Product.objects.values_list("sku", flat=True)) == ["D"]
