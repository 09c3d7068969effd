"""The push of `benchmarks/throttle_workers.py`, loaded once Django is set up (it imports models at its top)."""

import argparse
import random
import threading
import time

from django.db import connection, connections
from django.utils import timezone

from benchmarks.shopify_push import SpentPoints, _connect, _queue
from core.models import MultiTenantCompany
from products.demo.seeder import seed_demo_catalog
from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.models import SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import spec_for_channel
from sales_channels.tasks import execute_sync_tasks
from sales_channels.throttle import redis_url


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

        setattr(VendorSession, "wait_for_budget", counted)  # noqa: B010 - the benchmark patches the class it measures


def _worker(*, channel_id: int, index: int, workers: int, batch: int, errors: list) -> None:
    """One worker: run the due pending tasks of the channel (its share of them) until none is left."""
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


def run(*, args: argparse.Namespace) -> None:
    """Seed, connect, push with `args.workers` threads sharing one budget, and print the figures."""
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
