"""What the soak command needs from Shopify (`SandboxSpec`): start its sandbox, connect a channel to it."""

from sales_channels.integrations.shopify.demo import demo_channel, forget_previous_shop, map_properties
from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.models import SalesChannelView


def start_sandbox(*, test_mode: bool) -> ShopifySandbox:
    """An empty shop (no seeded products) on a free port of 127.0.0.1, fault switches on in test mode."""
    sandbox = ShopifySandbox(seed_products=False, test_mode=test_mode)
    sandbox.start()
    return sandbox


def connect_to_sandbox(*, company, sandbox: ShopifySandbox) -> tuple:
    """Connect through the real OAuth flow (as the demo does), map properties; (channel, view) to push to."""
    channel = demo_channel(company=company, sandbox=sandbox)
    forget_previous_shop(channel=channel)
    connect_via_oauth(channel=channel)
    channel.refresh_from_db()
    map_properties(channel=channel)
    view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
    return channel, view
