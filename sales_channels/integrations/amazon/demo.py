"""The Amazon demo (`make demo`): a sandbox seller connected, product type imported, listings imported, pushed, changed.

`run_amazon_demo(company=, stdout=)` starts a fresh `AmazonSandbox` on the fixed demo port
(`AMAZON_SANDBOX_PORT`, default 8704), points the company's "Amazon sandbox" channel at it and connects
it through the real website authorization workflow (consent page, redirect, state check, code
exchange), which pulls the marketplaces; imports an Amazon product type into Amazon.com for each demo
product type (`LOCAL_TO_AMAZON`: T-shirt -> SHIRT ... Gift set -> PRODUCT, Amazon's generic type) and
maps it (auto-mapping brand, colour, size and material), imports the seller's
listings, pushes up to `PUSH_LIMIT` products (validated against the schema first; a feed when there are
enough), then changes one price and one stock level and reads both back from the sandbox.

Tasks and feed polls run in-process through the framework's entry points, as a worker would.
"""

from decimal import Decimal

from properties.models import PropertySelectValue
from sales_channels.demo_support import (
    DemoRun,
    LiveChange,
    demo_products,
    forget_previous_run,
    import_catalog,
    import_figures,
    live_change_line,
    live_change_read_back,
    push,
    say,
)
from sales_channels.integrations.amazon.factories.connect import connect_via_consent
from sales_channels.integrations.amazon.factories.metadata import import_product_type
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.sandbox import AmazonSandbox
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import RemoteJob
from sales_channels.surfaces import SandboxSpec

CHANNEL_NAME = "Amazon sandbox"
VENDOR = "Amazon"
US = "ATVPDKIKX0DER"
PUSH_LIMIT = 40
DEADLINE_SECONDS = 300
DEFAULT_SANDBOX_PORT = 8704
LOCAL_TO_AMAZON = {
    "t-shirt": "SHIRT",
    "hoodie": "SWEATSHIRT",
    "jacket": "COAT",
    "sneakers": "SHOES",
    "backpack": "BACKPACK",
    "coffee mug": "DRINKING_CUP",
    "desk lamp": "LAMP",
    "notebook": "NOTEBOOK",
    "water bottle": "BOTTLE",
    "gift set": "PRODUCT",  # Amazon's generic product type: a bundle lists as one product
}


def sandbox_port() -> int:
    """The demo sandbox's fixed port: env AMAZON_SANDBOX_PORT, else settings, else 8704 (0: any free port)."""
    return SANDBOX_SPEC.port()


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
    """The company's sandbox channel (created once); the last run's mirrors, feeds and open tasks forgotten."""
    channel = AmazonSalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    channel = channel or AmazonSalesChannel(multi_tenant_company=company, name=CHANNEL_NAME)
    point_at_sandbox(channel=channel, sandbox=sandbox)
    forget_previous_run(channel=channel, also=[RemoteJob.objects.filter(sales_channel=channel)])
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


def live_change(
    *, channel: AmazonSalesChannel, sandbox: AmazonSandbox, product_ids: list[int], deadline: float
) -> LiveChange | None:
    """Raise one pushed simple product's (or variation's) price by 1 and stock by 5; read both back from Amazon."""
    return live_change_read_back(
        channel=channel,
        vendor=VENDOR,
        product_ids=product_ids,
        deadline=deadline,
        read_remote=lambda sku: _remote_offer(sandbox, sku),
    )


def _remote_offer(sandbox: AmazonSandbox, sku: str) -> tuple[Decimal | None, int | None]:
    """(price, quantity) of a listing in the sandbox's US marketplace."""
    attributes = sandbox.listings.get(sku, US).attributes
    offer = (attributes.get("purchasable_offer") or [{}])[0]
    amount = offer.get("our_price", [{}])[0].get("schedule", [{}])[0].get("value_with_tax")
    quantity = (attributes.get("fulfillment_availability") or [{}])[0].get("quantity")
    return (Decimal(str(amount)) if amount is not None else None), quantity


def run_amazon_demo(*, company, stdout=None) -> str:
    """Connect, import the product type and the listings, push, change live; returns the summary line."""
    run = DemoRun(deadline_seconds=DEADLINE_SECONDS)
    with AmazonSandbox(port=sandbox_port()) as sandbox:
        sandbox.feeds.processing_seconds = 1.0
        channel = demo_channel(company=company, sandbox=sandbox)
        connect_via_consent(channel=channel)
        views = ", ".join(channel.views.filter(active=True).values_list("name", flat=True))
        say(stdout, f"connected seller {channel.selling_partner_id} at {sandbox.base_url} ({views})")
        product_types, mapped = map_demo_product_types(channel=channel)
        imported = import_catalog(channel=channel)
        say(
            stdout,
            f"{len(product_types)} product types imported ({mapped} attributes auto-mapped); "
            f"listings imported: {import_figures(imported)}",
        )
        view = channel.views.get(remote_id=US)
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT, product_type_ids=product_types)
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=run.deadline)
        feeds = RemoteJob.objects.filter(sales_channel=channel).count()
        say(
            stdout,
            f"pushed {len(product_ids)} products ({feeds} feed(s)); "
            f"the seller now has {sandbox.listings.count()} listings",
        )
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=run.deadline)
        say(stdout, live_change_line(live))
    return run.summary(channel=channel, pushed=counts, imported=imported)


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
    default_port=DEFAULT_SANDBOX_PORT,
    port_env="AMAZON_SANDBOX_PORT",
    start=start_sandbox,
    reconnect=reconnect_demo_channel,
)
