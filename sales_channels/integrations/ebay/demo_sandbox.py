"""The eBay sandbox as `make run` serves it: a fixed port, and channels pointing at it reconnected.

The sandbox keeps its seller in memory only. `make run` (`manage.py run_stack`) starts a fresh one
on `EBAY_SANDBOX_PORT` (default 8705) and calls `reconnect_channel` for every channel pointing at
it: the channel gets the sandbox's keyset and a new grant through the real consent flow (and its
metadata pulled again); `run_stack` then verifies its listings (missing ones become outdated and
are pushed again by the worker).
"""

from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.surfaces import SandboxSpec

DEFAULT_SANDBOX_PORT = 8705


def sandbox_port() -> int:
    """The fixed port of the sandbox: env EBAY_SANDBOX_PORT, else settings, else 8705 (0: any free port)."""
    return SANDBOX_SPEC.port()


def start_sandbox(*, port: int) -> EbaySandbox:
    """A seeded sandbox seller serving on 127.0.0.1:`port` in a background thread (`stop()` ends it)."""
    sandbox = EbaySandbox(port=port)
    sandbox.start()
    return sandbox


def reconnect_channel(*, channel, sandbox: EbaySandbox) -> str:
    """Point a channel at a freshly started sandbox and consent again; returns its status line."""
    ebay_channel = channel if isinstance(channel, EbaySalesChannel) else channel.specific
    ebay_channel.base_url = sandbox.base_url
    ebay_channel.client_id = sandbox.client_id
    ebay_channel.client_secret = sandbox.client_secret
    ebay_channel.runame = sandbox.runame
    ebay_channel.save()
    connect_via_oauth(channel=ebay_channel)
    ebay_channel.refresh_from_db()
    return f"reconnected to {sandbox.base_url} ({ebay_channel.connection_status})"


SANDBOX_SPEC = SandboxSpec(
    default_port=DEFAULT_SANDBOX_PORT, port_env="EBAY_SANDBOX_PORT", start=start_sandbox, reconnect=reconnect_channel
)
