"""Benchmark the WooCommerce push: `.venv/bin/python benchmarks/woocommerce_push.py [--listings 1000 --variable 300]`.

The issue's mix by default: 1,000 listings, 300 of them variable products with 2-6 variations each
(over one global attribute, Size), the rest simple products, each listing with a price, stock and one
image. Starts a WooCommerce sandbox store (over HTTP on 127.0.0.1) whose host limiter answers 429
past 5 requests per second (the channel's own throttle is set to the same 5 requests/s), connects
through the real key check, seeds the catalog into a throwaway SQLite database and pushes it with the
task runner a worker uses (`execute_sync_tasks` on batches of the spec's `max_batch_size`,
`dispatch_due` for deferred tasks), in this process.

With `--deployed` (`benchmarks/deployed.py`) it runs as deployed instead: PostgreSQL (`DATABASE_URL`,
e.g. `.../bench_deployed_woo`), Redis-backed Huey (`REDIS_URL`, e.g. `.../10`) and `--workers`
consumer processes that share the channel's throttle through Redis.
The store accepts image URLs without downloading them (nothing is served for the seeded URLs).

Prints, for the creation: listings, wall seconds, listings per second, vendor calls per listing
(target <= 0.4: ceil(N/100) product batches plus one variations batch per variable product), the
calls by route, the budget use (calls per second divided by the 5/s limit, target >= 0.9), the
share of calls the store throttled (429) and the failures (target 0); then the resync of the
unchanged catalog (target: zero calls).
"""

import argparse
import random
import time

import bench_setup  # first: sets up Django (embedded, or --deployed) before the models below are imported

# isort: split
from django.conf import settings
from django.db import transaction

from benchmarks import deployed
from benchmarks.deployed_workers import TaskRunner
from benchmarks.task_drain import drain
from core.models import MultiTenantCompany
from products.models import ConfigurableVariation, Product
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property
from sales_channels.flows.default import assign_products
from sales_channels.flows.queue import TaskRequest
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import connect_with_keys
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox, accept_http_urls
from sales_channels.models import SalesChannelView, SyncTask
from sales_channels.tests import catalog

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
    deployed.add_arguments(parser)
    args = parser.parse_args(argv)
    if not 0 <= args.variable <= args.listings:
        parser.error("--variable must be between 0 and --listings")
    deployed.check_arguments(parser, args)
    return args


def seed(*, listings: int, variable: int, rng: random.Random):
    """The company and its catalog: `variable` variable products (2-6 sizes each), the rest simple ones."""
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
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company, name="Benchmark store", store_url=sandbox.base_url
    )
    key, secret = sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
    channel.refresh_from_db()
    return channel, SalesChannelView.objects.get(sales_channel=channel)


def queue(*, runner: TaskRunner, channel, view, usage: str) -> int:
    """Assign every listing to the view and queue `usage` for each (for the workers when deployed)."""
    company_id = channel.multi_tenant_company_id
    children = set(ConfigurableVariation.objects.values_list("variation_id", flat=True))
    listings = [pk for pk in Product.objects.filter(multi_tenant_company_id=company_id).values_list("pk", flat=True)]
    listings = [pk for pk in listings if pk not in children]
    assign_products(view=view, product_ids=listings, queue=False)
    requests = (
        TaskRequest(company_id=company_id, sales_channel_id=channel.pk, view_id=None, usage=usage, object_id=pk)
        for pk in listings
    )
    runner.queue(requests)
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
    original_name = bench_setup.create_tables()
    settings.WOOCOMMERCE_PUBLIC_BASE_URL = "http://127.0.0.1:9"  # no webhook receiver in a benchmark
    started = time.perf_counter()
    with transaction.atomic():  # one commit: SQLite syncs once, not once per row
        company, variations = seed(listings=args.listings, variable=args.variable, rng=rng)
    print(
        f"seeded {args.listings} listings ({args.variable} variable, {variations} variations) "
        f"in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    with (
        WooCommerceSandbox(seed_products=False, fetch_src=accept_http_urls, rate_limit=args.limit) as sandbox,
        TaskRunner(args=args, name="woocommerce") as runner,
    ):
        print(runner.describe(), flush=True)
        channel, view = connect(company=company, sandbox=sandbox)
        channel.requests_per_second, channel.burst = args.limit, max(1, int(args.limit))
        channel.save(update_fields=["requests_per_second", "burst"])
        sandbox.request_log.clear()
        listings = queue(runner=runner, channel=channel, view=view, usage="product.create")
        started = time.perf_counter()

        def progress() -> None:
            elapsed = time.perf_counter() - started
            done = SyncTask.objects.filter(sales_channel=channel, status="succeeded").count()
            print(f"  [{elapsed:6.0f}s] {done}/{listings} listings done, {len(sandbox.request_log)} requests")

        runner.run(
            channel=channel,
            embedded=lambda: drain(channel=channel, progress=progress, every=args.progress_every),
            progress=progress,
            every=args.progress_every,
        )
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
        busy = runner.busy_seconds(channel=channel)
        if busy:
            print(
                f"  workers busy {busy:.1f}s (first task claimed to last finished, without the queue's debounce "
                f"and pick-up): budget use {calls / busy / args.limit:.2f}"
            )
        print(f"  failures: {failed.count()}")
        for task in failed[:5]:
            print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")
        print(f"  store: {sandbox.counts()}", flush=True)

        sandbox.request_log.clear()
        queue(runner=runner, channel=channel, view=view, usage="product.sync")
        started = time.perf_counter()
        runner.run(channel=channel, embedded=lambda: drain(channel=channel))
        print(
            f"resync of the unchanged catalog: {len(sandbox.request_log)} calls "
            f"in {time.perf_counter() - started:.1f}s",
            flush=True,
        )
    bench_setup.drop_tables(original_name=original_name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
