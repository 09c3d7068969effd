"""Benchmark the sales-channel framework: `.venv/bin/python benchmarks/framework_push.py [--products 10000] [--batch]`.

Pushes a catalog (simple products and configurables with variations, each with a name, a price,
stock and, for one in ten, an image) through the fake storefront integration with the task
runner a worker uses (`execute_sync_tasks` on batches of `max_batch_size` pending tasks, exactly
what `run_sync_batch` does), then resyncs the unchanged catalog. Runs under
`OneSila.settings.agent` on a throwaway SQLite file (tables created from the models, as the test
suite does), or on `DATABASE_URL`'s server in Django's test database (dropped after).

Prints, for the push of N products: ORM queries per product (target: constant, at most 10),
framework CPU per product (process time minus the fake vendor's, target under 2 ms), and for the
resync: remote calls (target 0) and wall seconds (target under 10 s). Peak Python heap
(tracemalloc) is measured on separate pushes of N/10 and N products: it should not grow with N.

With `--batch` the catalog goes through the fake *batch* vendor instead (batch steps, 100
listings a call): pushes of N/10 and N products print vendor calls per listing (target at most
0.02, plus the calls of each finished job), queries per product (at most 10, flat in N) and
framework CPU per product; the unchanged resync makes zero calls; a push through the vendor's
asynchronous jobs prints submit, poll and report calls per job.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal

import bench_setup  # first: sets up Django before the models below are imported

# isort: split
from django.db import connection
from django.utils import timezone

from core.models import MultiTenantCompany
from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import ConfigurableVariation, Product, ProductTranslation
from sales_channels.flows.default import assign_products
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.models import RemoteJob, RemoteProduct, SalesChannel, SalesChannelView, SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import spec_for_channel
from sales_channels.tasks import execute_job_poll, execute_sync_tasks
from sales_channels.tests.fake.batch_spec import BATCH, BATCH_JOBS, FakeBatchBackend, register_fake_batch
from sales_channels.tests.fake.remote import FakeBackend
from sales_channels.tests.fake.spec import STOREFRONT, register_fake
from sales_prices.models import SalesPrice

VARIATIONS = 4
BATCH_PEAKS: list[int] = []  # heap peak above the start of each worker batch, while tracing


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000, help="Products to push, variations included.")
    parser.add_argument("--skip-memory", action="store_true", help="Skip the two traced pushes (faster).")
    parser.add_argument("--batch", action="store_true", help="Push through the fake batch vendor (batch steps, jobs).")
    return parser.parse_args(argv)


def seed(*, name: str, products: int, integration: str = ""):
    """A company, its storefront and `products` products (a third in configurables), made with bulk_create."""
    company = MultiTenantCompany.objects.create(name=name, language="en", languages=["en"])
    currency = Currency.objects.create(
        multi_tenant_company=company, iso_code="EUR", name="Euro", symbol="E", is_default_currency=True
    )
    location = InventoryLocation.objects.create(multi_tenant_company=company, name="Main")
    channel = SalesChannel.objects.create(
        multi_tenant_company=company, name=f"{name} shop", integration=integration or STOREFRONT
    )
    view = SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="web", name="Web", is_default=True
    )
    families = products // (3 * (VARIATIONS + 1))
    simples = products - families * (VARIATIONS + 1)
    rows = [Product(multi_tenant_company=company, sku=f"S{n}") for n in range(simples)]
    for family in range(families):
        rows.append(Product(multi_tenant_company=company, sku=f"C{family}", type=Product.CONFIGURABLE))
        rows += [Product(multi_tenant_company=company, sku=f"C{family}-{v}") for v in range(VARIATIONS)]
    Product.objects.bulk_create(rows, batch_size=1000)
    by_sku = dict(Product.objects.filter(multi_tenant_company=company).values_list("sku", "pk"))
    stocked = [pid for sku, pid in by_sku.items() if not sku.startswith("C") or "-" in sku]
    ProductTranslation.objects.bulk_create(
        [
            ProductTranslation(multi_tenant_company=company, product_id=pid, language="en", name=f"Product {sku}")
            for sku, pid in by_sku.items()
        ],
        batch_size=1000,
    )
    SalesPrice.objects.bulk_create(
        [
            SalesPrice(multi_tenant_company=company, product_id=pid, currency=currency, price=Decimal("9.95"))
            for pid in stocked
        ],
        batch_size=1000,
    )
    Inventory.objects.bulk_create(
        [Inventory(multi_tenant_company=company, product_id=pid, location=location, quantity=5) for pid in stocked],
        batch_size=1000,
    )
    ConfigurableVariation.objects.bulk_create(
        [
            ConfigurableVariation(
                multi_tenant_company=company, parent_id=by_sku[f"C{family}"], variation_id=by_sku[f"C{family}-{v}"]
            )
            for family in range(families)
            for v in range(VARIATIONS)
        ],
        batch_size=1000,
    )
    imaged = list(by_sku.values())[::10]
    Media.objects.bulk_create(
        [Media(multi_tenant_company=company, source_url=f"https://img.example.com/{name}/{pid}.png") for pid in imaged],
        batch_size=1000,
    )
    media = dict(Media.objects.filter(multi_tenant_company=company).values_list("source_url", "pk"))
    MediaProductThrough.objects.bulk_create(
        [
            MediaProductThrough(
                multi_tenant_company=company,
                product_id=pid,
                media_id=media[f"https://img.example.com/{name}/{pid}.png"],
                is_main_image=True,
            )
            for pid in imaged
        ],
        batch_size=1000,
    )
    listings = [pid for sku, pid in by_sku.items() if "-" not in sku]
    assign_products(view=view, product_ids=listings, queue=False)
    return channel, len(by_sku), listings


def queue_listings(*, channel, listings: list[int], usage: str) -> None:
    """Pending tasks for every listing, as flows create them (not handed to the immediate queue)."""
    queue_tasks(
        (
            TaskRequest(
                company_id=channel.multi_tenant_company_id,
                sales_channel_id=channel.pk,
                view_id=None,
                usage=usage,
                object_id=pid,
            )
            for pid in listings
        ),
        enqueue=False,
    )


def drain(*, channel) -> int:
    """What workers do: run the pending tasks in batches until none is left; returns the tasks run."""
    batch = spec_for_channel(channel).capabilities.max_batch_size
    pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
    ids = list(pending.order_by("id").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        if tracemalloc.is_tracing():
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
        execute_sync_tasks(sync_task_ids=ids[start : start + batch])
        if tracemalloc.is_tracing():
            BATCH_PEAKS.append(tracemalloc.get_traced_memory()[1] - before)
    failed = SyncTask.objects.filter(sales_channel=channel, status="failed").count()
    if failed:
        raise RuntimeError(f"{failed} tasks failed: {SyncTask.objects.filter(status='failed').first().error}")
    return len(ids)


def measured_push(*, channel, listings: list[int], usage: str, backend, traced: bool = False) -> dict[str, float]:
    """Queue a task per listing, then drain the queue measuring queries, CPU, wall time and calls (and heap)."""
    remote = backend.remote(channel)
    calls, remote_cpu = remote.total_calls, remote.cpu_seconds
    queue_listings(channel=channel, listings=listings, usage=usage)
    if traced:
        BATCH_PEAKS.clear()
        tracemalloc.start()
    counter = bench_setup.QueryCounter()
    with connection.execute_wrapper(counter):
        cpu, wall = time.process_time(), time.perf_counter()
        drain(channel=channel)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    current = tracemalloc.get_traced_memory()[0] if traced else 0
    tracemalloc.stop()
    return {
        "heap_retained": current / 2**20,
        "heap_batch_peak": max(BATCH_PEAKS, default=0) / 2**20,
        "heap_batch_median": statistics.median(BATCH_PEAKS or [0]) / 2**20,
        "queries": counter.count,
        "cpu": cpu - (remote.cpu_seconds - remote_cpu),
        "wall": wall,
        "remote_calls": remote.total_calls - calls,
    }


def traced_push(*, name: str, products: int, backend) -> dict[str, float]:
    """Python heap figures (MiB) while workers push a fresh catalog of `products` (queued first).

    A batch peak is what one worker batch allocated above what was allocated when it started:
    the framework's working set (median and max over the batches). `retained` is what is still
    allocated after the push: the fake vendor's state (it keeps every remote id and SKU), which
    grows with N by design.
    """
    channel, _, listings = seed(name=name, products=products)
    backend.remote(channel).lean = True
    return measured_push(channel=channel, listings=listings, usage="product.create", backend=backend, traced=True)


def listing_count(*, channel) -> int:
    return RemoteProduct.objects.filter(sales_channel=channel).count()


def batch_push(*, name: str, products: int, backend) -> dict[str, float]:
    """Push a fresh catalog through the batch vendor, then resync it unchanged; figures per product and listing."""
    channel, count, listings = seed(name=name, products=products, integration=BATCH)
    backend.remote(channel).lean = True
    push = measured_push(channel=channel, listings=listings, usage="product.create", backend=backend)
    mirrors = listing_count(channel=channel)
    resync = measured_push(channel=channel, listings=listings, usage="product.sync", backend=backend)
    return {
        "products": count,
        "listings": mirrors,
        "calls": push["remote_calls"],
        "calls per listing": push["remote_calls"] / mirrors,
        "queries per product": push["queries"] / count,
        "cpu ms per product": push["cpu"] * 1000 / count,
        "wall": push["wall"],
        "resync calls": resync["remote_calls"],
        "resync queries per product": resync["queries"] / count,
    }


def job_push(*, name: str, products: int, backend) -> dict[str, float]:
    """Push a catalog through the vendor's asynchronous jobs and poll them to the end (as the job runner does)."""
    channel, count, listings = seed(name=name, products=products, integration=BATCH_JOBS)
    remote = backend.remote(channel)
    remote.lean = True
    remote.job_polls = 1  # the report is ready at the first poll (a job usually is, by the poll's delay)
    queue_listings(channel=channel, listings=listings, usage="product.sync")
    drain(channel=channel)
    at = timezone.now()
    while RemoteJob.objects.filter(sales_channel=channel, status__in=("submitted", "running")).exists():
        at += timedelta(minutes=10)
        for job_id in RemoteJob.objects.filter(sales_channel=channel).values_list("pk", flat=True):
            execute_job_poll(job_id=job_id, now=at)
    jobs = RemoteJob.objects.filter(sales_channel=channel).count()
    succeeded = SyncTask.objects.filter(sales_channel=channel, status="succeeded").count()
    if succeeded != len(listings):
        raise RuntimeError(f"{len(listings) - succeeded} job tasks did not succeed")
    return {
        "listings": len(listings),
        "jobs": jobs,
        "calls per job": remote.total_calls / jobs,
        "calls per listing": remote.total_calls / len(listings),
    }


def run_batch(*, options: argparse.Namespace, backend) -> dict[str, object]:
    batch_backend = FakeBatchBackend()
    register_fake_batch(batch_backend)
    figures: dict[str, object] = {"database": connection.vendor}
    for label, size in (("SmallBatch", max(100, options.products // 10)), ("LargeBatch", options.products)):
        result = batch_push(name=label, products=size, backend=batch_backend)
        prefix = f"batch push of {result['products']}"
        figures[f"{prefix}: listings"] = result["listings"]
        figures[f"{prefix}: vendor calls"] = result["calls"]
        figures[f"{prefix}: calls per listing"] = result["calls per listing"]
        figures[f"{prefix}: queries per product"] = result["queries per product"]
        figures[f"{prefix}: framework CPU ms/product"] = result["cpu ms per product"]
        figures[f"{prefix}: wall seconds"] = result["wall"]
        figures[f"{prefix}: unchanged resync calls"] = result["resync calls"]
        figures[f"{prefix}: resync queries per product"] = result["resync queries per product"]
    jobs = job_push(name="Jobs", products=max(100, options.products // 10), backend=batch_backend)
    figures[f"job push of {jobs['listings']} listings: jobs"] = jobs["jobs"]
    figures[f"job push of {jobs['listings']} listings: calls per job"] = jobs["calls per job"]
    figures[f"job push of {jobs['listings']} listings: calls per listing"] = jobs["calls per listing"]
    return figures


def run(*, options: argparse.Namespace) -> dict[str, object]:
    original_name = bench_setup.create_tables()
    backend = FakeBackend()
    register_fake(backend)
    try:
        if options.batch:
            return run_batch(options=options, backend=backend)
        channel, count, listings = seed(name="Bench", products=options.products)
        backend.remote(channel).lean = True
        push = measured_push(channel=channel, listings=listings, usage="product.create", backend=backend)
        resync = measured_push(channel=channel, listings=listings, usage="product.sync", backend=backend)
        figures: dict[str, object] = {
            "database": connection.vendor,
            "products (variations incl.)": count,
            "listings (tasks)": len(listings),
            "push wall seconds": push["wall"],
            "push remote calls": push["remote_calls"],
            "push queries per product": push["queries"] / count,
            "push framework CPU ms/product": push["cpu"] * 1000 / count,
            "resync wall seconds": resync["wall"],
            "resync remote calls": resync["remote_calls"],
            "resync queries per product": resync["queries"] / count,
            "resync framework CPU ms/product": resync["cpu"] * 1000 / count,
        }
        if not options.skip_memory:
            for label, size in (("Small", max(10, options.products // 10)), ("Large", options.products)):
                heap = traced_push(name=label, products=size, backend=backend)
                figures[f"push of {size}: batch heap peak MiB, median"] = heap["heap_batch_median"]
                figures[f"push of {size}: batch heap peak MiB, max"] = heap["heap_batch_peak"]
                figures[f"push of {size}: retained MiB (fake vendor)"] = heap["heap_retained"]
    finally:
        bench_setup.drop_tables(original_name=original_name)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per figure."""
    options = _parse(argv)
    figures = run(options=options)
    for name, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        print(f"{name:>36}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
