"""Connecting a channel: end to end in one call (the demo and end-to-end tests), and the admin's connect flow.

`CONNECT_SPEC` is what the spec declares for the admin: the add form's fields and `connect_from_admin`
(OAuth: the authorize URL with this server's callback; custom app: the token checked at once).
`finish_oauth` is what the callback view and `validateShopifyAuth` run: a refused callback never
changes the state of a channel that is connected.

`connect_via_oauth` runs the real OAuth flow: the authorize URL, the merchant's approval (against
the sandbox, which approves at once, by following its redirect without going to the redirect URI),
then the callback validation, code exchange and metadata pulls.
"""

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.urls import reverse

from sales_channels.exceptions import SalesChannelError
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
from sales_channels.surfaces import ConnectSpec

OAUTH_CALLBACK_URL_NAME = "shopify-oauth-callback"
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


def finish_oauth(*, channel: ShopifySalesChannel, query_params: dict[str, str]) -> ShopifySalesChannel:
    """Validate an OAuth callback; a refused one never changes a connected channel's status or error."""
    was_connected = channel.connection_status == ShopifySalesChannel.ConnectionStatus.CONNECTED
    before = (channel.connection_status, channel.last_connection_error)
    try:
        return ValidateShopifyAuthFactory(channel=channel, query_params=query_params).run()
    except SalesChannelError:
        if was_connected:  # a malformed or replayed callback must not break a working connection
            ShopifySalesChannel.objects.filter(pk=channel.pk).update(
                connection_status=before[0], last_connection_error=before[1]
            )
            channel.connection_status, channel.last_connection_error = before
        raise


def oauth_callback_uri(*, request) -> str:
    """settings.SHOPIFY_OAUTH_REDIRECT_URI when set, else this server's own callback view."""
    configured = getattr(settings, "SHOPIFY_OAUTH_REDIRECT_URI", None)
    return str(configured) if configured else request.build_absolute_uri(reverse(OAUTH_CALLBACK_URL_NAME))


def connect_from_admin(*, channel: ShopifySalesChannel, request) -> str | None:
    """The admin's connect flow: OAuth returns the authorize URL; a custom app's token is checked at once."""
    if channel.auth_method == ShopifySalesChannel.AuthMethod.CUSTOM_APP:
        ConnectShopifyCustomAppFactory(channel=channel, access_token=channel.access_token).run()
        return None
    return GetShopifyRedirectUrlFactory(channel=channel, redirect_uri=oauth_callback_uri(request=request)).run()


CONNECT_SPEC = ConnectSpec(
    fields=("name", "shop_domain", "auth_method", "client_id", "client_secret", "access_token", "base_url"),
    connect=connect_from_admin,
    help_text="OAuth (public app): give the app's client id and credential, then approve the app on Shopify. "
    "Custom app: give its Admin API access token. Base URL only for a sandbox.",
)


def connect_client_credentials(*, channel: ShopifySalesChannel) -> ShopifySalesChannel:
    """Connect a Dev-Dashboard custom app through the client-credentials grant, then pull the metadata."""
    return ConnectShopifyClientCredentialsFactory(channel=channel).run()
