"""Issue 15 item 9 against the sandbox: a bulk import of more than one page of products, and counts checked."""

import pytest

from currencies.models import Currency
from products.models import Product
from sales_channels.integrations.shopify.sandbox.errors import UserErrors
from sales_channels.integrations.shopify.sandbox.product_apply import apply_product_set
from sales_channels.integrations.shopify.sandbox.product_set import check_product_set
from sales_channels.models import ImportProcess
from sales_channels.tasks import execute_import
from sales_channels.tests.http_support import refill_throttle

pytestmark = pytest.mark.django_db(transaction=True)

EXTRA_PRODUCTS = 300


def add_simple_products(sandbox, count: int) -> None:
    state = sandbox.state
    for number in range(count):
        data = {
            "title": f"Bulk product {number}",
            "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
            "variants": [
                {
                    "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                    "price": "3.00",
                    "inventoryItem": {"sku": f"BULK-{number:04d}", "tracked": True},
                }
            ],
        }
        errors = UserErrors()
        specs = check_product_set(state, None, data, errors)
        assert not errors, errors
        apply_product_set(state, None, data, specs)


def test_a_bulk_import_of_more_than_250_products_takes_them_all(shopify_channel, shopify_sandbox, company):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)
    add_simple_products(shopify_sandbox, EXTRA_PRODUCTS)
    expected = shopify_sandbox.product_count

    process = ImportProcess.objects.create(
        multi_tenant_company=company, sales_channel=shopify_channel, kind="products_bulk"
    )
    for _ in range(10):  # the stock reads spend the shop's cost budget: the import defers and resumes
        execute_import(import_process_id=process.pk)
        process.refresh_from_db()
        if process.status != "pending":
            break
        shopify_sandbox.bucket.refill_fully()  # time passes (what dispatch_due waits for)
        refill_throttle(key=shopify_channel.throttle_key)

    assert expected > 250
    assert (process.status, process.total, process.processed, process.failed_count) == (
        "succeeded",
        expected,
        expected,
        0,
    )
    assert Product.objects.filter(sku__startswith="BULK-").count() == EXTRA_PRODUCTS
