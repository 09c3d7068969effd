"""What the soak command needs from WooCommerce (`SandboxSpec`): start its store, connect a channel to it."""

from sales_channels.integrations.woocommerce.demo import demo_channel
from sales_channels.integrations.woocommerce.demo_sandbox import connect_to
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox, accept_http_urls
from sales_channels.models import SalesChannelView


def start_sandbox(*, test_mode: bool) -> WooCommerceSandbox:
    """An empty store on a free port of 127.0.0.1, fault switches on in test mode."""
    sandbox = WooCommerceSandbox(seed_products=False, test_mode=test_mode, fetch_src=accept_http_urls)
    sandbox.start()
    return sandbox


def connect_to_sandbox(*, company, sandbox: WooCommerceSandbox) -> tuple:
    """Connect with a key pair the store issues (checked with a read call); (channel, view) to push to."""
    channel = demo_channel(company=company)
    connect_to(channel=channel, sandbox=sandbox)
    channel.refresh_from_db()
    view = SalesChannelView.objects.filter(sales_channel=channel).order_by("-is_default", "id").first()
    return channel, view
