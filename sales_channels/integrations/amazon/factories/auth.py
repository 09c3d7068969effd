"""Connecting a seller: the website authorization workflow, or a pasted refresh token; refreshing access tokens.

Website workflow: `consent_url(...)` stores a fresh single-use `state` and returns Seller Central's
consent page (`version=beta` while the app is in Draft); Amazon sends the merchant back with
`state`, `selling_partner_id` and `spapi_oauth_code`; `finish_authorization(...)` checks the state
(constant time, 10 minutes), exchanges the code for the refresh token through Login with Amazon and
pulls the metadata. `connect_with_refresh_token(...)` checks a pasted refresh token the same way.
A refusal stores a readable reason on the channel and raises `AmazonAuthError`.
"""

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.utils import timezone

from sales_channels.connection import mark_connected, record_connection_failure, record_connection_warning
from sales_channels.exceptions import SalesChannelError
from sales_channels.http import VendorSession
from sales_channels.integrations.amazon.client import AmazonAuthError, AmazonClient, lwa_credentials
from sales_channels.integrations.amazon.factories.metadata import pull_marketplaces
from sales_channels.integrations.amazon.models import AmazonSalesChannel

STATE_TTL = timedelta(minutes=10)


def _session(channel: AmazonSalesChannel) -> VendorSession:
    return VendorSession(
        company_id=channel.multi_tenant_company_id, sales_channel_id=channel.pk, secrets=channel.secret_values()
    )


def _require_app(channel: AmazonSalesChannel) -> None:
    if not channel.lwa_client_id or not channel.lwa_client_secret:
        raise AmazonAuthError("Set the app's LWA client id and client secret on the channel first.")


def consent_url(*, channel: AmazonSalesChannel, redirect_uri: str) -> str:
    """Seller Central's consent page for this app, with a fresh state stored on the channel."""
    _require_app(channel)
    if not channel.application_id:
        raise AmazonAuthError("Set the app's application id (amzn1.sp.solution...) on the channel first.")
    channel.oauth_state = secrets.token_urlsafe(32)
    channel.oauth_state_created_at = timezone.now()
    channel.save(update_fields=["oauth_state", "oauth_state_created_at", "updated_at"])
    query = {"application_id": channel.application_id, "state": channel.oauth_state, "redirect_uri": redirect_uri}
    if channel.draft_app:
        query["version"] = "beta"
    return f"{channel.seller_central}/apps/authorize/consent?{urlencode(query)}"


def _check_state(channel: AmazonSalesChannel, state: str) -> None:
    expected, created = channel.oauth_state, channel.oauth_state_created_at
    if not expected or not secrets.compare_digest(expected, state or ""):
        raise AmazonAuthError("This authorization is unknown or was already used: start the connection again.")
    if created is None or timezone.now() - created > STATE_TTL:
        raise AmazonAuthError("This authorization took longer than 10 minutes: start the connection again.")


def _exchange_code(channel: AmazonSalesChannel, *, code: str, redirect_uri: str) -> dict:
    with _session(channel) as session:
        token_client = AmazonClient(channel=channel, session=session).token_client(credentials=_config(channel))
        token_client.redirect_uri = redirect_uri
        return token_client.authorize_auth_code(code)


def _config(channel: AmazonSalesChannel):
    """The SDK's credentials object (client id and secret) for a token client."""
    values = lwa_credentials(channel)
    return type("LwaCredentials", (), {**values, "refresh_token": channel.refresh_token})()


def finish_authorization(
    *, channel: AmazonSalesChannel, query_params: dict[str, str], redirect_uri: str
) -> AmazonSalesChannel:
    """The consent callback: state, code exchange, tokens stored, metadata pulled."""
    try:
        _require_app(channel)
        _check_state(channel, query_params.get("state", ""))
        code = query_params.get("spapi_oauth_code", "")
        seller = query_params.get("selling_partner_id", "")
        if not code or not seller:
            raise AmazonAuthError("Amazon's answer has no authorization code or seller id: start again.")
        channel.oauth_state, channel.oauth_state_created_at = "", None  # single use, even when the exchange fails
        channel.save(update_fields=["oauth_state", "oauth_state_created_at", "updated_at"])
        answer = _exchange_code(channel, code=code, redirect_uri=redirect_uri)
        if not answer.get("refresh_token"):
            raise AmazonAuthError("Login with Amazon returned no refresh token.")
    except SalesChannelError as error:
        record_connection_failure(channel=channel, error=error)
        raise
    return _store_and_pull(channel, refresh_token=answer["refresh_token"], seller_id=seller, answer=answer)


def connect_with_refresh_token(
    *, channel: AmazonSalesChannel, refresh_token: str, seller_id: str
) -> AmazonSalesChannel:
    """A refresh token from Seller Central's self-authorization: checked by getting an access token, then stored."""
    try:
        _require_app(channel)
        if not refresh_token.startswith("Atzr|") or not seller_id:
            raise AmazonAuthError("Give the refresh token (it starts with Atzr|) and the seller id.")
        channel.refresh_token, channel.access_token, channel.access_token_expires_at = refresh_token, "", None
        with _session(channel) as session:
            AmazonClient(channel=channel, session=session).token_client(
                refresh_token=refresh_token, credentials=_config(channel)
            ).get_auth()
    except SalesChannelError as error:
        record_connection_failure(channel=channel, error=error)
        raise
    return _store_and_pull(channel, refresh_token=refresh_token, seller_id=seller_id, answer=None)


def _store_and_pull(channel: AmazonSalesChannel, *, refresh_token: str, seller_id: str, answer: dict | None):
    channel.refresh_token, channel.selling_partner_id = refresh_token, seller_id
    if answer is not None:
        channel.access_token = str(answer.get("access_token") or "")
        channel.access_token_expires_at = timezone.now() + timedelta(seconds=int(answer.get("expires_in") or 3600))
    mark_connected(channel=channel)
    channel.save()
    try:
        pull_marketplaces(channel=channel)
    except SalesChannelError as error:
        record_connection_warning(
            channel=channel, message=f"Connected, but the marketplaces could not be read: {error}"
        )
    warning = channel.secret_rotation_warning()
    if warning:
        record_connection_warning(channel=channel, message=warning)
    return channel


def refresh_access_token(*, channel: AmazonSalesChannel) -> None:
    """After an AuthExpired: forget the access token and get a new one from the refresh token."""
    channel = AmazonSalesChannel.objects.get(pk=channel.pk)
    channel.access_token, channel.access_token_expires_at = "", None
    with _session(channel) as session:
        try:
            AmazonClient(channel=channel, session=session).token_client(
                refresh_token=channel.refresh_token, credentials=_config(channel)
            ).get_auth()
        except SalesChannelError as error:
            record_connection_failure(channel=channel, error=error)
            raise
