"""Connecting a Magento 2 channel: the credentials checked with one signed call, then the metadata pulled.

The merchant creates an integration in Magento (System > Extensions > Integrations) with access to
Catalog, Stores and Sales, activates it and copies its four values; or gives our activation
endpoint (`activation.py`) as the integration's Callback URL and Magento hands them over itself.
A refused connect raises `SalesChannelError` naming the refused credential; the admin and the
mutation roll back, so a refused connect creates nothing.
"""

from sales_channels.connection import mark_connected
from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.integrations.magento2.factories.mixins import build_client
from sales_channels.integrations.magento2.factories.sales_channels.metadata import pull_metadata
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.surfaces import ConnectSpec

MISSING = {
    "consumer_key": "consumer key",
    "consumer_secret": "consumer secret",
    "access_token": "access token",
    "access_token_secret": "access token secret",
}


class Magento2ConnectError(SalesChannelError):
    """The store refused the connection; the message says what to change."""


def connect_with_credentials(*, channel: Magento2SalesChannel) -> str:
    """Check the credentials (GET store views), mark the channel connected, pull the metadata; one summary line."""
    needed = ("access_token",) if channel.auth_method == Magento2SalesChannel.AuthMethod.BEARER else tuple(MISSING)
    missing = [MISSING[name] for name in needed if not getattr(channel, name)]
    if not channel.base_url:
        missing.insert(0, "store URL")
    if missing:
        raise Magento2ConnectError(f"Give the integration's {', '.join(missing)}.")
    if channel.pk is None:
        channel.save()
    session = build_session(channel=channel)
    with session:
        client = build_client(channel=channel, session=session)
        try:
            client.get("store/storeViews")
        except AuthExpired as error:
            raise Magento2ConnectError(str(error)) from error
        mark_connected(channel=channel)
        channel.save()
        return pull_metadata(channel=channel, client=client)


def connect_from_admin(*, channel: Magento2SalesChannel, request) -> None:
    """The admin's connect flow: credentials are checked at once (no redirect)."""
    connect_with_credentials(channel=channel)


CONNECT_SPEC = ConnectSpec(
    fields=(
        "name",
        "base_url",
        "auth_method",
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
    ),
    connect=connect_from_admin,
    help_text="In Magento: System > Extensions > Integrations > Add New Integration (resources: Catalog, Stores, "
    "Sales), Activate, and copy its consumer key and secret and access token and secret here. Store URL: "
    "https://your-store. Bearer only when the store allows standalone Bearer tokens (2.4.4+ refuses them by default).",
)
