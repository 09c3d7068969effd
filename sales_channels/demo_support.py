"""What every integration's demo (`make demo`) shares: the run's clock, the in-process task loop, the push, the
live price/stock change and the summary line.

A demo connects a channel to its vendor's sandbox, imports, pushes part of the demo catalog and changes one
price and one stock level live. The local settings use a SQLite-backed Huey; rather than need a worker, the
demos run the queued tasks and the vendor-job polls in-process through the framework's own entry points
(`execute_import`, `execute_sync_tasks`, `execute_job_poll`, `dispatch_due`), the code a worker runs.
Nothing here knows an integration: each demo keeps its connect step, its sandbox and how it reads a price
and a stock level back from it.
"""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from sales_channels.flows import default as flows
from sales_channels.models import (
    ImportProcess,
    RemoteCallLog,
    RemoteJob,
    RemoteProduct,
    SalesChannel,
    SalesChannelView,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import dispatch_due, execute_import, execute_job_poll, execute_sync_tasks
from sales_prices.models import SalesPrice

OUTCOMES = ("created", "linked", "updated", "unchanged", "failed")
PRICE_STEP = Decimal("1")
STOCK_STEP = 5
JOB_POLL_SECONDS = 0.2
LONGEST_WAIT_SECONDS = 5.0
SHORTEST_WAIT_SECONDS = 0.05
NOTHING_TO_CHANGE = "live change: no pushed product with price and stock"


class Writer(Protocol):
    """Where a demo prints its progress (a management command's stdout, a StringIO in tests)."""

    def write(self, msg: str, /) -> Any: ...


def say(stdout: Writer | None, message: str) -> None:
    """One indented progress line under the integration's name (nothing when there is no stdout)."""
    if stdout is not None:
        stdout.write(f"    {message}")


def forget_previous_run(*, channel: SalesChannel, also: Iterable[QuerySet[Any]] = ()) -> None:
    """A demo's sandbox starts fresh each run: cancel the channel's unfinished tasks and drop its mirrors.

    `also` are the integration's own rows to drop first (its variant mirrors, its vendor jobs).
    """
    SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES).update(status=SyncTaskStatus.CANCELLED)
    for rows in also:
        rows.delete()
    RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=False).delete()
    RemoteProduct.objects.filter(sales_channel=channel).delete()


def import_catalog(*, channel: SalesChannel) -> ImportProcess:
    """Import the vendor's catalog in-process (what the import task runs); the finished process."""
    process = ImportProcess.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel, kind="products"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def import_figures(process: ImportProcess) -> str:
    """`3 created, 0 linked, 0 failed` of an import process."""
    return f"{process.created_count} created, {process.linked_count} linked, {process.failed_count} failed"


def _next_wait_seconds(*, waiting: datetime | None, jobs_open: bool) -> float:
    if jobs_open or waiting is None:
        return JOB_POLL_SECONDS
    seconds = (waiting - timezone.now()).total_seconds()
    return min(LONGEST_WAIT_SECONDS, max(SHORTEST_WAIT_SECONDS, seconds))


def run_pending(*, channel: SalesChannel, deadline: float) -> None:
    """Run the channel's due tasks and poll its open vendor jobs in-process until nothing is left (or deadline).

    Deferred tasks run when their time comes; `deadline` is a `time.monotonic()` value.
    """
    while time.monotonic() < deadline:
        pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
        due = list(
            pending.filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=timezone.now())).values_list(
                "pk", flat=True
            )
        )
        if due:
            execute_sync_tasks(sync_task_ids=due)
        jobs = list(
            RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES).values_list("pk", flat=True)
        )
        for job_id in jobs:
            execute_job_poll(job_id=job_id, force=True)
        if due:
            continue
        waiting = pending.order_by("next_run_at").values_list("next_run_at", flat=True).first()
        if not jobs and not pending.exists():
            return
        wait = _next_wait_seconds(waiting=waiting, jobs_open=bool(jobs))
        time.sleep(max(0.0, min(wait, deadline - time.monotonic())))
        dispatch_due()


def demo_products(*, channel: SalesChannel, limit: int, product_type_ids: Iterable[int] | None = None) -> list[int]:
    """Top-level simple and configurable products of the demo catalog not imported from this channel.

    With `product_type_ids`, only products of those product types (property select values).
    """
    imported = RemoteProduct.objects.filter(sales_channel=channel).values_list("local_instance_id", flat=True)
    products = Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, active=True).filter(
        type__in=(Product.SIMPLE, Product.CONFIGURABLE), parent_links__isnull=True
    )
    if product_type_ids is not None:
        products = products.filter(product_properties__value_select_id__in=list(product_type_ids)).distinct()
    return list(products.exclude(pk__in=imported).order_by("id").values_list("pk", flat=True)[:limit])


def outcome_counts(*, task_ids: Iterable[int]) -> dict[str, int]:
    """How many of these tasks ended in each outcome; a task that did not succeed counts as failed."""
    rows = SyncTask.objects.filter(pk__in=list(task_ids))
    counts: dict[str, int] = dict(rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    unfinished = rows.exclude(status=SyncTaskStatus.SUCCEEDED).exclude(outcome="failed").count()
    counts["failed"] = counts.get("failed", 0) + unfinished
    return counts


def push(*, channel: SalesChannel, view: SalesChannelView, product_ids: list[int], deadline: float) -> dict[str, int]:
    """Assign the products to the view, queue a sync of each and run the tasks; counts by outcome."""
    flows.assign_products(view=view, product_ids=product_ids, queue=False)
    tasks = flows.resync_products(channel=channel, product_ids=product_ids)
    run_pending(channel=channel, deadline=deadline)
    return outcome_counts(task_ids=[task.pk for task in tasks])


def product_to_change(*, product_ids: Iterable[int] | QuerySet[Any], currency: str | None = None) -> Product | None:
    """The first simple product among these with stock and a price (in `currency` when given)."""
    ids = product_ids if isinstance(product_ids, QuerySet) else list(product_ids)
    products = Product.objects.filter(pk__in=ids, type=Product.SIMPLE, inventories__isnull=False)
    if currency:
        products = products.filter(sales_prices__currency__iso_code=currency)
    else:
        products = products.filter(sales_prices__isnull=False)
    return products.order_by("id").first()


def change_price_and_stock(
    *, channel: SalesChannel, product: Product, currency: str | None = None, deadline: float
) -> Decimal:
    """Raise the product's price by 1 and its stock by 5, then run the tasks that pushes queue; the new price."""
    prices = SalesPrice.objects.filter(product=product)
    price = (prices.filter(currency__iso_code=currency) if currency else prices).order_by("id").first()
    stock = Inventory.objects.filter(product=product).order_by("id").first()
    if price is None or stock is None:
        raise ValueError(f"{product.sku} has no price or no stock to change")
    price.price = (price.price or PRICE_STEP) + PRICE_STEP
    price.rrp = price.rrp if price.rrp is None or price.rrp >= price.price else price.price
    price.save()
    stock.quantity += STOCK_STEP
    stock.save()
    run_pending(channel=channel, deadline=deadline)
    return price.price


@dataclass(frozen=True)
class LiveChange:
    """A live price/stock change and what the vendor's sandbox holds after it (and before, when known)."""

    vendor: str
    sku: str
    price: Decimal
    remote_price: Decimal | None
    remote_stock: int | None
    remote_price_before: Decimal | None = None
    remote_stock_before: int | None = None

    @property
    def arrived(self) -> bool:
        """The vendor shows the new price (or, when its price before is known, a higher one)."""
        if self.remote_price is None:
            return False
        if self.remote_price_before is not None:
            return self.remote_price > self.remote_price_before
        return self.remote_price == self.price

    def line(self) -> str:
        """The demo's progress line for the change."""
        arrived = "arrived" if self.arrived else "NOT arrived"
        if self.remote_price_before is not None:
            return (
                f"live change on {self.sku}: price +{PRICE_STEP} {arrived} "
                f"({self.vendor} {self.remote_price_before} -> {self.remote_price}), "
                f"stock {self.remote_stock_before} -> {self.remote_stock}"
            )
        return (
            f"live change on {self.sku}: price {self.price} {arrived} ({self.vendor} {self.remote_price}), "
            f"stock now {self.remote_stock}"
        )


def live_change_read_back(
    *,
    channel: SalesChannel,
    vendor: str,
    product_ids: list[int],
    deadline: float,
    read_remote: Callable[[str], tuple[Decimal | None, int | None]],
) -> LiveChange | None:
    """Raise one pushed simple product's (or variation's) price by 1 and stock by 5, reading the vendor's
    (price, quantity) of its SKU with `read_remote` before and after; None when nothing pushed can change."""
    pushed = RemoteProduct.objects.filter(sales_channel=channel, status="synced")
    synced = pushed.filter(Q(local_instance_id__in=product_ids) | Q(parent__local_instance_id__in=product_ids))
    product = product_to_change(product_ids=synced.values("local_instance_id"))
    if product is None:
        return None
    price_before, stock_before = read_remote(product.sku)
    price = change_price_and_stock(channel=channel, product=product, deadline=deadline)
    price_after, stock_after = read_remote(product.sku)
    return LiveChange(
        vendor=vendor,
        sku=product.sku,
        price=price,
        remote_price=price_after,
        remote_stock=stock_after,
        remote_price_before=price_before,
        remote_stock_before=stock_before,
    )


def live_change_line(live: LiveChange | None) -> str:
    """The progress line of a live change, or that there was no product to change."""
    return NOTHING_TO_CHANGE if live is None else live.line()


def merged_counts(*, pushed: Mapping[str, int], imported: ImportProcess | None) -> dict[str, int]:
    """The push's counts by outcome with the import's created, linked and failed products added."""
    counts = {kind: pushed.get(kind, 0) for kind in OUTCOMES}
    if imported is not None:
        counts["created"] += imported.created_count
        counts["linked"] += imported.linked_count
        counts["failed"] += imported.failed_count
    return counts


def summary_line(*, counts: Mapping[str, int], calls: int, seconds: float) -> str:
    """`N created, N linked, N updated, N unchanged, N failed, N HTTP calls, S s`: a demo's summary."""
    figures = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in OUTCOMES)
    return f"{figures}, {calls} HTTP calls, {seconds:.1f} s"


@dataclass
class DemoRun:
    """One demo run's clock: its deadline for in-process tasks and the window its HTTP calls are counted in."""

    deadline_seconds: float
    started: float = field(default_factory=time.monotonic)
    since: datetime = field(default_factory=lambda: timezone.now() - timedelta(seconds=1))

    @property
    def deadline(self) -> float:
        """The `time.monotonic()` value after which in-process task loops give up."""
        return self.started + self.deadline_seconds

    def http_calls(self, *, channel: SalesChannel) -> int:
        """Vendor calls the channel's call log holds since the run started."""
        return RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=self.since).count()

    def summary(self, *, channel: SalesChannel, pushed: Mapping[str, int], imported: ImportProcess | None) -> str:
        """The run's summary line: outcomes of the import and the push, HTTP calls and seconds."""
        return summary_line(
            counts=merged_counts(pushed=pushed, imported=imported),
            calls=self.http_calls(channel=channel),
            seconds=time.monotonic() - self.started,
        )
