"""eBay OAuth tokens through oauthlib: the code exchange, refresh before expiry (and once on 401), the app token.

oauthlib builds every token request body (`WebApplicationClient.prepare_request_body`,
`prepare_refresh_body`, `BackendApplicationClient.prepare_request_body`) and reads every answer
(`parse_request_body_response`: OAuth errors raised, `expires_in` checked). The request itself goes
through the channel's shared `VendorSession` (throttle, redaction, call log) with the keyset in
`Authorization: Basic`, as eBay asks. `requests_oauthlib.OAuth2Session` is not used to send: it
would open a session of its own outside the shared policy, and it refuses the plain-HTTP local
sandbox through a process-wide environment switch.

- The user token (about two hours) is refreshed when it expires within five minutes, under a row
  lock: two workers refreshing at once end with one token (the second finds it fresh).
- The refresh token (about 18 months) is kept with its expiry; within 30 days of its end every
  refresh (and every connection test) stores a connection warning on the channel (`lastConnectionError`,
  `sales_channel_status`), until the merchant connects again (which clears it).
- The application token (client credentials, for Taxonomy, Metadata, the Notification public
  key) is cached per keyset (`EbayApplicationToken`: client id, a fingerprint of the secret, the API
  host), encrypted, and reused by every channel on that keyset until five minutes before its
  expiry: eBay allows 1,000 such grants per day and App ID, so one is never minted per request or
  per channel. Minting happens under a row lock on the keyset's row: two workers never both mint.
"""

import base64
import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oauthlib.oauth2 import BackendApplicationClient, OAuth2Error, WebApplicationClient

from sales_channels.connection import record_connection_warning
from sales_channels.exceptions import AuthExpired, SalesChannelError, VendorValidationError
from sales_channels.factories.clients import build_session
from sales_channels.http import VendorSession
from sales_channels.integrations.ebay.models import EbayApplicationToken, EbaySalesChannel

logger = logging.getLogger(__name__)

APP_SCOPE = "https://api.ebay.com/oauth/api_scope"
USER_SCOPES = (
    APP_SCOPE,
    "https://api.ebay.com/oauth/api_scope/sell.inventory",
    "https://api.ebay.com/oauth/api_scope/sell.account",
    "https://api.ebay.com/oauth/api_scope/sell.fulfillment",
    "https://api.ebay.com/oauth/api_scope/commerce.identity.readonly",
)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class EbayAuthError(SalesChannelError):
    """eBay refused the authorization (code, refresh token or keyset); the message is safe to show."""

    default_message = "The eBay authorization failed."


def basic_authorization(*, channel: EbaySalesChannel) -> str:
    """`Basic base64(client_id:client_secret)`, the keyset's authentication at the token endpoint."""
    pair = f"{channel.client_id}:{channel.client_secret}".encode()
    return f"Basic {base64.b64encode(pair).decode()}"


def token_request(*, channel: EbaySalesChannel, session: VendorSession, body: str, client) -> dict:
    """POST a prepared token body with the keyset; oauthlib reads the answer (OAuth2Error on refusal)."""
    session.add_secret(channel.client_secret)
    session.add_secret(basic_authorization(channel=channel).removeprefix("Basic "))
    response = session.post(
        channel.token_url,
        data=body,
        headers={**FORM, "Authorization": basic_authorization(channel=channel)},
        idempotent=False,
    )
    if response.status_code >= 500 or response.status_code == 429:
        session.raise_for_vendor_status(response)
    token = client.parse_request_body_response(response.text)
    for name in ("access_token", "refresh_token"):
        session.add_secret(token.get(name))
    return dict(token)


def exchange_code(*, channel: EbaySalesChannel, session: VendorSession, code: str) -> dict:
    """The authorization code for a user token and a refresh token (the RuName as redirect_uri)."""
    client = WebApplicationClient(channel.client_id)
    body = client.prepare_request_body(code=code, redirect_uri=channel.runame, include_client_id=False)
    try:
        return token_request(channel=channel, session=session, body=body, client=client)
    except (OAuth2Error, AuthExpired) as refused:
        raise EbayAuthError(f"eBay refused the authorization code: {_describe(refused)}") from None


def store_user_token(*, channel: EbaySalesChannel, token: dict) -> None:
    """Copy a user-token answer onto the channel (not saved)."""
    now = timezone.now()
    channel.access_token = token["access_token"]
    channel.access_token_expires_at = now + timedelta(seconds=int(token.get("expires_in") or 7200))
    if token.get("refresh_token"):
        channel.refresh_token = token["refresh_token"]
        seconds = int(token.get("refresh_token_expires_in") or 0)
        channel.refresh_token_expires_at = now + timedelta(seconds=seconds) if seconds else None
    scope = token.get("scope")
    if scope:
        channel.scopes = " ".join(scope) if isinstance(scope, list) else str(scope)
    elif not channel.scopes:  # eBay's answer names no scopes: the consent granted those asked for
        channel.scopes = " ".join(USER_SCOPES)


def refresh_user_token(*, channel: EbaySalesChannel, session: VendorSession | None = None, force: bool = False) -> None:
    """A new user token from the refresh token, stored under a row lock; AuthExpired when eBay refuses."""
    if not channel.refresh_token:
        raise AuthExpired("The eBay token expired and there is no refresh token: connect the account again.")
    session = session or build_session(channel=channel)
    failure: SalesChannelError | None = None
    with transaction.atomic():
        locked = EbaySalesChannel.objects.select_for_update().get(pk=channel.pk)
        if locked.access_token != channel.access_token and not locked.token_needs_refresh():
            _copy_user_token(source=locked, target=channel)  # another worker refreshed meanwhile
            return
        if not force and not locked.token_needs_refresh():
            _copy_user_token(source=locked, target=channel)
            return
        client = WebApplicationClient(locked.client_id)
        scopes = locked.scopes.split() or list(USER_SCOPES)
        body = client.prepare_refresh_body(refresh_token=locked.refresh_token, scope=scopes)
        try:
            token = token_request(channel=locked, session=session, body=body, client=client)
        except (OAuth2Error, AuthExpired) as refused:
            failure = AuthExpired(f"eBay refused the refresh token ({_describe(refused)}): connect the account again.")
        else:
            store_user_token(channel=locked, token=token)
            locked.save()
    if failure is not None:
        raise failure
    _copy_user_token(source=locked, target=channel)
    warn_if_reconsent_due(channel=channel)


def warn_if_reconsent_due(*, channel: EbaySalesChannel) -> str:
    """Store (and return) the reconsent warning when the refresh token ends within 30 days; "" otherwise."""
    warning = channel.connection_warning()
    if warning:
        logger.warning("eBay channel %s: the refresh token ends on %s", channel.pk, channel.refresh_token_expires_at)
        record_connection_warning(channel=channel, message=warning)
    return warning


def keyset_key(*, channel: EbaySalesChannel) -> str:
    """The cache key of the channel's keyset: its App ID, a keyed fingerprint of its secret, its API host.

    The secret's fingerprint keeps a channel that knows only an App ID (it is public: it appears in
    consent URLs) from using the token another channel minted with the real secret.
    """
    secret = hmac.new(settings.SECRET_KEY.encode(), channel.client_secret.encode(), hashlib.sha256).hexdigest()
    return hashlib.sha256(f"{channel.client_id}\n{secret}\n{channel.api_url}".encode()).hexdigest()


def _cache_row(*, channel: EbaySalesChannel, key: str) -> EbayApplicationToken:
    row, _ = EbayApplicationToken.objects.get_or_create(
        keyset=key, defaults={"client_id": channel.client_id[:255], "api_url": channel.api_url[:255]}
    )
    return row


def application_token(*, channel: EbaySalesChannel, session: VendorSession) -> str:
    """The keyset's cached application token, or a new one (client credentials) stored for every channel on it."""
    key = keyset_key(channel=channel)
    cached = EbayApplicationToken.objects.filter(keyset=key).first()
    if cached is None or not cached.valid():
        _cache_row(channel=channel, key=key)
        with transaction.atomic():
            cached = EbayApplicationToken.objects.select_for_update().get(keyset=key)
            if not cached.valid():  # another worker may have minted while this one waited for the lock
                client = BackendApplicationClient(channel.client_id)
                body = client.prepare_request_body(scope=[APP_SCOPE], include_client_id=False)
                try:
                    token = token_request(channel=channel, session=session, body=body, client=client)
                except (OAuth2Error, AuthExpired) as refused:
                    raise EbayAuthError(f"eBay refused the application keyset: {_describe(refused)}") from None
                cached.token = token["access_token"]
                cached.expires_at = timezone.now() + timedelta(seconds=int(token.get("expires_in") or 7200))
                cached.minted_count += 1
                cached.save(update_fields=["token", "expires_at", "minted_count", "updated_at"])
    session.add_secret(cached.token)
    return cached.token


def forget_application_token(*, channel: EbaySalesChannel, token: str | None = None) -> None:
    """Drop the keyset's cached token (eBay refused it before its expiry): the next call mints one.

    With `token`, only that token is dropped: a newer one another worker minted meanwhile is kept.
    """
    key = keyset_key(channel=channel)
    with transaction.atomic():
        cached = EbayApplicationToken.objects.select_for_update().filter(keyset=key).first()
        if cached is None or (token is not None and cached.token != token):
            return
        cached.token, cached.expires_at = "", None
        cached.save(update_fields=["token", "expires_at", "updated_at"])


def _copy_user_token(*, source: EbaySalesChannel, target: EbaySalesChannel) -> None:
    for name in ("access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at", "scopes"):
        setattr(target, name, getattr(source, name))


def _describe(refused: BaseException) -> str:
    if isinstance(refused, OAuth2Error):
        return refused.description or refused.error
    if isinstance(refused, VendorValidationError):
        return "; ".join(refused.messages)
    return str(refused)


def user_token_provider(*, channel: EbaySalesChannel, session: VendorSession):
    """A callable returning a valid user token, refreshing it shortly before it expires."""

    def provide() -> str:
        if channel.token_needs_refresh():
            refresh_user_token(channel=channel, session=session)
        if not channel.access_token:
            raise AuthExpired("The eBay channel has no access token: connect the account first.")
        session.add_secret(channel.access_token)
        return channel.access_token

    return provide
