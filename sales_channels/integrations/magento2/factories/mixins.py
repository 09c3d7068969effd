"""How the framework builds a client for a Magento 2 channel (the spec's `build_client`)."""

from sales_channels.http import VendorSession
from sales_channels.integrations.magento2.client import Credentials, Magento2Client
from sales_channels.integrations.magento2.models import Magento2SalesChannel


def credentials_of(channel: Magento2SalesChannel) -> Credentials:
    return Credentials(
        consumer_key=channel.consumer_key,
        consumer_secret=channel.consumer_secret,
        access_token=channel.access_token,
        access_token_secret=channel.access_token_secret,
    )


def build_client(*, channel: Magento2SalesChannel, session: VendorSession) -> Magento2Client:
    """The client of one store, over the channel's shared vendor session, signing as the channel says."""
    return Magento2Client(
        base_url=channel.store_url,
        session=session,
        credentials=credentials_of(channel),
        bearer=channel.auth_method == Magento2SalesChannel.AuthMethod.BEARER,
    )
