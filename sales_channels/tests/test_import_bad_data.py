"""Issue 15 item 9 through a whole import (the fake vendor): bad records are errors or warnings with the raw record."""

import pytest

from products.models import Product, ProductTranslation
from sales_channels.models import ImportProcess, RemoteProduct
from sales_channels.tasks import execute_import
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db


def run(channel) -> ImportProcess:
    process = ImportProcess.objects.create(multi_tenant_company=channel.multi_tenant_company, sales_channel=channel)
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_a_title_sent_as_a_list_is_an_error_with_the_raw_record(storefront, remote):
    remote.products.update(
        {"1": {"id": "1", "sku": "A", "name": ["a", "b"]}, "2": {"id": "2", "sku": "B", "name": "Beta"}}
    )

    process = run(storefront)

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 1, 1)
    error = process.item_errors.get()
    assert (error.severity, error.identifier) == ("error", "A")
    assert "name must be text, got list" in error.message
    assert error.raw_record["name"] == ["a", "b"]
    assert not ProductTranslation.objects.filter(name__startswith="[").exists()


def test_a_3000_character_title_is_cut_with_a_warning(storefront, remote):
    remote.products.update({"1": {"id": "1", "sku": "A", "name": "t" * 3000}})

    process = run(storefront)

    assert (process.status, process.created_count, process.warning_count) == ("succeeded", 1, 1)
    warning = process.item_errors.get()
    assert (warning.severity, warning.message) == ("warning", "product name has 3000 characters: cut to 512")
    assert len(warning.raw_record["name"]) == 3000
    assert len(ProductTranslation.objects.get().name) == 512


def test_a_negative_price_is_a_warning_and_the_product_imports(storefront, remote):
    remote.products.update({"1": {"id": "1", "sku": "A", "name": "Alpha", "prices": {"EUR": "-5"}}})

    process = run(storefront)

    assert (process.status, process.created_count, process.warning_count) == ("succeeded", 1, 1)
    assert "price -5 EUR is not positive" in process.item_errors.get().message
    assert Product.objects.filter(sku="A").exists()
    assert not SalesPrice.objects.exists()


def test_a_sku_shared_by_two_remote_products_fails_the_second_and_keeps_the_first_link(storefront, remote):
    remote.products.update(
        {
            "1": {"id": "1", "sku": "A", "name": "First"},
            "2": {"id": "2", "sku": "B", "name": "Beta"},
            "3": {"id": "3", "sku": "A", "name": "Second with the same SKU"},  # next page
        }
    )

    process = run(storefront)

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 2, 1)
    error = process.item_errors.get()
    assert error.raw_record["id"] == "3"
    assert "already linked to remote product 1" in error.message
    assert RemoteProduct.objects.get(local_instance__sku="A").remote_id == "1"
