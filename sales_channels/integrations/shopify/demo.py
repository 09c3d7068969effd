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

from decimal import Decimal

from products.models import Product
from properties.models import Property
from sales_channels.demo_support import (
    DemoRun,
    LiveChange,
    change_price_and_stock,
    demo_products,
    forget_previous_run,
    import_catalog,
    import_figures,
    live_change_line,
    product_to_change,
    push,
    say,
)
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.integrations.shopify.demo_sandbox import sandbox_port
from sales_channels.integrations.shopify.factories.properties.mapping import (
    ShopifyMetafieldDefinitionsPull,
    auto_map_properties,
)
from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant, ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.models import SalesChannelView
from sales_channels.registry import spec_for_channel

CHANNEL_NAME = "Shopify sandbox"
VENDOR = "Shopify"
PUSH_LIMIT = 60
TASK_DEADLINE_SECONDS = 600


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
    forget_previous_run(channel=channel, also=[ShopifyRemoteVariant.objects.filter(sales_channel=channel)])


def _context(channel: ShopifySalesChannel) -> StepContext:
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    return StepContext(channel=channel, spec=spec, client=client, session=session)


def map_properties(*, channel: ShopifySalesChannel) -> int:
    """Pull the shop's metafield definitions, then auto-map the company's properties; returns how many mapped."""
    ShopifyMetafieldDefinitionsPull(context=_context(channel)).run()
    properties = Property.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, is_product_type=False)
    return len(auto_map_properties(channel=channel, properties=list(properties.prefetch_related("translations"))))


def _remote_variant(channel: ShopifySalesChannel, sandbox: ShopifySandbox, product: Product):
    row = ShopifyRemoteVariant.objects.filter(sales_channel=channel, local_instance_id=product.pk).first()
    return sandbox.state.variant_by_gid(row.remote_id) if row is not None else None


def live_change(
    *, channel: ShopifySalesChannel, sandbox: ShopifySandbox, product_ids: list[int], deadline: float
) -> LiveChange | None:
    """Raise one pushed simple product's price by 1 and its stock by 5; what the shop holds after, or None."""
    currency = channel.shop_currency or "EUR"
    product = product_to_change(product_ids=product_ids, currency=currency)
    if product is None or _remote_variant(channel, sandbox, product) is None:
        return None
    price = change_price_and_stock(channel=channel, product=product, currency=currency, deadline=deadline)
    variant = _remote_variant(channel, sandbox, product)
    location = int((channel.primary_location_id or "0").rsplit("/", 1)[-1] or 0)
    remote_stock = variant.inventory_item.levels.get(location, {}).get("available")
    return LiveChange(
        vendor=VENDOR, sku=product.sku, price=price, remote_price=Decimal(variant.price), remote_stock=remote_stock
    )


def run_shopify_demo(*, company, stdout=None) -> str:
    """Connect, pull, map, import, push and change live against a fresh sandbox; returns the summary line."""
    run = DemoRun(deadline_seconds=TASK_DEADLINE_SECONDS)
    with ShopifySandbox(port=sandbox_port()) as sandbox:
        channel = demo_channel(company=company, sandbox=sandbox)
        forget_previous_shop(channel=channel)
        connect_via_oauth(channel=channel)
        channel.refresh_from_db()
        say(
            stdout, f"connected {channel.shop_domain} at {sandbox.base_url} through OAuth ({channel.connection_status})"
        )
        mapped = map_properties(channel=channel)
        imported = import_catalog(channel=channel)
        say(stdout, f"imported {imported.processed} products: {import_figures(imported)}; {mapped} properties mapped")
        view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=run.deadline) if view else {}
        say(stdout, f"pushed {len(product_ids)} products; the sandbox now holds {sandbox.counts()}")
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=run.deadline)
        say(stdout, live_change_line(live))
    return run.summary(channel=channel, pushed=counts, imported=imported)
