"""Shopify access tokens: store a token answer, refresh an expiring offline token before expiry or on 401.

Shopify replaces the refresh token on every refresh, so the new pair is written atomically under a
row lock: two workers refreshing at once end with one valid pair (the second sees the first's
fresh token and does not refresh again).

A refresh is a vendor call like any other: it goes through the channel's shared session (throttle,
redaction, call log). A refused refresh leaves the lock's transaction normally and raises after it,
so its `RemoteCallLog` row is committed, not rolled back with the failure.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sales_channels.exceptions import AuthExpired, SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.models import ShopifySalesChannel


def store_token_answer(*, channel: ShopifySalesChannel, answer: dict) -> None:
    """Copy an `/admin/oauth/access_token` answer onto the channel (not saved)."""
    now = timezone.now()
    channel.access_token = answer["access_token"]
    if answer.get("scope"):
        channel.scopes = answer["scope"]
    if answer.get("expires_in"):
        channel.access_token_expires_at = now + timedelta(seconds=int(answer["expires_in"]))
        channel.refresh_token = answer.get("refresh_token") or channel.refresh_token
        if answer.get("refresh_token_expires_in"):
            channel.refresh_token_expires_at = now + timedelta(seconds=int(answer["refresh_token_expires_in"]))
    else:
        channel.access_token_expires_at = None


def refresh_access_token(*, channel: ShopifySalesChannel, session: VendorSession | None = None) -> None:
    """Exchange the refresh token for a new pair and store both atomically; AuthExpired when impossible."""
    if not channel.refresh_token:
        raise AuthExpired("The Shopify access token was rejected and there is no refresh token: reconnect the shop.")
    session = session or build_session(channel=channel)
    session.add_secret(channel.client_secret)
    failure: SalesChannelError | None = None
    with transaction.atomic():
        locked = ShopifySalesChannel.objects.select_for_update().get(pk=channel.pk)
        if locked.access_token != channel.access_token and not locked.token_needs_refresh():
            _copy_tokens(source=locked, target=channel)  # another worker refreshed meanwhile
            return
        try:
            answer = _request_new_pair(channel=locked, session=session)
        except SalesChannelError as error:
            failure = error  # raised below, once the call log row of the refused refresh is committed
        else:
            store_token_answer(channel=locked, answer=answer)
            locked.save()
    if failure is not None:
        raise failure
    _copy_tokens(source=locked, target=channel)


def _request_new_pair(*, channel: ShopifySalesChannel, session: VendorSession) -> dict:
    """POST the refresh grant; the token answer, or the taxonomy's error."""
    response = session.post(
        f"{channel.api_base_url}/admin/oauth/access_token",
        json={
            "client_id": channel.client_id,
            "client_secret": channel.client_secret,
            "grant_type": "refresh_token",
            "refresh_token": channel.refresh_token,
        },
        idempotent=False,
    )
    if response.status_code in (400, 401):
        raise AuthExpired("Shopify refused the refresh token: reconnect the shop.")
    session.raise_for_vendor_status(response)
    answer = session.parse_json(response)
    if not isinstance(answer, dict) or not answer.get("access_token"):
        raise AuthExpired("Shopify's refresh answer has no access token: reconnect the shop.")
    session.add_secret(answer.get("access_token"))
    session.add_secret(answer.get("refresh_token"))
    return answer


def _copy_tokens(*, source: ShopifySalesChannel, target: ShopifySalesChannel) -> None:
    for name in ("access_token", "access_token_expires_at", "refresh_token", "refresh_token_expires_at", "scopes"):
        setattr(target, name, getattr(source, name))


def token_provider(*, channel: ShopifySalesChannel, session: VendorSession):
    """A callable returning a valid access token, refreshing an expiring one shortly before expiry."""

    def provide() -> str:
        if channel.token_needs_refresh():
            refresh_access_token(channel=channel, session=session)
        if not channel.access_token:
            raise AuthExpired("The Shopify channel has no access token: connect it first.")
        return channel.access_token

    return provide
