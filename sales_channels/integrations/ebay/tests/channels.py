"""A connected eBay channel built in the database (no sandbox) and a client on its shared session, for unit tests."""

from datetime import timedelta

from django.utils import timezone

from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.sales_channels.tokens import USER_SCOPES
from sales_channels.integrations.ebay.models import EbaySalesChannel


def connected_channel(company, *, access_token: str = "v^user", **fields) -> EbaySalesChannel:
    """A channel with a valid user token (an hour left) and a refresh token (500 days left)."""
    return EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture seller",
        client_id="App-ID-1",
        client_secret="Cert-ID-secret",
        runame="Run-Name-1",
        access_token=access_token,
        access_token_expires_at=timezone.now() + timedelta(hours=1),
        refresh_token="v^refresh",
        refresh_token_expires_at=timezone.now() + timedelta(days=500),
        scopes=" ".join(USER_SCOPES),
        connection_status="connected",
        **fields,
    )


def client_for(channel: EbaySalesChannel) -> EbayClient:
    """The channel's client on its shared session, which never sleeps between retries."""
    session = build_session(channel=channel)
    session.sleep = lambda seconds: None
    return EbayClient(channel=channel, session=session)
