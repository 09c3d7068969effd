"""The Shopify demo (`make demo`): a sandbox shop connected, imported, pushed and changed live, in-process.

`run_shopify_demo(company=, stdout=)` starts a fresh `ShopifySandbox` on the fixed demo port that
`make run` serves it on too (`demo_sandbox.sandbox_port()`, default 8701) in a background
thread), points the company's "Shopify sandbox" channel at it, connects it through the real OAuth
flow (authorize URL, the sandbox's approval redirect, HMAC-checked callback, code exchange), which
pulls the shop's metadata; then pulls the metafield definitions and auto-maps properties, imports
the shop's three products, assigns part of the demo catalog to the Online Store and pushes it,
changes one price and one stock level and reads both back from the sandbox.

The local settings use a SQLite-backed Huey; rather than need a worker, the demo runs the queued
tasks in-process through the framework's own entry points (`execute_import`, `execute_sync_tasks`,
`dispatch_due`), the same code a worker runs. A rerun reuses the channel; the sandbox is new each
time, so the channel's old mirrors are forgotten first and the import links products again by SKU.
"""

import time
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from properties.models import Property
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.demo_sandbox import sandbox_port
from sales_channels.integrations.shopify.factories.properties.mapping import (
    ShopifyMetafieldDefinitionsPull,
    auto_map_properties,
)
from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant, ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.models import (
    ImportProcess,
    RemoteCallLog,
    RemoteProduct,
    SalesChannelView,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import spec_for_channel
from sales_channels.tasks import dispatch_due, execute_import, execute_sync_tasks
from sales_prices.models import SalesPrice

CHANNEL_NAME = "Shopify sandbox"
PUSH_LIMIT = 60
TASK_DEADLINE_SECONDS = 600
OUTCOMES = ("created", "linked", "updated", "unchanged", "failed")


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"    {message}")


def demo_channel(*, company, sandbox: ShopifySandbox) -> ShopifySalesChannel:
    """The company's sandbox channel (created once), pointed at this run's sandbox."""
    channel = ShopifySalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    if channel is None:
        channel = ShopifySalesChannel(multi_tenant_company=company, name=CHANNEL_NAME)
    channel.shop_domain = sandbox.shop
    channel.base_url = sandbox.base_url
    channel.client_id = sandbox.client_id
    channel.client_secret = sandbox.client_secret
    channel.active = True
    channel.save()
    return channel


def forget_previous_shop(*, channel: ShopifySalesChannel) -> None:
    """The sandbox starts empty of our products each run: drop mirrors and unfinished tasks of the last one."""
    SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES).update(status=SyncTaskStatus.CANCELLED)
    ShopifyRemoteVariant.objects.filter(sales_channel=channel).delete()
    RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=False).delete()
    RemoteProduct.objects.filter(sales_channel=channel).delete()


def _context(channel: ShopifySalesChannel) -> StepContext:
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    return StepContext(channel=channel, spec=spec, client=client, session=session)


def map_properties(*, channel: ShopifySalesChannel) -> int:
    """Pull the shop's metafield definitions, then auto-map the company's properties; returns how many mapped."""
    ShopifyMetafieldDefinitionsPull(context=_context(channel)).run()
    properties = Property.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, is_product_type=False)
    return len(auto_map_properties(channel=channel, properties=list(properties.prefetch_related("translations"))))


def import_catalog(*, channel: ShopifySalesChannel) -> ImportProcess:
    """Import the shop's catalog in-process (what the import task runs)."""
    process = ImportProcess.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel, kind="products"
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def run_pending(*, channel: ShopifySalesChannel, deadline: float) -> None:
    """Run the channel's pending tasks in-process until none is left (deferred ones when their time comes)."""
    while time.monotonic() < deadline:
        pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
        due = list(
            pending.filter(Q(next_run_at__isnull=True) | Q(next_run_at__lte=timezone.now())).values_list(
                "pk", flat=True
            )
        )
        if due:
            execute_sync_tasks(sync_task_ids=due)
            continue
        waiting = pending.order_by("next_run_at").values_list("next_run_at", flat=True).first()
        if waiting is None:
            return
        time.sleep(min(5.0, max(0.05, (waiting - timezone.now()).total_seconds())))
        dispatch_due()


def demo_products(*, channel: ShopifySalesChannel, limit: int) -> list[int]:
    """Top-level simple and configurable products of the demo catalog not imported from this shop."""
    imported = RemoteProduct.objects.filter(sales_channel=channel).values_list("local_instance_id", flat=True)
    products = (
        Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, active=True)
        .filter(type__in=(Product.SIMPLE, Product.CONFIGURABLE), parent_links__isnull=True)
        .exclude(pk__in=imported)
        .order_by("id")
    )
    return list(products.values_list("pk", flat=True)[:limit])


def push(*, channel: ShopifySalesChannel, view: SalesChannelView, product_ids: list[int], deadline: float) -> dict:
    """Assign to the view, queue a sync of each and run the tasks; returns counts by outcome."""
    flows.assign_products(view=view, product_ids=product_ids, queue=False)
    tasks = flows.resync_products(channel=channel, product_ids=product_ids)
    run_pending(channel=channel, deadline=deadline)
    rows = SyncTask.objects.filter(pk__in=[task.pk for task in tasks])
    counts = dict(rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
    counts["failed"] = counts.get("failed", 0) + rows.exclude(status="succeeded").exclude(outcome="failed").count()
    return counts


def _remote_variant(channel: ShopifySalesChannel, sandbox: ShopifySandbox, product: Product):
    row = ShopifyRemoteVariant.objects.filter(sales_channel=channel, local_instance_id=product.pk).first()
    return sandbox.state.variant_by_gid(row.remote_id) if row is not None else None


def live_change(*, channel: ShopifySalesChannel, sandbox: ShopifySandbox, product_ids: list[int], deadline: float):
    """Raise one pushed simple product's price by 1 and its stock by 5; (price, stock) read back, or None."""
    product = (
        Product.objects.filter(pk__in=product_ids, type=Product.SIMPLE, inventories__isnull=False)
        .filter(sales_prices__currency__iso_code=channel.shop_currency or "EUR")
        .order_by("id")
        .first()
    )
    if product is None or _remote_variant(channel, sandbox, product) is None:
        return None
    price = SalesPrice.objects.get(product=product, currency__iso_code=channel.shop_currency or "EUR")
    price.price = (price.price or Decimal("1")) + Decimal("1")
    price.rrp = price.rrp if price.rrp is None or price.rrp >= price.price else price.price
    price.save()
    stock = Inventory.objects.filter(product=product).order_by("id").first()
    stock.quantity += 5
    stock.save()
    run_pending(channel=channel, deadline=deadline)
    variant = _remote_variant(channel, sandbox, product)
    location = int((channel.primary_location_id or "0").rsplit("/", 1)[-1] or 0)
    remote_stock = variant.inventory_item.levels.get(location, {}).get("available")
    return product.sku, str(price.price), variant.price, remote_stock


def _live_text(live) -> str:
    if live is None:
        return "live change: no pushed product with price and stock"
    sku, price, remote_price, remote_stock = live
    arrived = "arrived" if Decimal(remote_price) == Decimal(price) else "NOT arrived"
    return f"live change on {sku}: price {price} {arrived} (Shopify {remote_price}), stock now {remote_stock}"


def run_shopify_demo(*, company, stdout=None) -> str:
    """Connect, pull, map, import, push and change live against a fresh sandbox; returns the summary line."""
    started = time.monotonic()
    deadline = started + TASK_DEADLINE_SECONDS
    since = timezone.now() - timedelta(seconds=1)
    with ShopifySandbox(port=sandbox_port()) as sandbox:
        channel = demo_channel(company=company, sandbox=sandbox)
        forget_previous_shop(channel=channel)
        connect_via_oauth(channel=channel)
        channel.refresh_from_db()
        _say(
            stdout, f"connected {channel.shop_domain} at {sandbox.base_url} through OAuth ({channel.connection_status})"
        )
        mapped = map_properties(channel=channel)
        imported = import_catalog(channel=channel)
        _say(
            stdout,
            f"imported {imported.processed} products: {imported.created_count} created, "
            f"{imported.linked_count} linked, {imported.failed_count} failed; {mapped} properties mapped",
        )
        view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=deadline) if view else {}
        _say(stdout, f"pushed {len(product_ids)} products; the sandbox now holds {sandbox.counts()}")
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=deadline)
        _say(stdout, _live_text(live))
    calls = RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=since).count()
    counts["created"] = counts.get("created", 0) + imported.created_count
    counts["linked"] = counts.get("linked", 0) + imported.linked_count
    counts["failed"] = counts.get("failed", 0) + imported.failed_count
    figures = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in OUTCOMES)
    return f"{figures}, {calls} HTTP calls, {time.monotonic() - started:.1f} s"
