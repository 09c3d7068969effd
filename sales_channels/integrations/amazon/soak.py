"""What the soak command needs from Amazon (`SandboxSpec`): start its sandbox, connect a channel to it.

The demo catalog's product types (T-shirt ... Gift set) carry no Amazon mapping of their own: the
connect hook imports the Amazon product type of each one into the default marketplace and maps it
(auto-mapping brand, colour, size, material), as a merchant would once after connecting, so every
listing can push.
"""

from sales_channels.integrations.amazon.demo import US, demo_channel, map_demo_product_types
from sales_channels.integrations.amazon.factories.connect import connect_via_consent
from sales_channels.integrations.amazon.sandbox import AmazonSandbox
from sales_channels.models import SalesChannelView

FEED_PROCESSING_SECONDS = 1.0


def start_sandbox(*, test_mode: bool) -> AmazonSandbox:
    """An empty seller (no seeded listings) on a free port of 127.0.0.1, fault switches on in test mode."""
    sandbox = AmazonSandbox(seed=False, test_mode=test_mode)
    sandbox.feeds.processing_seconds = FEED_PROCESSING_SECONDS
    sandbox.start()
    return sandbox


def connect_to_sandbox(*, company, sandbox: AmazonSandbox) -> tuple:
    """Connect through the consent flow, map every demo product type; (channel, US marketplace view) to push to."""
    channel = demo_channel(company=company, sandbox=sandbox)
    connect_via_consent(channel=channel)
    channel.refresh_from_db()
    local_types, _ = map_demo_product_types(channel=channel)
    if not local_types:
        raise ValueError(
            f"None of the company's product types has an Amazon product type in the soak's mapping: "
            f"seed the demo catalog first (company {company.pk})."
        )
    view = SalesChannelView.objects.get(sales_channel=channel, remote_id=US)
    return channel, view
