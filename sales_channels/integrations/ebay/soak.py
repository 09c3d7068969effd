"""What the soak command needs from eBay (`SandboxSpec`): start its sandbox, connect a channel to it."""

from products.models import Product
from sales_channels.integrations.ebay.demo import MARKETPLACE, demo_channel, give_https_images, map_demo_categories
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.integrations.ebay.sandbox import EbaySandbox


def start_sandbox(*, test_mode: bool) -> EbaySandbox:
    """A seller without inventory on a free port of 127.0.0.1, fault switches on in test mode."""
    sandbox = EbaySandbox(seed_items=False, test_mode=test_mode)
    sandbox.start()
    return sandbox


def connect_to_sandbox(*, company, sandbox: EbaySandbox) -> tuple:
    """Connect through the real consent flow, map categories, give HTTPS images; (channel, view) to push to."""
    channel = demo_channel(company=company, sandbox=sandbox)
    connect_via_oauth(channel=channel)
    channel.refresh_from_db()
    view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id=MARKETPLACE)
    map_demo_categories(channel=channel, view=view)
    top_level = Product.objects.filter(multi_tenant_company=company, parent_links__isnull=True)
    give_https_images(channel=channel, product_ids=list(top_level.values_list("pk", flat=True)))
    return channel, view
