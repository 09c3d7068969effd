"""Dev-Dashboard custom apps: the client-credentials grant, renewed before its 24 h token expires.

Since 2026-01-01 new custom apps come from the Dev Dashboard (legacy "Develop apps" custom apps with a
static admin token can no longer be created; existing ones keep working through `custom_app.py`).
Such an app installed on its own organisation's shop gets tokens with the client-credentials grant:
`POST /admin/oauth/access_token` with `grant_type=client_credentials`, `client_id`, `client_secret`,
answered with a token valid 24 h and no refresh token. So the channel asks again shortly before
expiry (and once after a 401), under a row lock so concurrent workers ask once. Each new token
revokes the previous one (one expiring offline token per app and shop).
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.client import ShopifyClient
from sales_channels.integrations.shopify.factories.sales_channels.metadata_parsers import parse_shop
from sales_channels.integrations.shopify.factories.sales_channels.oauth import ShopifyAuthError
from sales_channels.integrations.shopify.factories.sales_channels.status import (
    mark_connected,
    record_connection_failure,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.signals import refresh_website_pull_models

logger = logging.getLogger(__name__)


def request_token(*, channel: ShopifySalesChannel, session: VendorSession) -> dict:
    """One client-credentials grant; ShopifyAuthError (a message a merchant can act on) when refused."""
    session.add_secret(channel.client_secret)
    response = session.post(
        f"{channel.api_base_url}/admin/oauth/access_token",
        json={
            "client_id": channel.client_id,
            "client_secret": channel.client_secret,
            "grant_type": "client_credentials",
        },
        idempotent=False,
    )
    if response.status_code in (400, 401, 403):
        raise ShopifyAuthError(
            "Shopify refused the app's client credentials: check the client id and secret of the Dev-Dashboard app "
            "and that it is installed on this shop."
        )
    session.raise_for_vendor_status(response)
    answer = session.parse_json(response)
    if not isinstance(answer, dict) or not answer.get("access_token"):
        raise ShopifyAuthError("Shopify's token answer has no access token.")
    session.add_secret(answer["access_token"])
    return answer


def store_token(*, channel: ShopifySalesChannel, answer: dict) -> None:
    """Copy a client-credentials answer onto the channel (not saved): the token and when it expires."""
    channel.access_token = answer["access_token"]
    if answer.get("scope"):
        channel.scopes = answer["scope"]
    seconds = int(answer.get("expires_in") or 0)
    channel.access_token_expires_at = timezone.now() + timedelta(seconds=seconds) if seconds else None
    channel.refresh_token = ""
    channel.refresh_token_expires_at = None


def renew_token(*, channel: ShopifySalesChannel, session: VendorSession | None = None) -> None:
    """Ask for a new token under a row lock (another worker's fresh token is reused); AuthExpired when refused."""
    session = session or VendorSession(company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk)
    with transaction.atomic():
        locked = ShopifySalesChannel.objects.select_for_update().get(pk=channel.pk)
        if locked.access_token != channel.access_token and not locked.token_expiring():
            _copy(source=locked, target=channel)
            return
        try:
            answer = request_token(channel=locked, session=session)
        except ShopifyAuthError as error:
            raise AuthExpired(error.message) from error
        store_token(channel=locked, answer=answer)
        locked.save()
    logger.info("Shopify channel %s: client-credentials token renewed", channel.pk)
    _copy(source=locked, target=channel)


def _copy(*, source: ShopifySalesChannel, target: ShopifySalesChannel) -> None:
    for name in ("access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at", "scopes"):
        setattr(target, name, getattr(source, name))


def client_credentials_provider(*, channel: ShopifySalesChannel, session: VendorSession):
    """A callable returning a valid token, renewed by the grant shortly before it expires."""

    def provide() -> str:
        if not channel.access_token or channel.token_expiring():
            renew_token(channel=channel, session=session)
        return channel.access_token

    return provide


class ConnectShopifyClientCredentialsFactory:
    """Connect a Dev-Dashboard custom app: grant a token, check it with one call, store it, pull metadata."""

    def __init__(self, *, channel: ShopifySalesChannel) -> None:
        self.channel = channel

    def run(self) -> ShopifySalesChannel:
        channel = self.channel
        session = VendorSession(
            company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk, secrets=channel.secret_values()
        )
        try:
            if not channel.client_id or not channel.client_secret:
                raise ShopifyAuthError("Set the Dev-Dashboard app's client id and client secret on the channel first.")
            with session:
                answer = request_token(channel=channel, session=session)
                client = ShopifyClient(channel=channel, session=session, token_provider=lambda: answer["access_token"])
                try:
                    shop = parse_shop(data=client.execute(document="shop_metadata"))
                except SalesChannelError as error:
                    raise ShopifyAuthError(f"Shopify refused the granted token: {error.message}") from error
        except SalesChannelError as error:
            record_connection_failure(channel=channel, error=error)
            raise
        channel.auth_method = ShopifySalesChannel.AuthMethod.CLIENT_CREDENTIALS
        store_token(channel=channel, answer=answer)
        channel.shop_name = shop["shop_name"]
        channel.shop_currency = shop["shop_currency"]
        mark_connected(channel=channel)
        channel.save()
        logger.info("Shopify channel %s connected with the client-credentials grant", channel.pk)
        refresh_website_pull_models.send(sender=ShopifySalesChannel, instance=channel)
        return channel
