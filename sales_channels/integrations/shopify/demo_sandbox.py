"""The Shopify sandbox as `make demo` and `make run` serve it: a fixed port, and demo channels reconnected to it.

The sandbox keeps its shop in memory only. `make demo` runs one on `SHOPIFY_SANDBOX_PORT` (default
8701) for the length of the demo; `make run` (`manage.py run_stack`) starts a fresh one on the same
port and calls `reconnect_demo_channel` for every channel pointing at it: the channel gets the
sandbox's app credentials and a new token through the real OAuth flow, so it answers again. The
shop lost what the demo pushed, so `run_stack` then verifies the channel's listings against it
(missing ones become outdated) and the worker pushes them again.
"""

from sales_channels.integrations.shopify.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.surfaces import SandboxSpec

DEFAULT_SANDBOX_PORT = 8701


def sandbox_port() -> int:
    """The fixed port of the demo sandbox: env SHOPIFY_SANDBOX_PORT, else settings, else 8701 (0: any free port)."""
    return SANDBOX_SPEC.port()


def start_sandbox(*, port: int) -> ShopifySandbox:
    """A seeded sandbox shop serving on 127.0.0.1:`port` in a background thread (`stop()` ends it)."""
    sandbox = ShopifySandbox(port=port)
    sandbox.start()
    return sandbox


def point_at_sandbox(*, channel: ShopifySalesChannel, sandbox: ShopifySandbox) -> None:
    """Give the channel the sandbox's shop, URL and app credentials (saved)."""
    channel.shop_domain = sandbox.shop
    channel.base_url = sandbox.base_url
    channel.client_id = sandbox.client_id
    channel.client_secret = sandbox.client_secret
    channel.auth_method = ShopifySalesChannel.AuthMethod.OAUTH
    channel.save()


def reconnect_demo_channel(*, channel, sandbox: ShopifySandbox) -> str:
    """Reconnect a channel to a freshly started sandbox through OAuth; returns its status line."""
    shopify_channel = channel if isinstance(channel, ShopifySalesChannel) else channel.specific
    point_at_sandbox(channel=shopify_channel, sandbox=sandbox)
    connect_via_oauth(channel=shopify_channel)
    shopify_channel.refresh_from_db()
    return f"reconnected to {sandbox.base_url} ({shopify_channel.connection_status})"


SANDBOX_SPEC = SandboxSpec(
    default_port=DEFAULT_SANDBOX_PORT,
    port_env="SHOPIFY_SANDBOX_PORT",
    start=start_sandbox,
    reconnect=reconnect_demo_channel,
)
