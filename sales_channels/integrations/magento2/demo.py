"""The Magento 2 demo (`make demo`): a sandbox store connected, imported, pushed through async bulk and changed live.

`run_magento2_demo(company=, stdout=)` starts a fresh sandbox on the fixed demo port (`make run`
serves it there too), points the company's "Magento 2 sandbox" channel at it and connects it with
the integration's OAuth 1.0a credentials (which pulls store views, locales, currencies, attribute
sets and attributes), imports the store's catalog, pushes part of the demo catalog (attributes and
options created on demand, products through the async bulk API), changes one price and one stock
level and reads both back. Tasks and vendor-job polls run in-process through the framework's own
entry points (`execute_import`, `execute_sync_tasks`, `execute_job_poll`), as a worker runs them.
"""

from decimal import Decimal

from sales_channels.demo_support import (
    DemoRun,
    LiveChange,
    change_price_and_stock,
    demo_products,
    import_catalog,
    import_figures,
    live_change_line,
    product_to_change,
    push,
    say,
)
from sales_channels.integrations.magento2.demo_sandbox import sandbox_channel, sandbox_port
from sales_channels.integrations.magento2.models import Magento2SalesChannel, Magento2StoreView
from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.models import RemoteProduct

VENDOR = "Magento"
PUSH_LIMIT = 40
TASK_DEADLINE_SECONDS = 90


def live_change(
    *, channel: Magento2SalesChannel, sandbox: Magento2Sandbox, product_ids: list[int], deadline: float
) -> LiveChange | None:
    """Raise one pushed simple product's price by 1 and its stock by 5; what the store holds after, or None."""
    currency = channel.base_currency or "EUR"
    pushed = RemoteProduct.objects.filter(
        sales_channel=channel, status="synced", parent__isnull=True, local_instance_id__in=product_ids
    )
    product = product_to_change(product_ids=pushed.values_list("local_instance_id", flat=True), currency=currency)
    if product is None:
        return None
    price = change_price_and_stock(channel=channel, product=product, currency=currency, deadline=deadline)
    remote_price = (sandbox.state.products.get(product.sku) or {}).get("price")
    quantity = (sandbox.state.source_items.get((product.sku, channel.source_code)) or {}).get("quantity")
    return LiveChange(
        vendor=VENDOR,
        sku=product.sku,
        price=price,
        remote_price=Decimal(str(remote_price)) if remote_price is not None else None,
        remote_stock=quantity,
    )


def run_magento2_demo(*, company, stdout=None) -> str:
    """Connect, pull, import, push and change live against a fresh sandbox; returns the summary line."""
    run = DemoRun(deadline_seconds=TASK_DEADLINE_SECONDS)
    with Magento2Sandbox(port=sandbox_port()) as sandbox:
        channel = sandbox_channel(company=company, sandbox=sandbox)
        say(stdout, f"connected {sandbox.base_url} with OAuth 1.0a (HMAC-SHA256) ({channel.connection_status})")
        imported = import_catalog(channel=channel)
        say(stdout, f"imported {imported.processed} products: {import_figures(imported)}")
        view = Magento2StoreView.objects.filter(sales_channel=channel, is_default=True).first()
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=run.deadline) if view else {}
        bulks, held = len(sandbox.state.bulks), len(sandbox.state.products)
        say(stdout, f"pushed {len(product_ids)} products in {bulks} async bulks; the store holds {held} products")
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=run.deadline)
        say(stdout, live_change_line(live))
    return run.summary(channel=channel, pushed=counts, imported=imported)
