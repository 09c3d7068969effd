"""Benchmark the Amazon push: `.venv/bin/python benchmarks/amazon_push.py [--listings 1000 --parents 300]`.

One marketplace (Amazon.com on the sandbox), `--listings` listings of which `--parents` are
configurables with 2-6 children each (the children come on top), all of one product type (SHIRT) with
a mapped brand and colour. Phases, each timed and counted at the sandbox:

1. initial load through the feed path (JSON_LISTINGS_FEED as the framework's vendor job; the sandbox
   processes a feed in `--feed-seconds` plus `--seconds-per-message`, a realistic pace scaled down):
   vendor calls besides the getFeed polls (target: at most 10), polls, wall seconds, failures;
2. resync of the unchanged catalog (target: zero calls);
3. `--changes` live price and stock changes through patchListingsItem (one PATCH each, the usage plan's
   5 requests/s): wall seconds and budget use = PATCHes per second / 5 (target >= 0.9), throttled share.

Runs in a throwaway SQLite database with the task runner a worker uses (`execute_sync_tasks`,
`execute_job_poll`), one process. With `--deployed` (`benchmarks/deployed.py`) it runs as deployed
instead: PostgreSQL (`DATABASE_URL`, e.g. `.../bench_deployed_amazon`), Redis-backed Huey (`REDIS_URL`,
e.g. `.../10`) and `--workers` consumer processes that run the tasks and the scheduled getFeed polls
(every 2 s here, shared with them) and share the usage plan's budget through Redis.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import deployed  # noqa: E402 - after the path is set; it imports nothing of the project

PATCH_RATE = 5.0
FEED_POLL_SECONDS = 2.0


class DisableMigrations:
    """MIGRATION_MODULES value that makes `migrate --run-syncdb` create every table from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1000, help="Top-level listings (default 1000).")
    parser.add_argument("--parents", type=int, default=300, help="Configurables among them (default 300).")
    parser.add_argument("--changes", type=int, default=500, help="Live price/stock changes (default 500).")
    parser.add_argument("--feed-seconds", type=float, default=20.0, help="Sandbox feed processing base time.")
    parser.add_argument("--seconds-per-message", type=float, default=0.01, help="Sandbox processing per message.")
    deployed.add_arguments(parser)
    args = parser.parse_args(argv)
    deployed.check_arguments(parser, args)
    return args


def _setup(*, workdir: Path, as_deployed: bool) -> None:
    if as_deployed:  # PostgreSQL and Redis from the environment, recreated empty (benchmarks/deployed.py)
        deployed.configure(media_root=str(workdir / "media"))
        deployed.reset()
        deployed.share_settings(AMAZON_FEED_POLL_SECONDS=FEED_POLL_SECONDS)  # the workers poll the feed too
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'amazon-push.sqlite3'}"
    import django  # noqa: PLC0415 - Django is configured by this script first
    from django.conf import settings  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    settings.MIGRATION_MODULES = DisableMigrations()
    settings.AMAZON_FEED_POLL_SECONDS = FEED_POLL_SECONDS
    call_command("migrate", run_syncdb=True, verbosity=0)


def _catalog(*, company, shirts, listings: int, parents: int) -> list:
    """The listings: `parents` configurables with 2-6 children, the rest simple products."""
    from products.models import ConfigurableVariation  # noqa: PLC0415
    from sales_channels.tests import catalog  # noqa: PLC0415
    from sales_channels.tests.marketplace_catalog import set_select, set_text  # noqa: PLC0415

    chooser = random.Random(7)
    top = []
    for index in range(listings):
        if index < parents:
            parent = catalog.product(company, f"P{index:04}", kind="CONFIGURABLE")
            set_select(company, parent, shirts["types"], shirts["shirts"])
            set_text(company, parent, shirts["brand"], "Acme")
            for child_index in range(chooser.randint(2, 6)):
                child = catalog.product(company, f"P{index:04}-{child_index}", price="17.00", stock=5)
                set_text(company, child, shirts["brand"], "Acme")
                set_select(company, child, shirts["color"], shirts["colors"][child_index])
                ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=child)
            top.append(parent)
        else:
            item = catalog.product(company, f"S{index:04}", price="19.99", stock=8)
            set_select(company, item, shirts["types"], shirts["shirts"])
            set_text(company, item, shirts["brand"], "Acme")
            set_select(company, item, shirts["color"], shirts["colors"][index % 6])
            top.append(item)
    return top


def _drain(*, channel) -> None:
    """Run pending tasks and poll open feeds until nothing is left."""
    from django.utils import timezone  # noqa: PLC0415

    from sales_channels.models import RemoteJob, SyncTask  # noqa: PLC0415
    from sales_channels.models.tasks import PENDING_STATUSES  # noqa: PLC0415
    from sales_channels.tasks import dispatch_due, execute_sync_tasks  # noqa: PLC0415
    from sales_channels.tasks_jobs import execute_job_poll  # noqa: PLC0415

    while True:
        now = timezone.now()
        pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
        due = list(pending.filter(next_run_at__isnull=True).values_list("pk", flat=True))
        due += list(pending.filter(next_run_at__lte=now).values_list("pk", flat=True))
        for start in range(0, len(due), 1000):
            execute_sync_tasks(sync_task_ids=due[start : start + 1000])
        jobs = RemoteJob.objects.filter(sales_channel=channel, status__in=("submitted", "running"))
        for job_id in jobs.filter(next_poll_at__lte=timezone.now()).values_list("pk", flat=True):
            execute_job_poll(job_id=job_id, force=True)
        if not due and not jobs.exists() and not pending.exists():
            return
        if not due:
            time.sleep(0.5)
            dispatch_due(now=timezone.now())


def _calls(sandbox, *, exclude: tuple[str, ...] = ()) -> dict[str, int]:
    found: dict[str, int] = {}
    for entry in sandbox.request_log:
        operation = entry["operation"] or "?"
        if operation not in exclude:
            found[operation] = found.get(operation, 0) + 1
    return found


def main(argv: list[str] | None = None) -> int:
    return deployed.run_in_workdir(args=_parse(argv), prefix="amazon-push-", setup=_setup, run=_run)


def _run(args: argparse.Namespace) -> int:  # noqa: PLR0915 - one linear scenario, printed as it goes
    from decimal import Decimal  # noqa: PLC0415

    from benchmarks.deployed_workers import TaskRunner  # noqa: PLC0415 - imports models
    from core.models import MultiTenantCompany  # noqa: PLC0415
    from inventory.models import Inventory  # noqa: PLC0415
    from properties.models import Property  # noqa: PLC0415
    from sales_channels.flows.default import assign_products, resync_products  # noqa: PLC0415
    from sales_channels.flows.queue import TaskRequest  # noqa: PLC0415
    from sales_channels.integrations.amazon.factories.connect import connect_via_consent  # noqa: PLC0415
    from sales_channels.integrations.amazon.factories.metadata import import_product_type  # noqa: PLC0415
    from sales_channels.integrations.amazon.models import AmazonSalesChannel  # noqa: PLC0415
    from sales_channels.integrations.amazon.sandbox import AmazonSandbox  # noqa: PLC0415
    from sales_channels.marketplaces.mapping import map_product_type  # noqa: PLC0415
    from sales_channels.models import SyncTask  # noqa: PLC0415
    from sales_channels.tests import catalog  # noqa: PLC0415
    from sales_channels.tests.marketplace_catalog import (  # noqa: PLC0415
        product_type_property,
        prop,
        select_value,
    )
    from sales_prices.models import SalesPrice  # noqa: PLC0415

    company = MultiTenantCompany.objects.create(name="Amazon benchmark")
    catalog.currency(company, iso="USD")
    with AmazonSandbox(seed=False) as sandbox, TaskRunner(args=args, name="amazon") as runner:
        print(runner.describe(), flush=True)
        sandbox.feeds.processing_seconds = args.feed_seconds
        sandbox.feeds.seconds_per_message = args.seconds_per_message
        channel = AmazonSalesChannel.objects.create(
            multi_tenant_company=company,
            name="Amazon benchmark",
            base_url=sandbox.base_url,
            lwa_url=sandbox.base_url,
            consent_url=sandbox.base_url,
            application_id=sandbox.lwa.application_id,
            lwa_client_id=sandbox.lwa.client_id,
            lwa_client_secret=sandbox.lwa.client_secret,
        )
        connect_via_consent(channel=channel)
        view = channel.views.get(remote_id="ATVPDKIKX0DER")
        types = product_type_property(company)
        color = prop(company, "color", kind=Property.Type.SELECT, name="Colour")
        shirts = {
            "types": types,
            "shirts": select_value(company, types, "T-Shirts"),
            "brand": prop(company, "brand", name="Brand"),
            "color": color,
            "colors": [
                select_value(company, color, name) for name in ("Red", "Blue", "Green", "Black", "White", "Grey")
            ],
        }
        schema = import_product_type(channel=channel, view=view, product_type="SHIRT").schema
        map_product_type(view=view, local_product_type=shirts["shirts"], schema=schema)
        top = _catalog(company=company, shirts=shirts, listings=args.listings, parents=args.parents)
        print(f"seeded {len(top)} listings ({args.parents} configurables) for one marketplace", flush=True)

        sandbox.request_log.clear()
        started = time.perf_counter()
        assign_products(view=view, product_ids=[item.pk for item in top], queue=False)
        runner.queue(
            TaskRequest(
                company_id=company.pk,
                sales_channel_id=channel.pk,
                view_id=view.pk,
                usage="product.sync",
                object_id=item.pk,
            )
            for item in top
        )
        runner.run(channel=channel, embedded=lambda: _drain(channel=channel))
        wall = time.perf_counter() - started
        calls = _calls(sandbox, exclude=("getFeed",))
        polls = _calls(sandbox).get("getFeed", 0)
        stored = sandbox.listings.count()
        failed = SyncTask.objects.filter(sales_channel=channel, status="failed").count()
        print(
            f"initial load: {len(top)} listings ({stored} SKUs incl. children) in {wall:.1f}s wall, "
            f"{sum(calls.values())} vendor calls besides {polls} getFeed polls {calls}, failures {failed}",
            flush=True,
        )

        sandbox.request_log.clear()
        resync_products(channel=channel)
        runner.run(channel=channel, embedded=lambda: _drain(channel=channel))
        print(f"resync of the unchanged catalog: {len(sandbox.request_log)} calls", flush=True)

        simples = [item for item in top if not item.is_configurable][: args.changes]
        half = len(simples) // 2
        SalesPrice.objects.filter(product__in=simples[:half]).update(price=Decimal("21.50"))
        Inventory.objects.filter(product__in=simples[half:]).update(quantity=3)
        sandbox.request_log.clear()
        started = time.perf_counter()
        runner.queue(
            [
                TaskRequest(
                    company_id=company.pk,
                    sales_channel_id=channel.pk,
                    view_id=view.pk,
                    usage="price.update" if index < half else "stock.update",
                    object_id=item.pk,
                )
                for index, item in enumerate(simples)
            ]
        )
        runner.run(channel=channel, embedded=lambda: _drain(channel=channel))
        wall = time.perf_counter() - started
        calls = _calls(sandbox)
        patches = calls.get("patchListingsItem", 0)
        throttled = sum(1 for entry in sandbox.request_log if entry["status"] == 429)
        failed = SyncTask.objects.filter(sales_channel=channel, status="failed").count()
        print(
            f"live changes: {len(simples)} (price {half}, stock {len(simples) - half}) through patchListingsItem: "
            f"{patches} PATCHes in {wall:.1f}s = {patches / wall:.2f}/s, "
            f"budget use {patches / wall / PATCH_RATE:.2f}, "
            f"throttled {throttled} ({throttled / max(1, sum(calls.values())):.1%}), failures {failed}",
            flush=True,
        )
        busy = runner.busy_seconds(channel=channel)
        if busy:
            print(
                f"  workers busy {busy:.1f}s (first task claimed to last finished, without the queue's debounce "
                f"and pick-up): budget use {patches / busy / PATCH_RATE:.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
