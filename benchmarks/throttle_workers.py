"""Push with several workers sharing one shop's budget: `.venv/bin/python benchmarks/throttle_workers.py`.

Seeds the demo catalog (`--listings 200`, 30 % configurables), starts a Shopify sandbox with the
Standard plan's budget (bucket 2,000 points, restore 100 points/s), connects a channel and pushes
every listing with `--workers 4` worker threads, each running due tasks in batches exactly like a
Huey worker (`execute_sync_tasks`, which claims tasks atomically, so two workers never run the
same one). Every worker has its own client and session; they share only the channel's throttle
bucket (Redis when `REDIS_URL` is set, else the database row) and its learnt per-document costs.

Prints the throttled share (THROTTLED answers / GraphQL calls, target <= 1 %), budget use (cost
points the sandbox actually charged per second / restore rate, target >= 0.9, also without the
initial full bucket), calls, tasks retried and failures.

Runs on a throwaway SQLite file by default; `--database-url postgres://.../net_bench` runs on a
PostgreSQL database you created (its tables are created with `migrate --run-syncdb`).
"""

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.shopify_push import DisableMigrations, SpentPoints, _connect, _queue  # noqa: E402


class ThrottledAnswers:
    """Counts the sandbox bucket's refusals: each one is a THROTTLED answer."""

    def __init__(self, bucket) -> None:
        self.count = 0
        self._lock = threading.Lock()
        take = bucket.take

        def counted(cost: float) -> bool:
            granted = take(cost)
            if not granted:
                with self._lock:
                    self.count += 1
            return granted

        bucket.take = counted


class BudgetWaits:
    """Adds up how long workers slept for their turn in the shared budget (`VendorSession.sleep`)."""

    def __init__(self) -> None:
        from sales_channels.http import VendorSession

        self.seconds = 0.0
        self._lock = threading.Lock()
        claim_wait = VendorSession.wait_for_budget
        waits = self

        def counted(session, throttle, cost):
            sleep = session.sleep

            def timed(seconds: float) -> None:
                with waits._lock:
                    waits.seconds += seconds
                sleep(seconds)

            session.sleep = timed
            try:
                return claim_wait(session, throttle, cost)
            finally:
                session.sleep = sleep

        VendorSession.wait_for_budget = counted


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=200, help="Top-level products to push (default 200).")
    parser.add_argument("--workers", type=int, default=4, help="Worker threads (default 4).")
    parser.add_argument("--database-url", default="", help="A PostgreSQL database you created (default: SQLite).")
    return parser.parse_args(argv)


def _setup(*, workdir: Path, database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.agent")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'throttle-workers.sqlite3'}"
    import django
    from django.conf import settings

    settings.MEDIA_ROOT = str(workdir / "media")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # As the settings configure a SQLite file (a URL gives neither): workers wait for the write lock.
        settings.DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    django.setup()
    from django.core.management import call_command

    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)


def _worker(*, channel_id: int, index: int, workers: int, batch: int, errors: list) -> None:
    """One worker: run the due pending tasks of the channel (its share of them) until none is left."""
    from django.db import connections
    from django.utils import timezone

    from sales_channels.models import SyncTask
    from sales_channels.models.tasks import PENDING_STATUSES
    from sales_channels.tasks import execute_sync_tasks

    pending = SyncTask.objects.filter(sales_channel_id=channel_id, status__in=PENDING_STATUSES)
    try:
        while pending.exists():
            now = timezone.now()
            due = list(pending.filter(next_run_at__isnull=True).order_by("id").values_list("pk", flat=True))
            due += list(pending.filter(next_run_at__lte=now).order_by("id").values_list("pk", flat=True))
            mine = due[index::workers] or due[:batch]
            if not mine:
                time.sleep(0.2)
                continue
            for start in range(0, len(mine), batch):
                execute_sync_tasks(sync_task_ids=mine[start : start + batch])
            time.sleep(random.uniform(0, 0.05))
    except Exception as error:  # noqa: BLE001 - reported in the summary, never swallowed
        errors.append(f"worker {index}: {type(error).__name__}: {error}")
    finally:
        connections.close_all()


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with tempfile.TemporaryDirectory(prefix="throttle-workers-") as tmp:
        _setup(workdir=Path(tmp), database_url=args.database_url)
        from django.db import connection

        from core.models import MultiTenantCompany
        from products.demo.seeder import seed_demo_catalog
        from sales_channels.integrations.shopify.sandbox import ShopifySandbox
        from sales_channels.models import SyncTask
        from sales_channels.registry import spec_for_channel
        from sales_channels.throttle import redis_url

        result = seed_demo_catalog(
            company_name=f"Throttle benchmark {time.time():.0f}",
            listings=args.listings,
            configurables=round(args.listings * 0.3),
        )
        company = MultiTenantCompany.objects.get(pk=result.company_id)
        store = "redis" if redis_url() else f"database ({connection.vendor})"
        print(f"seeded {result.listings} listings; throttle store: {store}; workers: {args.workers}", flush=True)
        with ShopifySandbox(seed_products=False) as sandbox:
            channel, view = _connect(sandbox=sandbox, company=company)
            sandbox.request_log.clear()
            sandbox.bucket.refill_fully()
            spent = SpentPoints(sandbox.bucket)
            throttled = ThrottledAnswers(sandbox.bucket)
            waits = BudgetWaits()
            listings = _queue(channel=channel, view=view, usage="product.create")
            batch = spec_for_channel(channel).capabilities.max_batch_size
            errors: list[str] = []
            started = time.perf_counter()
            threads = [
                threading.Thread(
                    target=_worker,
                    kwargs={
                        "channel_id": channel.pk,
                        "index": index,
                        "workers": args.workers,
                        "batch": batch,
                        "errors": errors,
                    },
                )
                for index in range(args.workers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            calls = sum(1 for entry in sandbox.request_log if entry["path"].endswith("graphql.json"))
            tasks = SyncTask.objects.filter(sales_channel=channel)
            failed = tasks.filter(status="failed")
            retried = tasks.filter(attempts__gt=1).count()
            rate = sandbox.bucket.restore_rate
            print(f"push: {listings} listings with {args.workers} workers in {wall:.1f}s")
            print(f"  graphql calls: {calls}, THROTTLED answers: {throttled.count}")
            print(f"  throttled share: {100 * throttled.count / max(1, calls):.2f} % (target <= 1 %)")
            print(f"  budget use: {spent.points / wall / rate:.2f} of the restore rate (target >= 0.9)")
            steady = max(0.0, spent.points - sandbox.bucket.size) / wall / rate
            print(f"  budget use without the initial full bucket: {steady:.2f}")
            worker_seconds = wall * args.workers
            print(f"  seconds waited for a turn in the budget: {waits.seconds:.1f} of {worker_seconds:.1f}")
            print(f"  tasks run more than once: {retried}, failed: {failed.count()}, worker errors: {len(errors)}")
            for task in failed[:5]:
                print(f"    {task.usage} #{task.object_id}: {task.error[:200]}")
            for error in errors[:5]:
                print(f"    {error}")
            print(f"  sandbox: {sandbox.counts()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
