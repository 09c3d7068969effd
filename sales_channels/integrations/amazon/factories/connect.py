"""The admin's connect flow and the one-call connect the end-to-end tests and the demo use.

`connect_from_admin`: with a refresh token pasted on the add form (and the seller id) the token is
checked at once; otherwise the merchant is sent to Seller Central's consent page and the callback
view (`/integrations/amazon/callback`) finishes it. `connect_via_consent` runs the whole website
workflow against a sandbox (which approves at once) by following its redirect.
"""

from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.urls import reverse

from sales_channels.http import VendorSession
from sales_channels.integrations.amazon.client import AmazonAuthError
from sales_channels.integrations.amazon.factories.auth import (
    connect_with_refresh_token,
    consent_url,
    finish_authorization,
)
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.surfaces import ConnectSpec

CALLBACK_URL_NAME = "amazon-oauth-callback"
SANDBOX_REDIRECT_URI = "http://127.0.0.1/amazon/callback"


def callback_uri(*, request) -> str:
    """settings.AMAZON_OAUTH_REDIRECT_URI when set, else this server's own callback view."""
    configured = getattr(settings, "AMAZON_OAUTH_REDIRECT_URI", None)
    return str(configured) if configured else request.build_absolute_uri(reverse(CALLBACK_URL_NAME))


def approve_in_sandbox(*, channel: AmazonSalesChannel, url: str) -> dict[str, str]:
    """The merchant approves: GET the sandbox's consent page and read the callback query off its redirect."""
    with VendorSession(company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk) as session:
        response = session.get(url, allow_redirects=False)
    location = response.headers.get("Location", "")
    if response.status_code not in (301, 302, 303) or not location:
        raise AmazonAuthError(f"The consent page answered HTTP {response.status_code} without a redirect.")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def connect_via_consent(*, channel: AmazonSalesChannel, redirect_uri: str = SANDBOX_REDIRECT_URI) -> AmazonSalesChannel:
    """Consent URL -> approval -> callback (state, code exchange) -> marketplaces pulled."""
    url = consent_url(channel=channel, redirect_uri=redirect_uri)
    params = approve_in_sandbox(channel=channel, url=url)
    return finish_authorization(channel=channel, query_params=params, redirect_uri=redirect_uri)


def connect_from_admin(*, channel: AmazonSalesChannel, request) -> str | None:
    """A pasted refresh token is checked at once; otherwise the consent URL to send the merchant to."""
    if channel.refresh_token:
        connect_with_refresh_token(
            channel=channel, refresh_token=channel.refresh_token, seller_id=channel.selling_partner_id
        )
        return None
    return consent_url(channel=channel, redirect_uri=callback_uri(request=request))


CONNECT_SPEC = ConnectSpec(
    fields=(
        "name",
        "region",
        "application_id",
        "draft_app",
        "lwa_client_id",
        "lwa_client_secret",
        "lwa_secret_expires_on",
        "selling_partner_id",
        "refresh_token",
        "base_url",
        "lwa_url",
        "consent_url",
    ),
    connect=connect_from_admin,
    help_text="Give your SP-API app's application id and LWA credentials, then approve the app in Seller Central. "
    "Or paste a refresh token from Seller Central's self-authorization with your seller id. "
    "The three URLs only for a sandbox.",
)
