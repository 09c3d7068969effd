"""Bulk and stock imports against the sandbox over real HTTP: same catalog as the paginated import, plus stock."""

import json
import time

import pytest
import requests

from currencies.models import Currency
from inventory.models import Inventory
from media.models import MediaProductThrough
from products.models import ConfigurableVariation, Product, ProductTranslation
from properties.models import ProductProperty
from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.imports.bulk import BULK_PRODUCTS_QUERY
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import ImportProcess, RemoteCallLog, RemoteProduct
from sales_channels.tasks import execute_import
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def euro(company):
    return Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)


def run_import(channel, kind: str) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind=kind
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def resume(process: ImportProcess) -> ImportProcess:
    ImportProcess.objects.filter(pk=process.pk).update(status="pending")
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def snapshot(company) -> dict:
    """The local catalog the import wrote, comparable between two databases' runs."""
    products = Product.objects.filter(multi_tenant_company=company)
    return {
        "products": sorted(products.values_list("sku", "type", "active")),
        "names": sorted(ProductTranslation.objects.values_list("product__sku", "name", "url_key")),
        "variations": sorted(ConfigurableVariation.objects.values_list("parent__sku", "variation__sku")),
        "prices": sorted((p.product.sku, str(p.price), str(p.rrp)) for p in SalesPrice.objects.all()),
        "properties": sorted(ProductProperty.objects.values_list("product__sku", "property_id", "value_select_id")),
        "images": sorted(MediaProductThrough.objects.values_list("product__sku", "media__source_url", "sort_order")),
        "mirrors": sorted(RemoteProduct.objects.values_list("remote_id", "local_instance_id")),
        "variants": sorted(ShopifyRemoteVariant.objects.values_list("remote_id", "inventory_item_id")),
        "stock": sorted(Inventory.objects.values_list("product__sku", "location__name", "quantity")),
    }


def expected_stock(sandbox) -> list[tuple[str, str, int]]:
    rows = []
    for product in sandbox.state.products.values():
        for variant in product.variants:
            item = variant.inventory_item
            for location_id, quantities in item.levels.items():
                rows.append((item.sku, sandbox.state.locations[location_id].name, quantities.get("available", 0)))
    return sorted(rows)


def test_bulk_import_gives_the_same_catalog_as_the_paginated_import(shopify_channel, shopify_sandbox, euro):
    paginated = run_import(shopify_channel, "products")
    assert (paginated.status, paginated.created_count, paginated.failed_count) == ("succeeded", 3, 0)
    expected = snapshot(shopify_channel.multi_tenant_company)
    assert expected["stock"] == expected_stock(shopify_sandbox)
    assert {row[1] for row in expected["stock"]} == {"Warehouse Amsterdam", "Shop Utrecht"}

    bulk = run_import(shopify_channel, "products_bulk")

    assert (bulk.status, bulk.percentage, bulk.failed_count, bulk.processed) == ("succeeded", 100, 0, 3)
    assert bulk.created_count == 0  # the same products, found again: nothing duplicated
    assert snapshot(shopify_channel.multi_tenant_company) == expected


def test_bulk_import_alone_creates_the_catalog_with_stock(shopify_channel, shopify_sandbox, euro):
    process = run_import(shopify_channel, "products_bulk")

    assert (process.status, process.created_count, process.total) == ("succeeded", 3, 3)
    assert snapshot(shopify_channel.multi_tenant_company)["stock"] == expected_stock(shopify_sandbox)
    downloads = RemoteCallLog.objects.filter(sales_channel=shopify_channel, url__contains="/bulk/")
    assert downloads.count() == 1


def test_a_running_bulk_query_defers_the_import_and_a_resume_polls_again(shopify_channel, shopify_sandbox, euro):
    shopify_sandbox.set_bulk_delay(1.0)

    process = run_import(shopify_channel, "products_bulk")

    assert process.status == "pending"
    assert process.next_run_at is not None
    assert process.cursor["operation"].startswith("gid://shopify/BulkOperation/")
    assert "RUNNING" in process.error
    assert not Product.objects.exists()

    time.sleep(1.05)
    process = resume(process)

    assert (process.status, process.created_count) == ("succeeded", 3)


def test_a_failed_bulk_query_fails_the_import_with_its_error_code(shopify_channel, shopify_sandbox, euro):
    shopify_sandbox.fail_next_bulk_operation("TIMEOUT")

    process = run_import(shopify_channel, "products_bulk")

    assert process.status == "failed"
    assert "FAILED" in process.error
    assert "TIMEOUT" in process.error
    assert not Product.objects.exists()


def test_the_sandbox_serves_shopify_shaped_jsonl(shopify_sandbox):
    token = shopify_sandbox.issue_access_token()["access_token"]

    def call(document: str, variables: dict | None = None) -> dict:
        answer = requests.post(
            shopify_sandbox.graphql_url,
            json={"query": load_document(document), "variables": variables or {}},
            headers={"X-Shopify-Access-Token": token},
            timeout=10,
        ).json()
        assert "errors" not in answer, answer
        return answer["data"]

    started = call("bulk_operation_run_query", {"query": BULK_PRODUCTS_QUERY})["bulkOperationRunQuery"]
    assert started["userErrors"] == []
    current = call("bulk_operation", {"id": started["bulkOperation"]["id"]})["bulkOperation"]
    assert (current["id"], current["status"]) == (started["bulkOperation"]["id"], "COMPLETED")

    body = requests.get(current["url"], timeout=10)
    lines = [json.loads(line) for line in body.text.splitlines()]

    roots = [line for line in lines if "__parentId" not in line]
    assert len(roots) == int(current["rootObjectCount"]) == shopify_sandbox.product_count
    assert len(lines) == int(current["objectCount"])
    variants = [line for line in lines if line["id"].startswith("gid://shopify/ProductVariant/")]
    assert len(variants) == shopify_sandbox.variant_count
    assert {line["__parentId"] for line in variants} <= {root["id"] for root in roots}
    assert all("variants" not in root and "media" not in root for root in roots)


def test_an_invalid_bulk_query_is_a_user_error(shopify_sandbox):
    token = shopify_sandbox.issue_access_token()["access_token"]
    answer = requests.post(
        shopify_sandbox.graphql_url,
        json={"query": load_document("bulk_operation_run_query"), "variables": {"query": "{ products { nope } }"}},
        headers={"X-Shopify-Access-Token": token},
        timeout=10,
    ).json()

    payload = answer["data"]["bulkOperationRunQuery"]
    assert payload["bulkOperation"] is None
    assert payload["userErrors"][0]["code"] == "INVALID"


def test_stock_batches_stay_under_the_single_query_cost_maximum(shopify_sandbox):
    token = shopify_sandbox.issue_access_token()["access_token"]
    ids = [f"gid://shopify/InventoryItem/{n}" for n in range(1, 26)]
    answer = requests.post(
        shopify_sandbox.graphql_url,
        json={"query": load_document("inventory_levels_by_items"), "variables": {"ids": ids, "levelsFirst": 10}},
        headers={"X-Shopify-Access-Token": token},
        timeout=10,
    ).json()

    assert "errors" not in answer, answer
    assert answer["extensions"]["cost"]["requestedQueryCost"] < 1000
