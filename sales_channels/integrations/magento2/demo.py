"""The Magento 2 demo (`make demo`): a sandbox store connected, imported, pushed through async bulk and changed live.

`run_magento2_demo(company=, stdout=)` starts a fresh sandbox on the fixed demo port (`make run`
serves it there too), points the company's "Magento 2 sandbox" channel at it and connects it with
the integration's OAuth 1.0a credentials (which pulls store views, locales, currencies, attribute
sets and attributes), imports the store's catalog, pushes part of the demo catalog (attributes and
options created on demand, products through the async bulk API), changes one price and one stock
level and reads both back. Tasks and vendor-job polls run in-process through the framework's own
entry points (`execute_import`, `execute_sync_tasks`, `execute_job_poll`), as a worker runs them.
"""

import time
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.demo_sandbox import sandbox_channel, sandbox_port
from sales_channels.integrations.magento2.models import Magento2SalesChannel, Magento2StoreView
from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.models import ImportProcess, RemoteCallLog, RemoteJob, RemoteProduct, SyncTask
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import dispatch_due, execute_import, execute_job_poll, execute_sync_tasks
from sales_prices.models import SalesPrice

PUSH_LIMIT = 40
TASK_DEADLINE_SECONDS = 90
OUTCOMES = ("created", "linked", "updated", "unchanged", "failed")


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"    {message}")


def run_pending(*, channel: Magento2SalesChannel, deadline: float) -> None:
    """Run the channel's due tasks and poll its open bulk jobs in-process until nothing is left."""
    while time.monotonic() < deadline:
        now = timezone.now()
        pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
        due = list(pending.filter(next_run_at__isnull=True).values_list("pk", flat=True))
        due += list(pending.filter(next_run_at__lte=now).values_list("pk", flat=True))
        if due:
            execute_sync_tasks(sync_task_ids=due)
        jobs = list(
            RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES).values_list("pk", flat=True)
        )
        for job_id in jobs:
            execute_job_poll(job_id=job_id, force=True)
        if not due and not jobs and not pending.exists():
            return
        if not due:
            time.sleep(0.2)
            dispatch_due()


def import_catalog(*, channel: Magento2SalesChannel) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel, kind="products"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def demo_products(*, channel: Magento2SalesChannel, limit: int) -> list[int]:
    """Top-level simple and configurable products of the demo catalog not imported from this store."""
    imported = RemoteProduct.objects.filter(sales_channel=channel).values_list("local_instance_id", flat=True)
    products = (
        Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, active=True)
        .filter(type__in=(Product.SIMPLE, Product.CONFIGURABLE), parent_links__isnull=True)
        .exclude(pk__in=imported)
        .order_by("id")
    )
    return list(products.values_list("pk", flat=True)[:limit])


def push(*, channel, view, product_ids: list[int], deadline: float) -> dict:
    flows.assign_products(view=view, product_ids=product_ids, queue=False)
    tasks = flows.resync_products(channel=channel, product_ids=product_ids)
    run_pending(channel=channel, deadline=deadline)
    rows = SyncTask.objects.filter(pk__in=[task.pk for task in tasks])
    counts = dict(rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    counts["failed"] = counts.get("failed", 0) + rows.exclude(status="succeeded").exclude(outcome="failed").count()
    return counts


def live_change(*, channel, sandbox: Magento2Sandbox, product_ids: list[int], deadline: float) -> str:
    """Raise one pushed simple product's price by 1 and its stock by 5; what the store holds after."""
    pushed = RemoteProduct.objects.filter(sales_channel=channel, status="synced", parent__isnull=True)
    product = (
        Product.objects.filter(pk__in=product_ids, type=Product.SIMPLE, inventories__isnull=False)
        .filter(pk__in=pushed.values_list("local_instance_id", flat=True))
        .filter(sales_prices__currency__iso_code=channel.base_currency or "EUR")
        .order_by("id")
        .first()
    )
    if product is None:
        return "live change: no pushed product with a price and stock"
    price = SalesPrice.objects.get(product=product, currency__iso_code=channel.base_currency or "EUR")
    price.price = (price.price or Decimal("1")) + Decimal("1")
    price.rrp = price.rrp if price.rrp is None or price.rrp >= price.price else price.price
    price.save()
    stock = Inventory.objects.filter(product=product).order_by("id").first()
    stock.quantity += 5
    stock.save()
    run_pending(channel=channel, deadline=deadline)
    remote = sandbox.state.products.get(product.sku) or {}
    quantity = (sandbox.state.source_items.get((product.sku, channel.source_code)) or {}).get("quantity")
    arrived = "arrived" if Decimal(str(remote.get("price", 0))) == price.price else "NOT arrived"
    return (
        f"live change on {product.sku}: price {price.price} {arrived} (Magento {remote.get('price')}), stock {quantity}"
    )


def run_magento2_demo(*, company, stdout=None) -> str:
    """Connect, pull, import, push and change live against a fresh sandbox; returns the summary line."""
    started = time.monotonic()
    deadline = started + TASK_DEADLINE_SECONDS
    since = timezone.now() - timedelta(seconds=1)
    with Magento2Sandbox(port=sandbox_port()) as sandbox:
        channel = sandbox_channel(company=company, sandbox=sandbox)
        _say(stdout, f"connected {sandbox.base_url} with OAuth 1.0a (HMAC-SHA256) ({channel.connection_status})")
        imported = import_catalog(channel=channel)
        _say(
            stdout,
            f"imported {imported.processed} products: {imported.created_count} created, "
            f"{imported.linked_count} linked, {imported.failed_count} failed",
        )
        view = Magento2StoreView.objects.filter(sales_channel=channel, is_default=True).first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=deadline) if view else {}
        bulks = len(sandbox.state.bulks)
        held = len(sandbox.state.products)
        _say(
            stdout,
            f"pushed {len(product_ids)} products in {bulks} async bulks; the store holds {held} products",
        )
        _say(stdout, live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=deadline))
    calls = RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=since).count()
    counts["created"] = counts.get("created", 0) + imported.created_count
    counts["linked"] = counts.get("linked", 0) + imported.linked_count
    counts["failed"] = counts.get("failed", 0) + imported.failed_count
    figures = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in OUTCOMES)
    return f"{figures}, {calls} HTTP calls, {time.monotonic() - started:.1f} s"
