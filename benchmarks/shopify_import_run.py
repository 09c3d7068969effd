"""The Shopify import benchmark itself (Django configured): see `benchmarks/shopify_import.py`."""

import time

from django.db import connection

from core.models import MultiTenantCompany
from currencies.models import Currency
from sales_channels.integrations.shopify.factories.sales_channels.tokens import store_token_answer
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.errors import UserErrors
from sales_channels.integrations.shopify.sandbox.product_apply import apply_product_set
from sales_channels.integrations.shopify.sandbox.product_set import check_product_set
from sales_channels.models import ImportProcess, SalesChannelView
from sales_channels.tasks import execute_import


def _fill(sandbox, count: int) -> None:
    state = sandbox.state
    location = next(iter(state.locations.values())).gid
    for number in range(count):
        stock = [{"locationId": location, "name": "available", "quantity": number % 7}]
        if number % 3 == 2:
            options = [("Size", ("S", "M")), ("Color", ("Red", "Blue"))]
            variants = [
                {
                    "optionValues": [{"optionName": "Size", "name": s}, {"optionName": "Color", "name": c}],
                    "price": "19.00",
                    "inventoryItem": {"sku": f"BENCH-{number:05d}-{s}-{c}", "tracked": True},
                    "inventoryQuantities": stock,
                }
                for s in ("S", "M")
                for c in ("Red", "Blue")
            ]
        else:
            options = [("Title", ("Default Title",))]
            variants = [
                {
                    "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                    "price": "9.50",
                    "inventoryItem": {"sku": f"BENCH-{number:05d}", "tracked": True},
                    "inventoryQuantities": stock,
                }
            ]
        data = {
            "title": f"Benchmark product {number}",
            "handle": f"bench-{number}",
            "productType": "Bench",
            "productOptions": [{"name": n, "values": [{"name": v} for v in values]} for n, values in options],
            "variants": variants,
            "files": [{"originalSource": f"https://cdn.example.com/bench-{number}.jpg", "contentType": "IMAGE"}],
        }
        errors = UserErrors()
        specs = check_product_set(state, None, data, errors)
        if errors:
            raise SystemExit(f"sandbox refused product {number}: {errors}")
        apply_product_set(state, None, data, specs)


class QueryCounter:
    """Counts every database query while installed (`connection.execute_wrapper`)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _run(*, sandbox, kind: str, company_name: str, expected: int) -> None:

    company = MultiTenantCompany.objects.create(name=company_name, language="en")
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)
    channel = ShopifySalesChannel(
        multi_tenant_company=company,
        name="Import benchmark",
        shop_domain=sandbox.shop,
        base_url=sandbox.base_url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        connection_status="connected",
        shop_currency="EUR",
    )
    store_token_answer(channel=channel, answer=sandbox.issue_access_token())
    channel.save()
    SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="online", name="Online"
    )
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=channel, kind=kind)
    sandbox.request_log.clear()
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        while True:
            execute_import(import_process_id=process.pk)
            process.refresh_from_db()
            if process.status not in ("pending", "running"):
                break
            time.sleep(0.05)  # a bulk query still running: the task layer deferred the import
    wall = time.perf_counter() - started
    calls = sum(1 for entry in sandbox.request_log if entry["path"].endswith("graphql.json"))
    print(
        f"{kind}: {process.status}, {process.created_count} created, {process.failed_count} failed, "
        f"{process.warning_count} warnings, total {process.total} (sandbox holds {expected})"
    )
    print(
        f"  wall {wall:.1f}s, {counter.count} queries ({counter.count / expected:.1f} per product), "
        f"{calls} GraphQL calls"
    )


def run(*, products: int) -> int:
    """Fill a sandbox with `products`, then import them paginated and in bulk, each into its own company."""
    with ShopifySandbox(seed_products=False) as sandbox:
        _fill(sandbox, products)
        expected = sandbox.product_count
        _run(sandbox=sandbox, kind="products", company_name="Paginated import", expected=expected)
        _run(sandbox=sandbox, kind="products_bulk", company_name="Bulk import", expected=expected)
    return 0
