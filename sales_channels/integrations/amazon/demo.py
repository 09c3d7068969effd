"""The Amazon demo (`make demo`): a sandbox seller connected, product type imported, listings imported, pushed, changed.

`run_amazon_demo(company=, stdout=)` starts a fresh `AmazonSandbox` on the fixed demo port
(`AMAZON_SANDBOX_PORT`, default 8704), points the company's "Amazon sandbox" channel at it and connects
it through the real website authorization workflow (consent page, redirect, state check, code
exchange), which pulls the marketplaces; imports the SHIRT product type into Amazon.com and lists the
demo's "T-shirt" product type under it (auto-mapping brand, colour and size), imports the seller's
listings, pushes up to `PUSH_LIMIT` T-shirts (validated against the schema first; a feed when there are
enough), then changes one price and one stock level and reads both back from the sandbox.

Tasks and feed polls run in-process through the framework's entry points, as a worker would.
"""

import os
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from properties.models import PropertySelectValue
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.connect import connect_via_consent
from sales_channels.integrations.amazon.factories.metadata import import_product_type
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.sandbox import AmazonSandbox
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import ImportProcess, RemoteCallLog, RemoteJob, RemoteProduct, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.surfaces import SandboxSpec
from sales_channels.tasks import dispatch_due, execute_import, execute_sync_tasks
from sales_channels.tasks_jobs import execute_job_poll
from sales_prices.models import SalesPrice

CHANNEL_NAME = "Amazon sandbox"
US = "ATVPDKIKX0DER"
PUSH_LIMIT = 40
DEADLINE_SECONDS = 300
DEFAULT_SANDBOX_PORT = 8704
OUTCOMES = ("created", "linked", "updated", "unchanged", "failed")
LOCAL_TO_AMAZON = {
    "t-shirt": "SHIRT",
    "hoodie": "SWEATSHIRT",
    "jacket": "COAT",
    "sneakers": "SHOES",
    "backpack": "BACKPACK",
}


def sandbox_port() -> int:
    """The demo sandbox's fixed port: env AMAZON_SANDBOX_PORT, else settings, else 8704."""
    configured = os.environ.get("AMAZON_SANDBOX_PORT") or getattr(settings, "AMAZON_SANDBOX_PORT", None)
    return int(configured if configured not in (None, "") else DEFAULT_SANDBOX_PORT)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"    {message}")


def point_at_sandbox(*, channel: AmazonSalesChannel, sandbox: AmazonSandbox) -> AmazonSalesChannel:
    """The sandbox's URLs and app credentials on the channel (saved)."""
    channel.base_url = channel.lwa_url = channel.consent_url = sandbox.base_url
    channel.application_id = sandbox.lwa.application_id
    channel.lwa_client_id, channel.lwa_client_secret = sandbox.lwa.client_id, sandbox.lwa.client_secret
    channel.refresh_token, channel.access_token, channel.access_token_expires_at = "", "", None
    channel.active = True
    channel.save()
    return channel


def demo_channel(*, company, sandbox: AmazonSandbox) -> AmazonSalesChannel:
    """The company's sandbox channel (created once); the last run's mirrors and open tasks forgotten."""
    channel = AmazonSalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    channel = channel or AmazonSalesChannel(multi_tenant_company=company, name=CHANNEL_NAME)
    point_at_sandbox(channel=channel, sandbox=sandbox)
    SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES).update(status=SyncTaskStatus.CANCELLED)
    RemoteJob.objects.filter(sales_channel=channel).delete()
    RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=False).delete()
    RemoteProduct.objects.filter(sales_channel=channel).delete()
    return channel


def map_demo_product_types(*, channel: AmazonSalesChannel) -> tuple[list[int], int]:
    """Import the Amazon product type of each demo product type; (local type ids, attributes mapped in all)."""
    view = channel.views.get(remote_id=US)
    local_types, mapped = [], 0
    values = PropertySelectValue.objects.filter(
        multi_tenant_company_id=channel.multi_tenant_company_id, property__is_product_type=True
    ).prefetch_related("translations")
    for value in values:
        amazon_type = LOCAL_TO_AMAZON.get(value.value(language="en").lower())
        if amazon_type is None:
            continue
        result = import_product_type(channel=channel, view=view, product_type=amazon_type)
        map_product_type(view=view, local_product_type=value, schema=result.schema)
        local_types.append(value.pk)
        mapped += len(result.automap.mapped)
    return local_types, mapped


def run_pending(*, channel: AmazonSalesChannel, deadline: float) -> None:
    """Run pending tasks and poll open feeds in-process until nothing is left."""
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
            RemoteJob.objects.filter(sales_channel=channel, status__in=("submitted", "running")).values_list(
                "pk", flat=True
            )
        )
        for job_id in jobs:
            execute_job_poll(job_id=job_id, force=True)
        if not due and not jobs and not pending.exists():
            return
        if not due:
            time.sleep(0.3)
            dispatch_due()


def demo_products(*, channel: AmazonSalesChannel, product_types: list[int], limit: int) -> list[int]:
    """Top-level products (simple and configurable) of the mapped product types, not imported from the seller."""
    imported = RemoteProduct.objects.filter(sales_channel=channel).values_list("local_instance_id", flat=True)
    products = (
        Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, active=True)
        .filter(type__in=(Product.SIMPLE, Product.CONFIGURABLE), parent_links__isnull=True)
        .filter(product_properties__value_select_id__in=product_types)
        .exclude(pk__in=imported)
        .order_by("id")
        .distinct()
    )
    return list(products.values_list("pk", flat=True)[:limit])


def live_change(*, channel: AmazonSalesChannel, sandbox: AmazonSandbox, product_ids: list[int], deadline: float):
    """Raise one pushed simple product's (or variation's) price by 1 and stock by 5; read both back from Amazon."""
    pushed = RemoteProduct.objects.filter(sales_channel=channel, status="synced")
    synced = pushed.filter(Q(local_instance_id__in=product_ids) | Q(parent__local_instance_id__in=product_ids))
    product = (
        Product.objects.filter(
            pk__in=synced.values("local_instance_id"), type=Product.SIMPLE, inventories__isnull=False
        )
        .filter(sales_prices__isnull=False)
        .order_by("id")
        .first()
    )
    if product is None:
        return None
    before = _remote_offer(sandbox, product.sku)
    price = SalesPrice.objects.filter(product=product).order_by("id").first()
    price.price = (price.price or Decimal("1")) + Decimal("1")
    price.rrp = price.rrp if price.rrp is None or price.rrp >= price.price else price.price
    price.save()
    stock = Inventory.objects.filter(product=product).order_by("id").first()
    stock.quantity += 5
    stock.save()
    run_pending(channel=channel, deadline=deadline)
    return product.sku, before, _remote_offer(sandbox, product.sku)


def _remote_offer(sandbox: AmazonSandbox, sku: str) -> tuple[Decimal | None, int | None]:
    """(price, quantity) of a listing in the sandbox's US marketplace."""
    attributes = sandbox.listings.get(sku, US).attributes
    offer = (attributes.get("purchasable_offer") or [{}])[0]
    amount = offer.get("our_price", [{}])[0].get("schedule", [{}])[0].get("value_with_tax")
    quantity = (attributes.get("fulfillment_availability") or [{}])[0].get("quantity")
    return (Decimal(str(amount)) if amount is not None else None), quantity


def _live_text(live) -> str:
    if live is None:
        return "live change: no pushed product with price and stock"
    sku, (price_before, stock_before), (price_after, stock_after) = live
    arrived = (
        "arrived"
        if price_after is not None and price_before is not None and price_after > price_before
        else "NOT arrived"
    )
    return (
        f"live change on {sku}: price +1 {arrived} (Amazon {price_before} -> {price_after}), "
        f"stock {stock_before} -> {stock_after}"
    )


def run_amazon_demo(*, company, stdout=None) -> str:
    """Connect, import the product type and the listings, push, change live; returns the summary line."""
    started = time.monotonic()
    deadline = started + DEADLINE_SECONDS
    since = timezone.now() - timedelta(seconds=1)
    with AmazonSandbox(port=sandbox_port()) as sandbox:
        sandbox.feeds.processing_seconds = 1.0
        channel = demo_channel(company=company, sandbox=sandbox)
        connect_via_consent(channel=channel)
        views = ", ".join(channel.views.filter(active=True).values_list("name", flat=True))
        _say(stdout, f"connected seller {channel.selling_partner_id} at {sandbox.base_url} ({views})")
        product_types, mapped = map_demo_product_types(channel=channel)
        process = ImportProcess.objects.create(
            multi_tenant_company_id=company.pk, sales_channel=channel, kind="products"
        )
        execute_import(import_process_id=process.pk)
        process.refresh_from_db()
        _say(
            stdout,
            f"{len(product_types)} product types imported ({mapped} attributes auto-mapped); listings imported: "
            f"{process.created_count} created, {process.linked_count} linked, {process.failed_count} failed",
        )
        view = channel.views.get(remote_id=US)
        product_ids = demo_products(channel=channel, product_types=product_types, limit=PUSH_LIMIT)
        flows.assign_products(view=view, product_ids=product_ids, queue=False)
        tasks = flows.resync_products(channel=channel, product_ids=product_ids)
        run_pending(channel=channel, deadline=deadline)
        rows = SyncTask.objects.filter(pk__in=[task.pk for task in tasks])
        counts = dict(rows.values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n"))
        counts["failed"] = counts.get("failed", 0) + rows.exclude(status="succeeded").exclude(outcome="failed").count()
        feeds = RemoteJob.objects.filter(sales_channel=channel).count()
        _say(
            stdout,
            f"pushed {len(product_ids)} products ({feeds} feed(s)); "
            f"the seller now has {sandbox.listings.count()} listings",
        )
        _say(
            stdout,
            _live_text(live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=deadline)),
        )
    calls = RemoteCallLog.objects.filter(sales_channel=channel, created_at__gte=since).count()
    counts["created"] = counts.get("created", 0) + process.created_count
    counts["linked"] = counts.get("linked", 0) + process.linked_count
    counts["failed"] = counts.get("failed", 0) + process.failed_count
    figures = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in OUTCOMES)
    return f"{figures}, {calls} HTTP calls, {time.monotonic() - started:.1f} s"


def start_sandbox(*, port: int) -> AmazonSandbox:
    """A seeded sandbox serving on 127.0.0.1:`port` in a background thread (`stop()` ends it)."""
    sandbox = AmazonSandbox(port=port)
    sandbox.start()
    return sandbox


def reconnect_demo_channel(*, channel, sandbox: AmazonSandbox) -> str:
    """Reconnect a channel to a freshly started sandbox through the consent flow; returns its status line."""
    amazon_channel = channel if isinstance(channel, AmazonSalesChannel) else channel.specific
    connect_via_consent(channel=point_at_sandbox(channel=amazon_channel, sandbox=sandbox))
    amazon_channel.refresh_from_db()
    return f"reconnected to {sandbox.base_url} ({amazon_channel.connection_status})"


SANDBOX_SPEC = SandboxSpec(
    default_port=sandbox_port() or DEFAULT_SANDBOX_PORT, start=start_sandbox, reconnect=reconnect_demo_channel
)
