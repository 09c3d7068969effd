"""The eBay demo (`make demo`): a sandbox seller connected, categories imported and mapped, pushed, changed live.

`run_ebay_demo(company=, stdout=)` starts a fresh `EbaySandbox` on the fixed demo port (`EBAY_SANDBOX_PORT`,
default 8705), points the company's "eBay sandbox" channel at it and connects it through the real
consent flow (consent page, RuName redirect, state check, code exchange; the metadata pull follows:
seller, EBAY_US, policies, location, category tree). It imports the categories of the demo's T-shirts
and hoodies (aspects auto-mapped to brand, size, colour and material; other product types list under
"Everything Else > Other"), imports the seller's inventory, pushes up to `PUSH_LIMIT` products
(checked against their category's aspects first), then changes one price and one stock level and
reads both back from the sandbox.

eBay fetches images over HTTPS only, and the demo catalog's images are local files: every pushed
product without an HTTPS image gets a placeholder HTTPS image on this channel only, and the demo
says how many (nothing fails for it silently).
"""

from decimal import Decimal

from django.db.models import Q

from media.models import Media, MediaProductThrough
from products.models import Product
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
from sales_channels.integrations.ebay.demo_sandbox import sandbox_port, start_sandbox
from sales_channels.integrations.ebay.factories.products.steps import public_url
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import ListingIssue

CHANNEL_NAME = "eBay sandbox"
VENDOR = "eBay"
MARKETPLACE = "EBAY_US"
PUSH_LIMIT = 40
DEADLINE_SECONDS = 300
LOCAL_TO_EBAY = {"t-shirt": "15687", "hoodie": "155183"}  # the sandbox's T-Shirts, Hoodies & Sweatshirts
OTHER_CATEGORY = "88433"  # Everything Else > Other: no required aspects
PLACEHOLDER_IMAGES = "https://images.onesila.invalid/ebay-sandbox"


def point_at_sandbox(*, channel: EbaySalesChannel, sandbox: EbaySandbox) -> EbaySalesChannel:
    """The sandbox's URL, keyset and RuName on the channel, selling on EBAY_US (saved)."""
    channel.base_url = sandbox.base_url
    channel.client_id, channel.client_secret, channel.runame = sandbox.client_id, sandbox.client_secret, sandbox.runame
    channel.marketplace_ids = [MARKETPLACE]
    channel.active = True
    channel.save()
    return channel


def demo_channel(*, company, sandbox: EbaySandbox) -> EbaySalesChannel:
    """The company's sandbox channel (created once); the last run's mirrors, offers and open tasks forgotten."""
    channel = EbaySalesChannel.objects.filter(multi_tenant_company=company, name=CHANNEL_NAME).first()
    channel = channel or EbaySalesChannel(multi_tenant_company=company, name=CHANNEL_NAME)
    point_at_sandbox(channel=channel, sandbox=sandbox)
    forget_previous_run(channel=channel)
    return channel


def map_demo_categories(*, channel: EbaySalesChannel, view: EbayMarketplaceView) -> tuple[int, int]:
    """Import the category of each demo product type that has one, map it; others list under Other.

    Returns (categories mapped, aspects auto-mapped in all).
    """
    values = PropertySelectValue.objects.filter(
        multi_tenant_company_id=channel.multi_tenant_company_id, property__is_product_type=True
    ).prefetch_related("translations")
    wanted = [(value, LOCAL_TO_EBAY.get(value.value(language="en").lower())) for value in values]

    def run(client) -> tuple[int, int]:
        done, mapped = 0, 0
        for value, category_id in wanted:
            if category_id is None:
                continue
            result = categories.import_category(client=client, view=view, category_id=category_id)
            map_product_type(view=view, local_product_type=value, schema=result.schema)
            done, mapped = done + 1, mapped + len(result.automap.mapped)
        categories.import_category(client=client, view=view, category_id=OTHER_CATEGORY)
        return done, mapped

    view.category_id = OTHER_CATEGORY
    view.save(update_fields=["category_id"])
    return categories.with_client(channel=channel, action=run)


def give_https_images(*, channel: EbaySalesChannel, product_ids: list[int]) -> int:
    """Each product without an image eBay can fetch (HTTPS) gets a placeholder HTTPS image on this channel only.

    Returns how many got one (a rerun finds them and adds none).
    """
    links = MediaProductThrough.objects.filter(product_id__in=product_ids).filter(
        Q(sales_channel__isnull=True) | Q(sales_channel_id=channel.pk)
    )
    served = {
        link.product_id for link in links.select_related("media") if public_url(link.media.url).startswith("https://")
    }
    given = 0
    for product in Product.objects.filter(pk__in=product_ids).exclude(pk__in=served).order_by("pk"):
        media = Media.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id,
            source_url=f"{PLACEHOLDER_IMAGES}/{product.sku}.png",
            title=f"{product.sku} (placeholder for the eBay sandbox)",
        )
        MediaProductThrough.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id,
            media=media,
            product=product,
            is_main_image=True,
            sales_channel=channel,
        )
        given += 1
    return given


def _remote_offer(sandbox: EbaySandbox, sku: str) -> tuple[Decimal | None, int | None]:
    """(price, quantity) of the SKU's offer on EBAY_US in the sandbox."""
    offer = next(
        (o for o in sandbox.inventory.offers.values() if o["sku"] == sku and o["marketplaceId"] == MARKETPLACE), {}
    )
    amount = ((offer.get("pricingSummary") or {}).get("price") or {}).get("value")
    return (Decimal(str(amount)) if amount is not None else None), offer.get("availableQuantity")


def live_change(
    *, channel: EbaySalesChannel, sandbox: EbaySandbox, product_ids: list[int], deadline: float
) -> LiveChange | None:
    """Raise one pushed simple product's (or variation's) price by 1 and stock by 5; read both back from eBay."""
    return live_change_read_back(
        channel=channel,
        vendor=VENDOR,
        product_ids=product_ids,
        deadline=deadline,
        read_remote=lambda sku: _remote_offer(sandbox, sku),
    )


def issues_line(*, channel: EbaySalesChannel) -> str:
    """How many listings the check before sending held back, with the first reason."""
    issues = ListingIssue.objects.filter(sales_channel_id=channel.pk).order_by("id")
    first = issues.first()
    if first is None:
        return "no listing held back by its category's aspects"
    listings = issues.values("remote_product_id").distinct().count()
    return f"{listings} listing(s) held back by their category's aspects, e.g. {first.message}"


def run_ebay_demo(*, company, stdout=None) -> str:
    """Connect, import categories and inventory, push, change live; returns the summary line."""
    run = DemoRun(deadline_seconds=DEADLINE_SECONDS)
    sandbox = start_sandbox(port=sandbox_port())
    try:
        channel = demo_channel(company=company, sandbox=sandbox)
        connect_via_oauth(channel=channel)
        channel.refresh_from_db()
        view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id=MARKETPLACE)
        say(stdout, f"connected seller {channel.ebay_username} at {sandbox.base_url} ({channel.connection_status})")
        mapped_types, aspects = map_demo_categories(channel=channel, view=view)
        imported = import_catalog(channel=channel)
        say(
            stdout,
            f"{mapped_types} product types mapped to eBay categories ({aspects} aspects auto-mapped), others under "
            f"'Other'; inventory imported: {import_figures(imported)}",
        )
        if imported.warning_count:
            say(
                stdout,
                f"{imported.warning_count} listings made outside the Inventory API reported as import warnings "
                "(each with what bulk_migrate_listing needs)",
            )
        product_ids = demo_products(channel=channel, limit=PUSH_LIMIT)
        given = give_https_images(channel=channel, product_ids=product_ids)
        if given:
            say(
                stdout,
                f"{given} of {len(product_ids)} products had no HTTPS image (eBay fetches HTTPS only): each got a "
                "placeholder HTTPS image on this channel",
            )
        counts = push(channel=channel, view=view, product_ids=product_ids, deadline=run.deadline)
        say(stdout, f"pushed {len(product_ids)} products; the seller now holds {sandbox.counts()}")
        say(stdout, issues_line(channel=channel))
        live = live_change(channel=channel, sandbox=sandbox, product_ids=product_ids, deadline=run.deadline)
        say(stdout, live_change_line(live))
    finally:
        sandbox.stop()
    return run.summary(channel=channel, pushed=counts, imported=imported)
