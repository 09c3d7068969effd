"""The Shopify push benchmark itself (Django configured): see `benchmarks/shopify_push.py` for what it measures."""

import argparse
import time
from decimal import Decimal

from django.db.models import F, Max, Min

from benchmarks.shopify_push import PointsByOperation, SpentPoints
from benchmarks.task_drain import drain
from core.models import MultiTenantCompany
from currencies.models import Currency
from products.demo.seeder import seed_demo_catalog
from products.models import ConfigurableVariation, Product
from sales_channels.flows.default import assign_products
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.integrations.shopify.factories.sales_channels.tokens import store_token_answer
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.models import RemoteCurrency, RemoteJob, RemoteLanguage, SalesChannelView, SyncTask
from sales_prices.models import SalesPrice


def connect(*, sandbox, company, bulk_threshold: int = 0):
    """A channel of the seeded company on the sandbox, with its languages, currency, location and view."""
    state = sandbox.state
    channel = ShopifySalesChannel(
        multi_tenant_company=company,
        name="Benchmark shop",
        shop_domain=sandbox.shop,
        base_url=sandbox.base_url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        connection_status="connected",
        primary_location_id=next(iter(state.locations.values())).gid,
        shop_currency="EUR",
        bulk_threshold=bulk_threshold,  # 0: the live path (the benchmarks measure it unless asked)
    )
    store_token_answer(channel=channel, answer=sandbox.issue_access_token())
    channel.save()
    for code in ("en", "nl"):
        RemoteLanguage.objects.update_or_create(
            sales_channel=channel,
            remote_code=code,
            view=None,
            defaults={"multi_tenant_company": company, "local_instance": code},
        )
    euro = Currency.objects.filter(multi_tenant_company=company, iso_code="EUR").first()
    if euro is not None:
        RemoteCurrency.objects.update_or_create(
            sales_channel=channel,
            remote_code="EUR",
            view=None,
            defaults={"multi_tenant_company": company, "local_instance": euro},
        )
    online = next(p for p in state.publications.values() if p.title == "Online Store")
    view, _ = SalesChannelView.objects.get_or_create(
        sales_channel=channel, remote_id=online.gid, defaults={"multi_tenant_company": company, "name": "Online Store"}
    )
    return channel, view


def queue_listings(*, channel, view, usage: str) -> int:
    company_id = channel.multi_tenant_company_id
    variations = set(
        ConfigurableVariation.objects.filter(multi_tenant_company_id=company_id).values_list("variation_id", flat=True)
    )
    listings = [
        pk
        for pk in Product.objects.filter(multi_tenant_company_id=company_id).values_list("pk", flat=True)
        if pk not in variations
    ]
    assign_products(view=view, product_ids=listings, queue=False)
    queue_tasks(
        (
            TaskRequest(company_id=company_id, sales_channel_id=channel.pk, view_id=None, usage=usage, object_id=pk)
            for pk in listings
        ),
        enqueue=False,
    )
    return len(listings)


def _graphql_calls(sandbox) -> int:
    return sum(1 for entry in sandbox.request_log if entry["path"].endswith("graphql.json"))


def _operations(sandbox) -> dict[str, int]:
    found: dict[str, int] = {}
    for entry in sandbox.request_log:
        if entry["path"].endswith("graphql.json"):
            found[entry["operation"] or "?"] = found.get(entry["operation"] or "?", 0) + 1
    return dict(sorted(found.items(), key=lambda item: -item[1]))


def _change_one_field(*, company) -> None:
    """Lower the price of every listing (a configurable's first variation): one field per listing."""

    first_variation: dict[int, int] = {}
    for parent, variation in (
        ConfigurableVariation.objects.filter(multi_tenant_company=company)
        .order_by("parent_id", "variation_id")
        .values_list("parent_id", "variation_id")
    ):
        first_variation.setdefault(parent, variation)
    variations = set(
        ConfigurableVariation.objects.filter(multi_tenant_company=company).values_list("variation_id", flat=True)
    )
    listings = Product.objects.filter(multi_tenant_company=company).exclude(pk__in=variations)
    targets = [first_variation.get(pk, pk) for pk in listings.values_list("pk", flat=True)]
    SalesPrice.objects.filter(product_id__in=targets, price__gt=Decimal("1")).update(price=F("price") - Decimal("0.5"))


def _phase(*, name: str, sandbox, spent, listings: int, wall: float, rate: float, by_operation=None) -> None:
    calls = _graphql_calls(sandbox)
    throttled = spent.throttled + sum(1 for entry in sandbox.request_log if entry["status"] == 429)
    print(
        f"{name}: {calls} calls = {calls / listings:.2f} calls/listing, {spent.points:.0f} pts = "
        f"{spent.points / listings:.1f} pts/listing, {wall:.1f}s = {listings / wall:.1f} listings/s, "
        f"budget use {spent.points / wall / rate:.2f} "
        f"(throttled: {throttled} = {throttled / max(calls, 1):.1%} of calls)",
        flush=True,
    )
    print(f"  calls by operation: {_operations(sandbox)}", flush=True)
    if by_operation is not None:
        print(f"  points per listing by operation: {by_operation.per_listing(listings)}", flush=True)


def _bulk_report(*, channel, started: float) -> None:
    """For the bulk path: how long the bulk mutations ran and when every listing was bound."""

    jobs = RemoteJob.objects.filter(sales_channel=channel, kind="products_set_bulk")
    if not jobs.exists():
        return
    span = jobs.aggregate(first=Min("created_at"), last=Max("finished_at"))
    created = SyncTask.objects.filter(sales_channel=channel, usage="product.create")
    bound = created.aggregate(last=Max("finished_at"))["last"]
    follow_ups = SyncTask.objects.filter(sales_channel=channel, usage="product.update").count()
    print(
        f"  bulk: {jobs.count()} bulk mutation(s) ran {(span['last'] - span['first']).total_seconds():.1f}s; "
        f"every listing bound {bound.timestamp() - started:.1f}s after the push started "
        f"(then the translation follow-ups: {follow_ups} tasks)"
    )


def run(args: argparse.Namespace) -> int:
    """Seed the catalog, push it to a sandbox, resync it and update one field: print each phase's figures."""
    result = seed_demo_catalog(
        company_name="Shopify benchmark",
        products=args.products,
        listings=args.listings,
        configurables=args.configurables,
    )
    company = MultiTenantCompany.objects.get(pk=result.company_id)
    kinds = dict.fromkeys(("SIMPLE", "CONFIGURABLE", "BUNDLE"), 0)
    for kind in Product.objects.filter(multi_tenant_company=company).values_list("type", flat=True):
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"seeded {sum(kinds.values())} products in {result.listings} listings: {kinds}", flush=True)
    with ShopifySandbox(seed_products=False) as sandbox:
        spent = SpentPoints(sandbox.bucket)
        by_operation = PointsByOperation(sandbox.endpoint)
        rate = sandbox.bucket.restore_rate
        channel, view = connect(sandbox=sandbox, company=company, bulk_threshold=args.bulk_threshold)
        print(f"path: {'bulk (threshold ' + str(args.bulk_threshold) + ')' if args.bulk_threshold else 'live'}")
        sandbox.request_log.clear()
        by_operation.points.clear()
        listings = queue_listings(channel=channel, view=view, usage="product.create")
        started, started_at = time.perf_counter(), time.time()

        def progress() -> None:
            elapsed = time.perf_counter() - started
            tasks = SyncTask.objects.filter(sales_channel=channel)
            done = tasks.filter(status="succeeded").count()
            failed_now = tasks.filter(status="failed").count()
            print(
                f"  [{elapsed:7.0f}s] {done}/{listings} listings done, {failed_now} failed, "
                f"{_graphql_calls(sandbox)} calls, {spent.points:.0f} pts "
                f"({spent.points / elapsed / rate:.2f} of the restore rate)",
                flush=True,
            )

        drain(channel=channel, progress=progress, every=args.progress_every)
        wall = time.perf_counter() - started
        total = sum(kinds.values())
        failed = SyncTask.objects.filter(sales_channel=channel, status="failed")
        deferrals = SyncTask.objects.filter(sales_channel=channel).exclude(attempts__lte=1).count()
        print(f"push: {listings} listings ({total} products) in {wall:.1f}s wall")
        _phase(
            name="creation",
            sandbox=sandbox,
            spent=spent,
            listings=listings,
            wall=wall,
            rate=rate,
            by_operation=by_operation,
        )
        steady = max(0.0, spent.points - sandbox.bucket.size) / wall / rate
        print(f"  budget use without the initial full bucket ({sandbox.bucket.size:.0f} pts): {steady:.2f}")
        print(f"  failures: {failed.count()}  (tasks retried: {deferrals})")
        _bulk_report(channel=channel, started=started_at)
        for task in failed[:5]:
            print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")
        print(f"  sandbox: {sandbox.counts()}")

        for label in (
            "first resync (reads the status of media still processing)",
            "resync of the unchanged catalog",
        ):
            sandbox.request_log.clear()
            queue_listings(channel=channel, view=view, usage="product.sync")
            started = time.perf_counter()
            drain(channel=channel)
            resync_wall = time.perf_counter() - started
            print(f"{label}: {_graphql_calls(sandbox)} calls {_operations(sandbox)} in {resync_wall:.1f}s")

        _change_one_field(company=company)
        sandbox.request_log.clear()
        spent.points, spent.throttled = 0.0, 0
        by_operation.points.clear()
        queue_listings(channel=channel, view=view, usage="product.sync")
        started = time.perf_counter()
        drain(channel=channel)
        wall = time.perf_counter() - started
        _phase(
            name="update of one field (a price)",
            sandbox=sandbox,
            spent=spent,
            listings=listings,
            wall=wall,
            rate=rate,
            by_operation=by_operation,
        )
        print(f"  failures: {SyncTask.objects.filter(sales_channel=channel, status='failed').count()}", flush=True)
    return 0
