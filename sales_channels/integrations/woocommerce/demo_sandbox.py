"""The WooCommerce sandbox as `make demo` and `make run` serve it: a fixed port, demo channels reconnected to it.

The store keeps its data in memory only. `make demo` runs one on `WOOCOMMERCE_SANDBOX_PORT`
(default 8702) for the length of the demo; `make run` starts a fresh one on the same port and
calls `reconnect_demo_channel` for every channel pointing at it: the merchant's side issues a new
key pair (the old store and its keys are gone) and the channel connects with it through the real
key check. The demo store accepts any http(s) image URL without downloading it (the demo's images
are served by a server that is not running during `make demo`).
"""

from sales_channels.integrations.woocommerce.factories.sales_channels.connect import connect_with_keys
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox, accept_http_urls
from sales_channels.surfaces import SandboxSpec

DEFAULT_SANDBOX_PORT = 8702


def sandbox_port() -> int:
    """The fixed port of the demo store: env WOOCOMMERCE_SANDBOX_PORT, else settings, else 8702 (0: any free port)."""
    return SANDBOX_SPEC.port()


def start_sandbox(*, port: int) -> WooCommerceSandbox:
    """A seeded sandbox store on 127.0.0.1:`port` in a background thread (`stop()` ends it)."""
    sandbox = WooCommerceSandbox(port=port, fetch_src=accept_http_urls)
    sandbox.start()
    return sandbox


def connect_to(*, channel: WooCommerceSalesChannel, sandbox: WooCommerceSandbox) -> None:
    """Point the channel at the store, have the store issue a key pair and connect with it (checked, metadata)."""
    channel.store_url = channel.base_url = sandbox.base_url  # base_url: how `make run` finds sandbox channels
    channel.save()
    consumer_key, consumer_secret = sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=consumer_key, consumer_secret=consumer_secret)


def reconnect_demo_channel(*, channel, sandbox: WooCommerceSandbox) -> str:
    """Reconnect a channel to a freshly started store; returns its status line."""
    woo_channel = channel if isinstance(channel, WooCommerceSalesChannel) else channel.specific
    connect_to(channel=woo_channel, sandbox=sandbox)
    woo_channel.refresh_from_db()
    return f"reconnected to {sandbox.base_url} ({woo_channel.connection_status})"


SANDBOX_SPEC = SandboxSpec(
    default_port=DEFAULT_SANDBOX_PORT,
    port_env="WOOCOMMERCE_SANDBOX_PORT",
    start=start_sandbox,
    reconnect=reconnect_demo_channel,
)
