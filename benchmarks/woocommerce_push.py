"""Benchmark the WooCommerce push: `.venv/bin/python benchmarks/woocommerce_push.py [--listings 1000 --variable 300]`.

The issue's mix by default: 1,000 listings, 300 of them variable products with 2-6 variations each
(over one global attribute, Size), the rest simple products, each listing with a price, stock and one
image. Starts a WooCommerce sandbox store whose host limiter answers 429 past 5 requests per second
(the channel's own throttle is set to the same 5 requests/s), connects through the real key check,
seeds the catalog into a throwaway SQLite database and pushes it with the task runner a worker uses
(`execute_sync_tasks` on batches of the spec's `max_batch_size`, `dispatch_due` for deferred tasks).
The store accepts image URLs without downloading them (nothing is served for the seeded URLs).

Prints, for the creation: listings, wall seconds, listings per second, vendor calls per listing
(target <= 0.4: ceil(N/100) product batches plus one variations batch per variable product), the
calls by route, the budget use (calls per second divided by the 5/s limit, target >= 0.9), the
share of calls the store throttled (429) and the failures (target 0); then the resync of the
unchanged catalog (target: zero calls).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.shopify_push import DisableMigrations  # noqa: E402 - after the path is set

DEFAULT_LISTINGS = 1000
DEFAULT_VARIABLE = 300
HOST_LIMIT = 5.0  # requests per second the sandbox host allows
SIZES = ("XS", "S", "M", "L", "XL", "XXL")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=DEFAULT_LISTINGS)
    parser.add_argument("--variable", type=int, default=DEFAULT_VARIABLE, help="Variable products among them.")
    parser.add_argument("--limit", type=float, default=HOST_LIMIT, help="The host's requests per second.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--progress-every", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not 0 <= args.variable <= args.listings:
        parser.error("--variable must be between 0 and --listings")
    return args


def _setup(*, workdir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'woocommerce-push.sqlite3'}"
    import django  # noqa: PLC0415 - Django is configured just above
    from django.conf import settings  # noqa: PLC0415 - same reason

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - same reason

    settings.MIGRATION_MODULES = DisableMigrations()
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = "http://127.0.0.1:9"  # no webhook receiver in a benchmark
    call_command("migrate", run_syncdb=True, verbosity=0)


def seed(*, listings: int, variable: int, rng: random.Random):
    """The company and its catalog: `variable` variable products (2-6 sizes each), the rest simple ones."""
    from core.models import MultiTenantCompany  # noqa: PLC0415 - Django is set up at run time
    from properties.models import (  # noqa: PLC0415 - same reason
        ProductPropertiesRule,
        ProductPropertiesRuleItem,
        ProductProperty,
        Property,
        PropertySelectValue,
        PropertySelectValueTranslation,
        PropertyTranslation,
    )
    from properties.product_types import ensure_product_type_property  # noqa: PLC0415 - same reason
    from sales_channels.tests import catalog  # noqa: PLC0415 - same reason

    company = MultiTenantCompany.objects.create(name="WooCommerce benchmark", language="en")
    catalog.currency(company)
    type_property = ensure_product_type_property(company=company)
    tee = PropertySelectValue.objects.create(multi_tenant_company=company, property=type_property)
    PropertySelectValueTranslation.objects.create(
        multi_tenant_company=company, select_value=tee, language="en", value="T-shirt"
    )
    size = Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name="size")
    PropertyTranslation.objects.create(multi_tenant_company=company, property=size, language="en", name="Size")
    options = {}
    for label in SIZES:
        options[label] = PropertySelectValue.objects.create(multi_tenant_company=company, property=size)
        PropertySelectValueTranslation.objects.create(
            multi_tenant_company=company, select_value=options[label], language="en", value=label
        )
    rule = ProductPropertiesRule.objects.create(multi_tenant_company=company, product_type=tee)
    ProductPropertiesRuleItem.objects.create(
        multi_tenant_company=company, rule=rule, property=size, type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
    )
    variations = 0
    for number in range(listings):
        sku = f"BENCH-{number:05d}"
        price = f"{rng.randint(5, 90)}.{rng.choice(('00', '50', '95'))}"
        if number < variable:
            sizes = rng.sample(SIZES, rng.randint(2, 6))
            parent = catalog.configurable(
                company, sku, variations=[f"{sku}-{s}" for s in sizes], price=price, stock=rng.randint(0, 40)
            )
            ProductProperty.objects.create(
                multi_tenant_company=company, product=parent, property=type_property, value_select=tee
            )
            for link in parent.variation_links.select_related("variation"):
                label = link.variation.sku.rsplit("-", 1)[-1]
                ProductProperty.objects.create(
                    multi_tenant_company=company, product=link.variation, property=size, value_select=options[label]
                )
            variations += len(sizes)
        else:
            parent = catalog.product(company, sku, name=f"Bench {number}", price=price, stock=rng.randint(0, 40))
        catalog.image(company, parent, url=f"https://images.example.com/{sku}.jpg", main=True)
    return company, variations


def connect(*, company, sandbox):
    """A channel connected with a key pair the store issued (checked with a read call, metadata pulled)."""
    from sales_channels.integrations.woocommerce.factories.sales_channels.connect import (  # noqa: PLC0415
        connect_with_keys,
    )
    from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel  # noqa: PLC0415
    from sales_channels.models import SalesChannelView  # noqa: PLC0415

    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company, name="Benchmark store", store_url=sandbox.base_url
    )
    key, secret = sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
    channel.refresh_from_db()
    return channel, SalesChannelView.objects.get(sales_channel=channel)


def queue(*, channel, view, usage: str) -> int:
    from products.models import ConfigurableVariation, Product  # noqa: PLC0415 - Django is set up at run time
    from sales_channels.flows.default import assign_products  # noqa: PLC0415 - same reason
    from sales_channels.flows.queue import TaskRequest, queue_tasks  # noqa: PLC0415 - same reason

    company_id = channel.multi_tenant_company_id
    children = set(ConfigurableVariation.objects.values_list("variation_id", flat=True))
    listings = [pk for pk in Product.objects.filter(multi_tenant_company_id=company_id).values_list("pk", flat=True)]
    listings = [pk for pk in listings if pk not in children]
    assign_products(view=view, product_ids=listings, queue=False)
    requests = (
        TaskRequest(company_id=company_id, sales_channel_id=channel.pk, view_id=None, usage=usage, object_id=pk)
        for pk in listings
    )
    queue_tasks(requests, enqueue=False)
    return len(listings)


def calls_by_route(sandbox) -> dict[str, int]:
    found: dict[str, int] = {}
    for entry in sandbox.request_log:
        if entry["status"] == 429:
            continue
        route = entry["route"]
        key = f"{entry['method']} {'products/{id}/variations/batch' if route.endswith('/variations/batch') else route}"
        found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items(), key=lambda item: -item[1]))


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="woocommerce-push-") as tmp:
        _setup(workdir=Path(tmp))
        from django.db import transaction  # noqa: PLC0415 - same reason

        from benchmarks.task_drain import drain  # noqa: PLC0415 - same reason
        from sales_channels.integrations.woocommerce.sandbox import (  # noqa: PLC0415 - Django is set up
            WooCommerceSandbox,
            accept_http_urls,
        )
        from sales_channels.models import SyncTask  # noqa: PLC0415 - same reason

        started = time.perf_counter()
        with transaction.atomic():  # one commit: SQLite syncs once, not once per row
            company, variations = seed(listings=args.listings, variable=args.variable, rng=rng)
        print(
            f"seeded {args.listings} listings ({args.variable} variable, {variations} variations) "
            f"in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
        with WooCommerceSandbox(seed_products=False, fetch_src=accept_http_urls, rate_limit=args.limit) as sandbox:
            channel, view = connect(company=company, sandbox=sandbox)
            channel.requests_per_second, channel.burst = args.limit, max(1, int(args.limit))
            channel.save(update_fields=["requests_per_second", "burst"])
            sandbox.request_log.clear()
            listings = queue(channel=channel, view=view, usage="product.create")
            started = time.perf_counter()

            def progress() -> None:
                elapsed = time.perf_counter() - started
                done = SyncTask.objects.filter(sales_channel=channel, status="succeeded").count()
                print(f"  [{elapsed:6.0f}s] {done}/{listings} listings done, {len(sandbox.request_log)} requests")

            drain(channel=channel, progress=progress, every=args.progress_every)
            wall = time.perf_counter() - started
            log = list(sandbox.request_log)
            throttled = sum(1 for entry in log if entry["status"] == 429)
            calls = len(log) - throttled
            failed = SyncTask.objects.filter(sales_channel=channel, status="failed")
            product_batches = sum(1 for entry in log if entry["route"] == "products/batch" and entry["status"] != 429)
            print(f"creation: {listings} listings in {wall:.1f}s = {listings / wall:.1f} listings/s")
            print(
                f"  {calls} vendor calls = {calls / listings:.3f} calls/listing "
                f"(bound: {-(-listings // 100)} product batches + {args.variable} variation batches = "
                f"{(-(-listings // 100) + args.variable) / listings:.3f}); {product_batches} product batches"
            )
            print(f"  calls by route: {calls_by_route(sandbox)}")
            print(
                f"  budget use {calls / wall / args.limit:.2f} of {args.limit:g} requests/s; "
                f"throttled by the store: {throttled} = {throttled / max(len(log), 1):.1%} of requests"
            )
            print(f"  failures: {failed.count()}")
            for task in failed[:5]:
                print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")
            print(f"  store: {sandbox.counts()}", flush=True)

            sandbox.request_log.clear()
            queue(channel=channel, view=view, usage="product.sync")
            started = time.perf_counter()
            drain(channel=channel)
            print(
                f"resync of the unchanged catalog: {len(sandbox.request_log)} calls "
                f"in {time.perf_counter() - started:.1f}s",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
