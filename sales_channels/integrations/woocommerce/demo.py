"""The WooCommerce demo (`make demo`): a sandbox store connected, imported, pushed and changed live, in-process.

`run_woocommerce_demo(company=, stdout=)` starts a fresh sandbox store on the fixed demo port
(`demo_sandbox.sandbox_port()`, default 8702), points the company's "WooCommerce sandbox" channel at
it and connects it with a key pair the store issues (checked with a read call; the metadata pull
follows), imports the store's three products (linked by SKU when the catalog has them), assigns
part of the demo catalog and pushes it through the batch path, then changes one price and one
stock level and reads both back from the store. Tasks run in-process through the framework's own
entry points (what a worker runs). A rerun reuses the channel; its old mirrors are forgotten first.
"""

import time
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.demo_sandbox import connect_to, sandbox_port, start_sandbox
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox
from sales_channels.models import (
    ImportProcess,
    RemoteCallLog,
    RemoteProduct,
    SalesChannelView,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import dispatch_due, execute_import, execute_sync_tasks
from sales_prices.models import SalesPrice

CHANNEL_NAME = "WooCommerce sandbox"
PUSH_LIMIT = 60
TASK_DEADLINE_SECONDS = 300
OUTCOMES = ("created", "linked", "updated", "unchanged", "failed")


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"    {message}")


def demo_channel(*, company) -> WooCommerceSalesChannel:
    """The company's sandbox channel (created once); its old mirrors and unfinished tasks are dropped."""
    channel = WooCommerceSalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    if channel is None:
        channel = WooCommerceSalesChannel(multi_tenant_company=company, name=CHANNEL_NAME, store_url="http://127.0.0.1")
        channel.save()
    SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES).update(status=SyncTaskStatus.CANCELLED)
    RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=False).delete()
    RemoteProduct.objects.filter(sales_channel=channel).delete()
    channel.global_attributes = {}
    channel.save(update_fields=["global_attributes"])
    return channel


def run_pending(*, channel: WooCommerceSalesChannel, deadline: float) -> None:
    """Run the channel's pending tasks in-process until none is left (deferred ones when their time comes)."""
    while time.monotonic() < deadline:
        pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
        now = timezone.now()
        due = list(pending.filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=now)).values_list("pk", flat=True))
        if due:
            execute_sync_tasks(sync_task_ids=due)
            continue
        waiting = pending.order_by("next_run_at").values_list("next_run_at", flat=True).first()
        if waiting is None:
            return
        time.sleep(min(5.0, max(0.05, (waiting - timezone.now()).total_seconds())))
        dispatch_due()


def demo_products(*, channel: WooCommerceSalesChannel, limit: int) -> list[int]:
    """Top-level simple and configurable products of the demo catalog not imported from this store."""
    imported = RemoteProduct.objects.filter(sales_channel=channel).values_list("local_instance_id", flat=True)
    products = (
        Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, active=True)
        .filter(type__in=(Product.SIMPLE, Product.CONFIGURABLE), parent_links__isnull=True)
        .exclude(pk__in=imported)
        .order_by("id")
    )
    return list(products.values_list("pk", flat=True)[:limit])


def push(*, channel: WooCommerceSalesChannel, view: SalesChannelView, product_ids: list[int], deadline: float) -> dict:
    """Assign to the store's view, queue a sync of each and run the tasks; returns counts by outcome."""
    flows.assign_products(view=view, product_ids=product_ids, queue=False)
    tasks = flows.resync_products(channel=channel, product_ids=product_ids)
    run_pending(channel=channel, deadline=deadline)
    rows = SyncTask.objects.filter(pk__in=[task.pk for task in tasks])
    counts = dict(rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    counts["failed"] = counts.get("failed", 0) + rows.exclude(status="succeeded").exclude(outcome="failed").count()
    return counts


def live_change(*, channel: WooCommerceSalesChannel, sandbox: WooCommerceSandbox, product_ids: list[int], deadline):
    """Raise one pushed simple product's price by 1 and its stock by 5; (sku, price, store price, store stock)."""
    product = (
        Product.objects.filter(pk__in=product_ids, type=Product.SIMPLE, inventories__isnull=False)
        .filter(sales_prices__currency__iso_code=channel.store_currency or "EUR")
        .order_by("id")
        .first()
    )
    mirror = RemoteProduct.objects.filter(sales_channel=channel, local_instance_id=getattr(product, "pk", None)).first()
    if product is None or mirror is None or not mirror.remote_id:
        return None
    price = SalesPrice.objects.get(product=product, currency__iso_code=channel.store_currency or "EUR")
    price.price = (price.price or Decimal("1")) + Decimal("1")
    price.rrp = price.rrp if price.rrp is None or price.rrp >= price.price else price.price
    price.save()
    stock = Inventory.objects.filter(product=product).order_by("id").first()
    stock.quantity += 5
    stock.save()
    run_pending(channel=channel, deadline=deadline)
    remote = sandbox.catalog.products[int(mirror.remote_id)]
    return product.sku, str(price.price), remote["price"], remote["stock_quantity"]


def _live_text(live) -> str:
    if live is None:
        return "live change: no pushed product with price and stock"
    sku, price, remote_price, remote_stock = live
    arrived = "arrived" if remote_price and Decimal(remote_price) == Decimal(price) else "NOT arrived"
    return f"live change on {sku}: price {price} {arrived} (WooCommerce {remote_price}), stock now {remote_stock}"


def run_woocommerce_demo(*, company, stdout=None) -> str:
    """Connect, import, push and change live against a fresh sandbox store; returns the summary line."""
    started = time.monotonic()
    deadline = started + TASK_DEADLINE_SECONDS
    since = timezone.now() - timedelta(seconds=1)
    sandbox = start_sandbox(port=sandbox_port())
    try:
        channel = demo_channel(company=company)
        connect_to(channel=channel, sandbox=sandbox)
        channel.refresh_from_db()
        _say(stdout, f"connected {sandbox.base_url} (WooCommerce {channel.wc_version}, {channel.connection_status})")
        imported = ImportProcess.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel, kind="products"
        )
        execute_import(import_process_id=imported.pk)
        imported.refresh_from_db()
        _say(
            stdout,
            f"imported {imported.processed} products: {imported.created_count} created, "
            f"{imported.linked_count} linked, {imported.failed_count} failed",
        )
        view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=deadline) if view else {}
        _say(stdout, f"pushed {len(product_ids)} products; the store now holds {sandbox.counts()}")
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=deadline)
        _say(stdout, _live_text(live))
    finally:
        sandbox.stop()
    calls = RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=since).count()
    counts["created"] = counts.get("created", 0) + imported.created_count
    counts["linked"] = counts.get("linked", 0) + imported.linked_count
    counts["failed"] = counts.get("failed", 0) + imported.failed_count
    figures = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in OUTCOMES)
    return f"{figures}, {calls} HTTP calls, {time.monotonic() - started:.1f} s"
