"""Benchmark the eBay push: `.venv/bin/python benchmarks/ebay_push.py [--listings 1000 --configurables 300]`.

One marketplace (EBAY_DE, the demo catalog's euro prices), the issue's mix by default: 1,000 listings
(top-level products: what a buyer sees as one eBay listing), 300 of them configurables (inventory item
groups) with 2-6 variations each (`--variations 2-6`; the variations come on top of the 1,000, each one
an inventory item and an offer of its own), the rest simple products and bundles. Starts the eBay sandbox,
seeds the demo catalog into a throwaway SQLite database, connects a channel through the real
consent flow, assigns every listing to the marketplace and pushes them with the task runner a worker
uses (batches of the spec's `max_batch_size`; deferred tasks wait for their `next_run_at`).

Prints for the creation, the resync of the unchanged catalog and a price and quantity change of
every listing: calls per listing (targets: <= 0.3 on creation, 0 on resync, <= 0.05 for the change),
the fewest calls eBay's API allows for the seeded catalog (25 SKUs per bulk call; a group needs its own
write and its own publish), the calls by operation, the failures (target 0), the 429s, and the
sandbox's daily quota use per API (never exceeded). Calls count every Sell and Commerce API call
(inventory, account, identity, taxonomy; not OAuth). Listings go under "Everything Else > Other"
(no required aspects: the demo catalog's properties carry no German aspect names).

With `--deployed` (`benchmarks/deployed.py`) it runs as deployed instead: PostgreSQL (`DATABASE_URL`,
e.g. `.../bench_deployed_ebay`), Redis-backed Huey (`REDIS_URL`, e.g. `.../12`) and `--workers`
consumer processes (`benchmarks/deployed_workers.py`) that run every task and share the channel's
throttle through Redis; the public URL of the stored images is shared with them. Each phase then also
prints the span the workers were busy (without the queue's debounce and pick-up) and the throttled
share of the requests (the integration's bar: at most 1 %).
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import deployed  # noqa: E402 - after the path is set; it imports nothing of the project
from benchmarks.shopify_push import DisableMigrations  # noqa: E402 - after the path is set

DEFAULT_LISTINGS = 1000
DEFAULT_CONFIGURABLE_SHARE = 0.3
MARKETPLACE = "EBAY_DE"
LEAF_CATEGORY = "88433"
BULK = 25
PUBLIC_URL = "https://cdn.onesila.example"  # eBay fetches images over HTTPS


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=DEFAULT_LISTINGS, help="Top-level products (default 1000).")
    parser.add_argument("--configurables", type=int, default=None, help="Configurables among them (default 30%%).")
    parser.add_argument("--variations", default="2-6", help="Variations per configurable, low-high (default 2-6).")
    deployed.add_arguments(parser)
    args = parser.parse_args(argv)
    deployed.check_arguments(parser, args)
    low, _, high = args.variations.partition("-")
    args.variations = (int(low), int(high or low))
    if args.configurables is None:
        args.configurables = round(args.listings * DEFAULT_CONFIGURABLE_SHARE)
    return args


def _setup(*, workdir: Path, as_deployed: bool) -> None:
    if as_deployed:  # PostgreSQL and Redis from the environment, recreated empty (benchmarks/deployed.py)
        deployed.configure(media_root=str(workdir / "media"))
        deployed.reset()
        deployed.share_settings(ONESILA_PUBLIC_URL=PUBLIC_URL)  # the workers build the image URLs too
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'ebay-push.sqlite3'}"
        os.environ.setdefault("ONESILA_MEDIA_ROOT", str(workdir / "media"))
    import django  # noqa: PLC0415 - configured from the environment set just above
    from django.conf import settings  # noqa: PLC0415 - as above

    settings.MEDIA_ROOT = str(workdir / "media")
    settings.ONESILA_PUBLIC_URL = PUBLIC_URL
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()

    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


def _api_calls(sandbox) -> Counter:
    found: Counter = Counter()
    for entry in sandbox.request_log:
        path = entry["path"]
        if path.startswith(("/sell/", "/commerce/")):
            found[f"{entry['method']} {path.split('/v1/', 1)[-1].split('/')[0]}"] += 1
    return found


def _queue(*, runner, channel, view, usage: str) -> int:
    """Assign every listing to the marketplace and queue `usage` for each (for the workers when deployed)."""
    from products.models import ConfigurableVariation, Product  # noqa: PLC0415 - after django.setup()
    from sales_channels.flows.default import assign_products  # noqa: PLC0415
    from sales_channels.flows.queue import TaskRequest  # noqa: PLC0415

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
    runner.queue(
        TaskRequest(company_id=company_id, sales_channel_id=channel.pk, view_id=view.pk, usage=usage, object_id=pk)
        for pk in listings
    )
    return len(listings)


def _change_price_and_quantity(*, company) -> None:
    from decimal import Decimal  # noqa: PLC0415

    from django.db.models import F  # noqa: PLC0415 - after django.setup()

    from inventory.models import Inventory  # noqa: PLC0415
    from sales_prices.models import SalesPrice  # noqa: PLC0415

    SalesPrice.objects.filter(multi_tenant_company=company, price__gt=Decimal("1")).update(
        price=F("price") - Decimal("0.5")
    )
    Inventory.objects.filter(multi_tenant_company=company).update(quantity=F("quantity") + 1)


def _fewest(*, simple: int, groups: int, variations: int) -> dict[str, int]:
    """The fewest calls eBay's API allows: 25 SKUs per bulk call; a group's write and publish are one call each."""
    skus = simple + variations
    return {
        "creation": 2 * -(-skus // BULK) + -(-simple // BULK) + 2 * groups,
        "price and quantity change of every listing": -(-skus // BULK),
    }


def _phase(
    *, name: str, sandbox, listings: int, wall: float, failed: int, busy: float | None, fewest: int | None = None
) -> None:
    calls = _api_calls(sandbox)
    total = sum(calls.values())
    requests = len(sandbox.request_log)
    throttled = sum(1 for entry in sandbox.request_log if entry["status"] == 429)
    bound = f" (fewest eBay allows: {fewest} = {fewest / listings:.3f})" if fewest is not None else ""
    print(
        f"{name}: {total} calls = {total / listings:.3f} calls/listing{bound}, {wall:.1f}s, "
        f"{failed} failed, {throttled} answered 429 (throttled share {throttled / max(requests, 1):.2%} "
        f"of {requests} requests)",
        flush=True,
    )
    if busy is not None:
        print(f"  workers busy {busy:.1f}s (first task claimed to last finished)", flush=True)
    print(f"  calls by operation: {dict(calls.most_common())}", flush=True)


def main(argv: list[str] | None = None) -> int:
    return deployed.run_in_workdir(args=_parse(argv), prefix="ebay-push-", setup=_setup, run=_run)


def _run(args: argparse.Namespace) -> int:  # noqa: PLR0915 - one linear scenario, printed as it goes
    from benchmarks.deployed_workers import TaskRunner  # noqa: PLC0415 - imports models
    from benchmarks.task_drain import drain  # noqa: PLC0415 - after django.setup()
    from core.models import MultiTenantCompany  # noqa: PLC0415 - after django.setup()
    from products.demo import plan  # noqa: PLC0415
    from products.demo.seeder import seed_demo_catalog  # noqa: PLC0415
    from products.models import Product  # noqa: PLC0415
    from sales_channels.integrations.ebay.demo import give_https_images  # noqa: PLC0415
    from sales_channels.integrations.ebay.factories.sales_channels.connect import (  # noqa: PLC0415
        connect_via_oauth,
    )
    from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel  # noqa: PLC0415
    from sales_channels.integrations.ebay.sandbox import EbaySandbox  # noqa: PLC0415
    from sales_channels.models import SyncTask  # noqa: PLC0415

    plan.MIN_VARIATIONS, plan.MAX_VARIATIONS = args.variations
    result = seed_demo_catalog(company_name="eBay benchmark", listings=args.listings, configurables=args.configurables)
    company = MultiTenantCompany.objects.get(pk=result.company_id)
    kinds = Counter(Product.objects.filter(multi_tenant_company=company).values_list("type", flat=True))
    print(f"seeded {sum(kinds.values())} products in {result.listings} listings: {dict(kinds)}", flush=True)
    groups = kinds.get(Product.CONFIGURABLE, 0)
    variations = sum(kinds.values()) - result.listings
    fewest = _fewest(simple=result.listings - groups, groups=groups, variations=variations)
    with EbaySandbox(seed_items=False) as sandbox, TaskRunner(args=args, name="ebay") as runner:
        print(runner.describe(), flush=True)
        channel = EbaySalesChannel.objects.create(
            multi_tenant_company=company,
            name="Benchmark seller",
            base_url=sandbox.base_url,
            client_id=sandbox.client_id,
            client_secret=sandbox.client_secret,
            runame=sandbox.runame,
            marketplace_ids=[MARKETPLACE],
        )
        connect_via_oauth(channel=channel)
        view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id=MARKETPLACE)
        view.category_id = LEAF_CATEGORY
        view.save()

        top_level = list(
            Product.objects.filter(multi_tenant_company=company, parent_links__isnull=True).values_list("pk", flat=True)
        )
        given = give_https_images(channel=channel, product_ids=top_level)
        print(f"{given} listings had no image at all: each got a placeholder HTTPS image on this channel", flush=True)

        def push(*, name: str, usage: str, fewest: int | None = None) -> None:
            sandbox.request_log.clear()
            listings = _queue(runner=runner, channel=channel, view=view, usage=usage)
            started = time.perf_counter()
            runner.run(channel=channel, embedded=lambda: drain(channel=channel))
            wall = time.perf_counter() - started
            failed = SyncTask.objects.filter(sales_channel=channel, status="failed")
            _phase(
                name=name,
                sandbox=sandbox,
                listings=listings,
                wall=wall,
                failed=failed.count(),
                busy=runner.busy_seconds(channel=channel),
                fewest=fewest,
            )
            for task in failed[:5]:
                print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")

        push(name="creation", usage="product.create", fewest=fewest["creation"])
        print(f"  sandbox: {sandbox.counts()}", flush=True)
        push(name="resync of the unchanged catalog", usage="product.sync")
        _change_price_and_quantity(company=company)
        push(
            name="price and quantity change of every listing",
            usage="price.update",
            fewest=fewest["price and quantity change of every listing"],
        )
        quotas = {api: f"{sandbox.calls_today(api)}/{limit}" for api, limit in sandbox.quotas.items()}
        print(f"daily quota use: {quotas}; token grants {sandbox.oauth.grants_used_today()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
