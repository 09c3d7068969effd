"""How the framework builds a client for a Magento2 channel (the spec's `build_client`)."""

from sales_channels.integrations.magento2.client import Magento2Client


def build_client(*, channel, session) -> Magento2Client:
    """The client of one channel, over the channel's shared vendor session."""
    return Magento2Client(base_url=channel.base_url, session=session)
