"""Connecting a channel end to end in one call (the demo and end-to-end tests use these).

`connect_via_oauth` runs the real OAuth flow: the authorize URL, the merchant's approval (against
the sandbox, which approves at once, by following its redirect without going to the redirect URI),
then the callback validation, code exchange and metadata pulls.
"""

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.factories.sales_channels.client_credentials import (
    ConnectShopifyClientCredentialsFactory,
)
from sales_channels.integrations.shopify.factories.sales_channels.custom_app import ConnectShopifyCustomAppFactory
from sales_channels.integrations.shopify.factories.sales_channels.oauth import (
    GetShopifyRedirectUrlFactory,
    ShopifyAuthError,
    ValidateShopifyAuthFactory,
)
from sales_channels.integrations.shopify.models import ShopifySalesChannel

SANDBOX_REDIRECT_URI = "http://127.0.0.1/shopify/callback"


def approve_in_sandbox(*, channel: ShopifySalesChannel, authorize_url: str) -> dict[str, str]:
    """The merchant approves: GET the sandbox's authorize URL and read the callback query off its redirect."""
    session = VendorSession(
        company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk, secrets=channel.secret_values()
    )
    with session:
        response = session.get(authorize_url, allow_redirects=False)
    location = response.headers.get("Location", "")
    if response.status_code not in (301, 302, 303, 307) or not location:
        raise ShopifyAuthError(f"The authorize page answered HTTP {response.status_code} without a redirect.")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def connect_via_oauth(
    *,
    channel: ShopifySalesChannel,
    redirect_uri: str = SANDBOX_REDIRECT_URI,
    approve: Callable[..., dict[str, str]] = approve_in_sandbox,
) -> ShopifySalesChannel:
    """Authorize URL -> approval (`approve(channel=, authorize_url=)` -> callback params) -> validate and pull."""
    authorize_url = GetShopifyRedirectUrlFactory(channel=channel, redirect_uri=redirect_uri).run()
    params = approve(channel=channel, authorize_url=authorize_url)
    return ValidateShopifyAuthFactory(channel=channel, query_params=params).run()


def connect_custom_app(*, channel: ShopifySalesChannel, access_token: str) -> ShopifySalesChannel:
    """Store an existing legacy custom app's admin access token after checking it, then pull the metadata."""
    return ConnectShopifyCustomAppFactory(channel=channel, access_token=access_token).run()


def connect_client_credentials(*, channel: ShopifySalesChannel) -> ShopifySalesChannel:
    """Connect a Dev-Dashboard custom app through the client-credentials grant, then pull the metadata."""
    return ConnectShopifyClientCredentialsFactory(channel=channel).run()
