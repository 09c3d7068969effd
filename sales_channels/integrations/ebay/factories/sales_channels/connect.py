"""Connecting an eBay channel: the admin's connect flow (ConnectSpec) and the end-to-end connect for the sandbox.

`connect_from_admin` returns eBay's consent URL; eBay sends the merchant back to the RuName's
accepted URL, OneSila's callback view (`views.ebay_oauth_callback`), which runs `finish_oauth`.
`connect_via_oauth` runs the whole flow against a sandbox: it follows the consent page's redirect
(the sandbox approves at once) and validates the callback it carries.
"""

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from sales_channels.connection import CONNECTED
from sales_channels.exceptions import SalesChannelError
from sales_channels.http import VendorSession
from sales_channels.integrations.ebay.factories.sales_channels.oauth import (
    GetEbayRedirectUrlFactory,
    ValidateEbayAuthFactory,
)
from sales_channels.integrations.ebay.factories.sales_channels.tokens import EbayAuthError
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.surfaces import ConnectSpec


def approve_in_sandbox(*, channel: EbaySalesChannel, consent_url: str) -> dict[str, str]:
    """The merchant consents: GET the sandbox's consent page and read the callback query off its redirect."""
    session = VendorSession(
        company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk, secrets=channel.secret_values()
    )
    with session:
        response = session.get(consent_url, allow_redirects=False)
    location = response.headers.get("Location", "")
    if response.status_code not in (301, 302, 303, 307) or not location:
        raise EbayAuthError(f"The consent page answered HTTP {response.status_code} without a redirect.")
    return dict(parse_qsl(urlsplit(location).query, keep_blank_values=True))


def connect_via_oauth(
    *, channel: EbaySalesChannel, approve: Callable[..., dict[str, str]] = approve_in_sandbox
) -> EbaySalesChannel:
    """Consent URL -> approval (callback params) -> code exchange -> metadata."""
    consent_url = GetEbayRedirectUrlFactory(channel=channel).run()
    params = approve(channel=channel, consent_url=consent_url)
    return ValidateEbayAuthFactory(channel=channel, query_params=params).run()


def finish_oauth(*, channel: EbaySalesChannel, query_params: dict[str, str]) -> EbaySalesChannel:
    """Validate a consent callback; a refused one never changes a connected channel's status or error."""
    before = (channel.connection_status, channel.last_connection_error)
    try:
        return ValidateEbayAuthFactory(channel=channel, query_params=query_params).run()
    except SalesChannelError:
        if before[0] == CONNECTED:
            EbaySalesChannel.objects.filter(pk=channel.pk).update(
                connection_status=before[0], last_connection_error=before[1]
            )
            channel.connection_status, channel.last_connection_error = before
        raise


def connect_from_admin(*, channel: EbaySalesChannel, request) -> str:
    """The admin's connect flow: eBay's consent URL (the RuName's accepted URL must be OneSila's callback)."""
    return GetEbayRedirectUrlFactory(channel=channel).run()


CONNECT_SPEC = ConnectSpec(
    fields=(
        "name",
        "environment",
        "client_id",
        "client_secret",
        "runame",
        "marketplace_ids",
        "location_country",
        "location_postal_code",
        "base_url",
    ),
    connect=connect_from_admin,
    help_text="Give the keyset's App ID, Cert ID and RuName (its 'auth accepted URL' must be "
    "<this server>/integrations/ebay/oauth/callback), then consent on eBay. Base URL only for a local sandbox.",
)
