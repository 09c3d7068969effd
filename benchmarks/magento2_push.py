"""Benchmark the Magento 2 push: `.venv/bin/python benchmarks/magento2_push.py [--listings 1000 --configurables 300]`.

Seeds the demo catalog (`seed_demo_catalog`: simple products, configurables with their variations,
bundles, 1-3 images each, properties, en + de + ...) into a throwaway SQLite database, starts a
Magento 2 sandbox store whose host limiter allows 4 requests/s (429 with Retry-After beyond) and whose
bulk consumer processes each bulk `--consumer-delay` seconds after it was accepted, connects a channel
through the real OAuth 1.0a credentials check (metadata pulled) and pushes every listing with the task
runner a worker uses (`execute_sync_tasks` on batches of the spec's `max_batch_size`), polling the
vendor jobs (`execute_job_poll`) as the scheduled polls would, in this process.

With `--deployed` (`benchmarks/deployed.py`) it runs as deployed instead: PostgreSQL (`DATABASE_URL`,
e.g. `.../bench_deployed_magento`), Redis-backed Huey (`REDIS_URL`, e.g. `.../10`) and `--workers`
consumer processes that run the tasks and the scheduled bulk-status polls, sharing the channel's
throttle through Redis.

Prints, for the creation: vendor calls per listing (bulk requests, status polls and the attribute and
option creations included; target <= 0.1), wall seconds, budget use (calls per second / the 4/s
limit), the share of calls the limiter refused (429), failures (target 0), the calls by route; then a
resync of the unchanged catalog (target: zero calls).
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

DEFAULT_LISTINGS = 1000
DEFAULT_CONFIGURABLES = 300
LIMIT_PER_SECOND = 4.0


class DisableMigrations:
    """MIGRATION_MODULES value that makes `migrate --run-syncdb` create every table from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=DEFAULT_LISTINGS)
    parser.add_argument("--configurables", type=int, default=None, help="Default: 30%% of the listings.")
    parser.add_argument("--consumer-delay", type=float, default=1.0, help="Seconds before the consumer runs a bulk.")
    deployed.add_arguments(parser)
    args = parser.parse_args(argv)
    deployed.check_arguments(parser, args)
    if args.configurables is None:
        args.configurables = round(args.listings * DEFAULT_CONFIGURABLES / DEFAULT_LISTINGS)
    return args


def _setup(*, workdir: Path, as_deployed: bool) -> None:
    if as_deployed:  # PostgreSQL and Redis from the environment, recreated empty (benchmarks/deployed.py)
        deployed.configure(media_root=str(workdir / "media"))
        deployed.reset()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'magento2-push.sqlite3'}"
        os.environ.setdefault("ONESILA_MEDIA_ROOT", str(workdir / "media"))
    import django  # noqa: PLC0415 - Django is set up for the throwaway database first
    from django.conf import settings  # noqa: PLC0415

    settings.MEDIA_ROOT = str(workdir / "media")
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


def _listings(company_id: int) -> list[int]:
    from products.models import ConfigurableVariation, Product  # noqa: PLC0415

    variations = set(
        ConfigurableVariation.objects.filter(multi_tenant_company_id=company_id).values_list("variation_id", flat=True)
    )
    ids = Product.objects.filter(multi_tenant_company_id=company_id).values_list("pk", flat=True)
    return [pk for pk in ids if pk not in variations]


def _queue(*, runner, channel, view, usage: str, listings: list[int]) -> None:
    from sales_channels.flows.default import assign_products  # noqa: PLC0415
    from sales_channels.flows.queue import TaskRequest  # noqa: PLC0415

    assign_products(view=view, product_ids=listings, queue=False)
    requests = (
        TaskRequest(
            company_id=channel.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            view_id=None,
            usage=usage,
            object_id=pk,
        )
        for pk in listings
    )
    runner.queue(requests)


def drain(*, channel) -> None:
    """Run due tasks in batches and poll due vendor jobs until nothing is pending or open."""
    from django.utils import timezone  # noqa: PLC0415

    from sales_channels.models import RemoteJob, SyncTask  # noqa: PLC0415
    from sales_channels.models.jobs import OPEN_JOB_STATUSES  # noqa: PLC0415
    from sales_channels.models.tasks import PENDING_STATUSES  # noqa: PLC0415
    from sales_channels.registry import spec_for_channel  # noqa: PLC0415
    from sales_channels.tasks import execute_job_poll, execute_sync_tasks  # noqa: PLC0415

    batch = spec_for_channel(channel).capabilities.max_batch_size
    pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
    jobs = RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES)
    while pending.exists() or jobs.exists():
        now = timezone.now()
        due = list(pending.filter(next_run_at__isnull=True).order_by("id").values_list("pk", flat=True))
        due += list(pending.filter(next_run_at__lte=now).order_by("id").values_list("pk", flat=True))
        for start in range(0, len(due), batch):
            execute_sync_tasks(sync_task_ids=due[start : start + batch])
        polled = [
            execute_job_poll(job_id=pk, now=now)
            for pk in jobs.filter(next_poll_at__lte=now).values_list("pk", flat=True)
        ]
        if not due and not any(polled):
            time.sleep(0.2)


def _routes(requests: list[dict]) -> dict[str, int]:
    counted = Counter()
    for entry in requests:
        route = entry["path"].split("/V1/", 1)[-1]
        head = "/".join(part for part in route.split("/")[:2] if not any(c.isdigit() for c in part) or len(part) < 6)
        prefix = "bulk:" if "/async/bulk/" in entry["path"] else ""
        counted[f"{entry['method']} {prefix}{head}"] += 1
    return dict(counted.most_common())


def main(argv: list[str] | None = None) -> int:
    return deployed.run_in_workdir(args=_parse(argv), prefix="magento2-push-", setup=_setup, run=_run)


def _run(args: argparse.Namespace) -> int:
    from benchmarks.deployed_workers import TaskRunner, reset_throttle  # noqa: PLC0415 - imports models
    from core.models import MultiTenantCompany  # noqa: PLC0415
    from products.demo.seeder import seed_demo_catalog  # noqa: PLC0415
    from products.models import Product  # noqa: PLC0415
    from sales_channels.integrations.magento2.demo_sandbox import sandbox_channel  # noqa: PLC0415
    from sales_channels.integrations.magento2.models import Magento2StoreView  # noqa: PLC0415
    from sales_channels.integrations.magento2.sandbox import Magento2Sandbox  # noqa: PLC0415
    from sales_channels.models import SyncTask  # noqa: PLC0415

    seeded = seed_demo_catalog(
        company_name="Magento benchmark", listings=args.listings, configurables=args.configurables
    )
    company = MultiTenantCompany.objects.get(pk=seeded.company_id)
    kinds = Counter(Product.objects.filter(multi_tenant_company=company).values_list("type", flat=True))
    print(f"seeded {sum(kinds.values())} products in {seeded.listings} listings: {dict(kinds)}", flush=True)
    with (
        Magento2Sandbox(seed_products=False, consumer_delay=args.consumer_delay) as sandbox,
        TaskRunner(args=args, name="magento2") as runner,
    ):
        print(runner.describe(), flush=True)
        channel = sandbox_channel(company=company, sandbox=sandbox, name="Benchmark store")
        # a little under the host's limit, so its limiter has nothing to refuse
        channel.requests_per_second, channel.burst = LIMIT_PER_SECOND * 0.9, 2
        channel.save()
        reset_throttle(key=channel.throttle_key)  # the connect ran at the sandbox's pace
        sandbox.limit(requests_per_second=LIMIT_PER_SECOND)
        view = Magento2StoreView.objects.get(sales_channel=channel, is_default=True)
        listings = _listings(company.pk)
        sandbox.requests.clear()
        refused_before = sandbox.limiter.throttled
        _queue(runner=runner, channel=channel, view=view, usage="product.create", listings=listings)
        started = time.perf_counter()

        def progress() -> None:
            done = SyncTask.objects.filter(sales_channel=channel, status="succeeded").count()
            elapsed = time.perf_counter() - started
            print(
                f"  [{elapsed:6.0f}s] {done}/{len(listings)} listings done, {len(sandbox.requests)} calls", flush=True
            )

        runner.run(channel=channel, embedded=lambda: drain(channel=channel), progress=progress)
        wall = time.perf_counter() - started
        calls = len(sandbox.requests)
        refused = sandbox.limiter.throttled - refused_before
        failed = SyncTask.objects.filter(sales_channel=channel).exclude(status="succeeded")
        print(
            f"creation: {len(listings)} listings ({sum(kinds.values())} products) in {wall:.1f}s wall; "
            f"{calls} calls = {calls / len(listings):.3f} calls/listing (target <= 0.1); "
            f"budget use {calls / wall / LIMIT_PER_SECOND:.2f} of {LIMIT_PER_SECOND:.0f}/s; "
            f"throttled {refused} = {refused / max(1, calls + refused):.1%} of calls; failures {failed.count()}",
            flush=True,
        )
        for task in failed[:5]:
            print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")
        print(f"  calls by route: {_routes(sandbox.requests)}")
        print(f"  store: {len(sandbox.state.products)} products, {len(sandbox.state.bulks)} bulks")

        sandbox.requests.clear()
        _queue(runner=runner, channel=channel, view=view, usage="product.sync", listings=listings)
        started = time.perf_counter()
        runner.run(channel=channel, embedded=lambda: drain(channel=channel))
        resync_wall = time.perf_counter() - started
        print(f"resync of the unchanged catalog: {len(sandbox.requests)} calls in {resync_wall:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
