"""The bulk catalog import and stock import against vendor-shaped answers (responses at the transport)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import responses
from django.utils import timezone
from graphql import parse

from currencies.models import Currency
from inventory.models import Inventory
from products.models import ConfigurableVariation, Product
from sales_channels.integrations.shopify.factories.imports.bulk import (
    BULK_PRODUCTS_QUERY,
    ShopifyProductsBulkImport,
    parse_jsonl,
    reassemble_products,
)
from sales_channels.integrations.shopify.factories.imports.stock import (
    ITEMS_PER_CALL,
    inventory_item_ids,
    merge_levels,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox.schema import load_schema, validate_document
from sales_channels.integrations.shopify.tests.vendor_sdl import VENDOR_SDL as sdl
from sales_channels.models import ImportProcess, RemoteCallLog, RemoteJob, SalesChannelView
from sales_channels.tasks import execute_import, execute_job_poll

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"
BULK_URL = "https://storage.googleapis.com/shopify-tiers-assets-prod-us-east1/bulk-7001.jsonl"
OPERATION = "gid://shopify/BulkOperation/7001"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def page_one_nodes() -> list[dict]:
    return fixture("import_products_page_1.json")["data"]["products"]["nodes"]


class ShopifyBulk:
    """Answers the bulk documents by operation name; `status` picks the BulkOperation answer."""

    def __init__(self, *, status: str = "completed", start: str = "import_bulk_started.json") -> None:
        self.status = status
        self.start = start
        self.operations: list[str] = []
        self.stock_batches: list[list[str]] = []

    def __call__(self, request):
        body = json.loads(request.body)
        query = body["query"]
        if "mutation BulkOperationRunQuery" in query:
            assert body["variables"] == {"query": BULK_PRODUCTS_QUERY}
            return self._answer("start", self.start)
        if "query BulkOperation(" in query:
            return self._answer("poll", f"import_bulk_{self.status}.json")
        if "query InventoryLevelsByItems" in query:
            self.stock_batches.append(body["variables"]["ids"])
            return self._answer("stock", "import_bulk_inventory_levels.json")
        return 400, {}, json.dumps({"errors": [{"message": "unexpected operation"}]})

    def _answer(self, operation: str, name: str):
        self.operations.append(operation)
        return 200, {}, json.dumps(fixture(name))


@pytest.fixture
def channel(company):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        access_token="shpat_fixture",
        shop_currency="EUR",
        connection_status="connected",
    )
    SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="gid://shopify/Publication/1", name="Online"
    )
    return channel


def shopify_api(shop: ShopifyBulk) -> responses.RequestsMock:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.add_callback(responses.POST, GRAPHQL, callback=shop)
    mock.add(responses.GET, BULK_URL, body=(FIXTURES / "import_bulk_products.jsonl").read_text())
    return mock


def run(process: ImportProcess) -> ImportProcess:
    ImportProcess.objects.filter(pk=process.pk).update(status="pending")
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def new_process(channel, kind: str = "products_bulk") -> ImportProcess:
    return ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind=kind
    )


def test_jsonl_lines_reassemble_into_the_paginated_product_nodes():
    lines = parse_jsonl((FIXTURES / "import_bulk_products.jsonl").read_text())

    assert [line.get("__parentId") for line in lines][:2] == [None, "gid://shopify/Product/101"]
    assert reassemble_products(lines) == page_one_nodes()


def test_a_child_of_an_unknown_parent_or_kind_is_ignored():
    lines = [
        {"id": "gid://shopify/Product/1", "title": "A"},
        {"id": "gid://shopify/ProductVariant/9", "__parentId": "gid://shopify/Product/404"},
        {"id": "gid://shopify/Collection/3", "__parentId": "gid://shopify/Product/1"},
    ]
    empty = {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}

    assert reassemble_products(lines) == [
        {"id": "gid://shopify/Product/1", "title": "A", "variants": empty, "metafields": empty, "media": empty}
    ]


def test_a_malformed_jsonl_line_is_kept_as_a_broken_record_not_an_exception():
    lines = parse_jsonl('{"id": "gid://shopify/Product/1"}\n{not json\nnull\n')

    assert lines[0] == {"id": "gid://shopify/Product/1"}
    assert lines[1] == {"__error__": "bulk result line 2 is not JSON", "__line__": 2, "raw": "{not json"}
    assert lines[2] == {"__error__": "bulk result line 3 is not an object", "__line__": 3, "raw": "null"}
    assert [product.get("id") for product in reassemble_products(lines)] == ["gid://shopify/Product/1", None, None]


def shopify_api_with_file(shop: ShopifyBulk, body: str) -> responses.RequestsMock:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.add_callback(responses.POST, GRAPHQL, callback=shop)
    mock.add(responses.GET, BULK_URL, body=body)
    return mock


def test_a_null_line_in_the_result_file_fails_that_record_only(channel):
    body = (FIXTURES / "import_bulk_products.jsonl").read_text()
    first, rest = body.split("\n", 1)
    with shopify_api_with_file(ShopifyBulk(), f"{first}\nnull\n{rest}"):
        process = run(new_process(channel))

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 2, 1)
    error = process.item_errors.get()
    assert error.message == "Invalid vendor payload: bulk result line 2 is not an object"
    assert error.raw_record == {"__error__": "bulk result line 2 is not an object", "__line__": 2, "raw": "null"}


def test_fewer_products_than_shopify_announced_is_not_a_success(channel):
    products = [line for line in (FIXTURES / "import_bulk_products.jsonl").read_text().splitlines() if line]
    missing_one = [line for line in products if "FIX-TEE" not in line and "/Product/102" not in line]
    with shopify_api_with_file(ShopifyBulk(), "\n".join(missing_one) + "\n"):
        process = run(new_process(channel))

    assert process.status == "failed"
    assert (process.total, process.processed, process.created_count) == (2, 1, 1)
    assert "announced 2 records but 1 arrived: 1 missing" in process.error


def test_levels_are_merged_into_each_variant_inventory_item():
    record = {"id": "P", "variants": {"nodes": [{"id": "V", "inventoryItem": {"id": "I", "sku": "S"}}], "pageInfo": {}}}
    levels = {"I": {"nodes": [{"location": {"id": "L", "name": "Main"}, "quantities": []}]}}

    assert merge_levels(record=record, levels=levels) == {
        "id": "P",
        "variants": {
            "nodes": [{"id": "V", "inventoryItem": {"id": "I", "sku": "S", "inventoryLevels": levels["I"]}}],
            "pageInfo": {},
        },
    }
    assert inventory_item_ids([record, record]) == ["I"]


def test_a_running_bulk_query_defers_the_import_then_a_resume_imports_every_product(channel):
    shop = ShopifyBulk(status="running")
    process = new_process(channel)

    with shopify_api(shop) as mock:
        process = run(process)
        assert (process.status, process.cursor) == ("pending", {"operation": OPERATION, "offset": 0})
        assert "RUNNING" in process.error
        assert process.next_run_at is not None
        assert not Product.objects.exists()

        shop.status = "completed"
        process = run(process)
        downloads = [call for call in mock.calls if call.request.method == "GET"]

    assert shop.operations == ["start", "poll", "poll", "stock"]
    assert len(downloads) == 1
    assert "X-Shopify-Access-Token" not in downloads[0].request.headers
    [logged] = RemoteCallLog.objects.filter(sales_channel=channel, method="GET")
    assert "5f2b9c0d1e7a4b3c88aa" not in logged.url
    assert "sandbox-sa" not in logged.url
    assert (process.status, process.percentage, process.cursor) == ("succeeded", 100, None)
    assert (process.created_count, process.failed_count, process.total) == (2, 0, 2)
    assert set(ConfigurableVariation.objects.values_list("variation__sku", flat=True)) == {"FIX-TEE-S", "FIX-TEE-M"}
    stock = sorted(Inventory.objects.values_list("product__sku", "location__name", "quantity"))
    assert stock == [
        ("FIX-MUG", "Main Warehouse", 7),
        ("FIX-MUG", "Outlet", 0),  # Shopify's negative available is stored as 0
        ("FIX-TEE-M", "Main Warehouse", 3),
        ("FIX-TEE-S", "Main Warehouse", 3),
    ]


def test_a_failed_bulk_query_fails_the_import_with_its_status_and_error_code(channel):
    shop = ShopifyBulk(status="failed")

    with shopify_api(shop):
        process = run(new_process(channel))

    assert process.status == "failed"
    assert f"Shopify bulk query {OPERATION} ended FAILED (errorCode ACCESS_DENIED)" in process.error
    assert not Product.objects.exists()


def test_another_bulk_query_in_progress_defers_the_start(channel):
    shop = ShopifyBulk(start="import_bulk_in_progress.json")

    with shopify_api(shop):
        process = run(new_process(channel))

    assert (process.status, process.cursor) == ("pending", None)
    assert "another bulk query" in process.error


def test_the_paginated_import_with_stock_asks_levels_in_batches(channel):
    nodes = page_one_nodes()
    shop = ShopifyBulk()

    def products_page(request):
        body = json.loads(request.body)
        if "query ProductsPage" in body["query"]:
            return (
                200,
                {},
                json.dumps(
                    fixture("import_products_page_1.json")
                    | {"data": {"products": {"nodes": nodes, "pageInfo": {"hasNextPage": False, "endCursor": None}}}}
                ),
            )
        return shop(request)

    mock = responses.RequestsMock()
    mock.add_callback(responses.POST, GRAPHQL, callback=products_page)
    with mock:
        process = run(new_process(channel, kind="products"))

    assert (process.status, process.created_count) == ("succeeded", 2)
    assert shop.stock_batches == [inventory_item_ids(nodes)]
    assert all(len(batch) <= ITEMS_PER_CALL for batch in shop.stock_batches)
    assert Inventory.objects.get(product__sku="FIX-MUG", location__name="Main Warehouse").quantity == 7


def test_the_catalog_only_import_asks_no_stock(channel):
    shop = ShopifyBulk()

    def products_page(request):
        if "query ProductsPage" in json.loads(request.body)["query"]:
            return 200, {}, json.dumps(fixture("import_products_page_2.json"))
        return shop(request)

    mock = responses.RequestsMock()
    mock.add_callback(responses.POST, GRAPHQL, callback=products_page)
    with mock:
        process = run(new_process(channel, kind="products_catalog_only"))

    assert process.status == "succeeded"
    assert shop.stock_batches == []


def test_the_bulk_query_is_valid_for_the_vendor_sdl():

    if not sdl.is_file():
        pytest.skip("vendor SDL not available")

    assert validate_document(load_schema(sdl), parse(BULK_PRODUCTS_QUERY)) == []


def test_the_bulk_query_is_a_remote_job_whose_completion_resumes_the_import(
    channel, django_capture_on_commit_callbacks
):

    shop = ShopifyBulk(status="running")
    with shopify_api(shop):
        process = run(new_process(channel))
        [job] = RemoteJob.objects.filter(sales_channel=channel)
        assert (job.kind, job.remote_id, job.import_process_id, job.status) == (
            "products_bulk",
            OPERATION,
            process.pk,
            "running",
        )

        shop.status = "completed"
        with django_capture_on_commit_callbacks(execute=True):  # the job runner polls; its completion resumes
            execute_job_poll(job_id=job.pk, now=timezone.now() + timedelta(minutes=5))

    job.refresh_from_db()
    process.refresh_from_db()
    assert (job.status, job.result["status"]) == ("completed", "COMPLETED")
    assert "url" not in job.result  # the signed URL is a credential: dropped once downloaded
    assert (process.status, process.created_count) == ("succeeded", 2)
    assert shop.operations == ["start", "poll", "poll", "stock"]  # the resumed import did not poll again


def test_an_import_killed_after_its_first_page_resumes_from_its_cursor_with_a_fresh_file_url(channel, monkeypatch):
    monkeypatch.setattr(ShopifyProductsBulkImport, "page_size", 1)
    shop = ShopifyBulk(status="completed")
    original = ShopifyProductsBulkImport.import_page
    imported = []

    def import_then_die(self, records):
        if records and len(imported) == 1:
            raise KeyboardInterrupt  # the worker is killed after the first page was saved
        if records:
            imported.append(records)
        original(self, records)

    monkeypatch.setattr(ShopifyProductsBulkImport, "import_page", import_then_die)
    process = new_process(channel)
    with shopify_api(shop), pytest.raises(KeyboardInterrupt):
        run(process)
    process.refresh_from_db()
    assert (process.status, process.cursor["offset"], process.created_count) == ("running", 1, 1)

    monkeypatch.setattr(ShopifyProductsBulkImport, "import_page", original)
    with shopify_api(shop) as mock:
        process = run(process)
        downloads = [call for call in mock.calls if call.request.method == "GET"]

    assert (process.status, process.created_count, process.total) == ("succeeded", 2, 2)
    assert len(downloads) == 1
    assert shop.operations.count("poll") == 2  # the resumed run asked once for a fresh URL
