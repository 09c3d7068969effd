"""The legacy custom-app path: an existing admin-created app's static Admin API token, checked, then stored.

Legacy custom apps ("Develop apps" in the shop admin) got a non-expiring token, no OAuth dance. They
cannot be created any more since 2026-01-01 (new custom apps come from the Dev Dashboard and use the
authorization-code or the client-credentials grant, see `client_credentials.py`); apps created before
keep working, so this path stays for them. The token is only stored once `shop_metadata` answers
with it, so a typo never replaces a working token.
"""

import logging

from sales_channels.exceptions import SalesChannelError
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


class ConnectShopifyCustomAppFactory:
    """Validate a custom app's admin access token with one authenticated call, then store it encrypted."""

    def __init__(self, *, channel: ShopifySalesChannel, access_token: str) -> None:
        self.channel = channel
        self.access_token = (access_token or "").strip()

    def run(self) -> ShopifySalesChannel:
        channel = self.channel
        try:
            if not self.access_token:
                raise ShopifyAuthError("Give the custom app's Admin API access token.")
            shop = self._check_token()
        except SalesChannelError as error:
            record_connection_failure(channel=channel, error=error)
            raise
        channel.auth_method = ShopifySalesChannel.AuthMethod.CUSTOM_APP
        channel.access_token = self.access_token
        channel.access_token_expires_at = None
        channel.refresh_token = ""
        channel.refresh_token_expires_at = None
        channel.shop_name = shop["shop_name"]
        channel.shop_currency = shop["shop_currency"]
        mark_connected(channel=channel)
        channel.save()
        logger.info("Shopify channel %s connected with a custom-app token", channel.pk)
        refresh_website_pull_models.send(sender=ShopifySalesChannel, instance=channel)
        return channel

    def _check_token(self) -> dict:
        channel = self.channel
        session = VendorSession(
            company_id=channel.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            secrets=[*channel.secret_values(), self.access_token],
        )
        with session:
            client = ShopifyClient(channel=channel, session=session, token_provider=lambda: self.access_token)
            try:
                data = client.execute(document="shop_metadata")
            except SalesChannelError as error:
                raise ShopifyAuthError(f"Shopify refused the access token: {error.message}") from error
        return parse_shop(data=data)
