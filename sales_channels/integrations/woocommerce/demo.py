"""The WooCommerce demo (`make demo`): a sandbox store connected, imported, pushed and changed live, in-process.

`run_woocommerce_demo(company=, stdout=)` starts a fresh sandbox store on the fixed demo port
(`demo_sandbox.sandbox_port()`, default 8702), points the company's "WooCommerce sandbox" channel at
it and connects it with a key pair the store issues (checked with a read call; the metadata pull
follows), imports the store's three products (linked by SKU when the catalog has them), assigns
part of the demo catalog and pushes it through the batch path, then changes one price and one
stock level and reads both back from the store. Tasks run in-process through the framework's own
entry points (what a worker runs). A rerun reuses the channel; its old mirrors are forgotten first.
"""

from decimal import Decimal

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
from sales_channels.integrations.woocommerce.demo_sandbox import connect_to, sandbox_port, start_sandbox
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox
from sales_channels.models import RemoteProduct, SalesChannelView

CHANNEL_NAME = "WooCommerce sandbox"
VENDOR = "WooCommerce"
PUSH_LIMIT = 60
TASK_DEADLINE_SECONDS = 300


def demo_channel(*, company) -> WooCommerceSalesChannel:
    """The company's sandbox channel (created once); its old mirrors and unfinished tasks are dropped."""
    channel = WooCommerceSalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    if channel is None:
        channel = WooCommerceSalesChannel(multi_tenant_company=company, name=CHANNEL_NAME, store_url="http://127.0.0.1")
        channel.save()
    forget_previous_run(channel=channel)
    channel.global_attributes = {}
    channel.save(update_fields=["global_attributes"])
    return channel


def live_change(
    *, channel: WooCommerceSalesChannel, sandbox: WooCommerceSandbox, product_ids: list[int], deadline: float
) -> LiveChange | None:
    """Raise one pushed simple product's price by 1 and its stock by 5; what the store holds after, or None."""
    currency = channel.store_currency or "EUR"
    product = product_to_change(product_ids=product_ids, currency=currency)
    mirror = RemoteProduct.objects.filter(sales_channel=channel, local_instance_id=getattr(product, "pk", None)).first()
    if product is None or mirror is None or not mirror.remote_id:
        return None
    price = change_price_and_stock(channel=channel, product=product, currency=currency, deadline=deadline)
    remote = sandbox.catalog.products[int(mirror.remote_id)]
    remote_price = Decimal(remote["price"]) if remote["price"] else None
    return LiveChange(
        vendor=VENDOR, sku=product.sku, price=price, remote_price=remote_price, remote_stock=remote["stock_quantity"]
    )


def run_woocommerce_demo(*, company, stdout=None) -> str:
    """Connect, import, push and change live against a fresh sandbox store; returns the summary line."""
    run = DemoRun(deadline_seconds=TASK_DEADLINE_SECONDS)
    sandbox = start_sandbox(port=sandbox_port())
    try:
        channel = demo_channel(company=company)
        connect_to(channel=channel, sandbox=sandbox)
        channel.refresh_from_db()
        say(stdout, f"connected {sandbox.base_url} (WooCommerce {channel.wc_version}, {channel.connection_status})")
        imported = import_catalog(channel=channel)
        say(stdout, f"imported {imported.processed} products: {import_figures(imported)}")
        view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=run.deadline) if view else {}
        say(stdout, f"pushed {len(product_ids)} products; the store now holds {sandbox.counts()}")
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=run.deadline)
        say(stdout, live_change_line(live))
    finally:
        sandbox.stop()
    return run.summary(channel=channel, pushed=counts, imported=imported)
