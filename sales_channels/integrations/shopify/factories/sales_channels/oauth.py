"""Shopify OAuth (authorization-code grant): the authorize URL, then the callback check and code exchange.

`GetShopifyRedirectUrlFactory` stores a fresh single-use state nonce on the channel and returns the
authorize URL, built against the channel's API base URL (the shop, or a sandbox). ShopifyAPI's
`Session.create_permission_url` is not used: it forces `https://<name>.myshopify.com`.

`ValidateShopifyAuthFactory` checks the callback like Shopify asks: the shop domain, the hex HMAC
over the sorted query and the timestamp (ShopifyAPI's `Session.validate_params`), then consumes the
state nonce, exchanges the code through the shared `VendorSession` (asking for an expiring offline
token with `expiring=1`), stores the tokens encrypted and triggers the metadata pulls. Any refusal
marks the channel failed with a message a merchant can act on and raises `ShopifyAuthError`.
"""

import logging
import secrets
import threading
from datetime import timedelta
from urllib.parse import urlencode

import shopify
from django.utils import timezone

from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.factories.sales_channels import constants
from sales_channels.integrations.shopify.factories.sales_channels.status import (
    mark_connected,
    record_connection_failure,
)
from sales_channels.integrations.shopify.factories.sales_channels.tokens import store_token_answer
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.signals import refresh_website_pull_models

logger = logging.getLogger(__name__)

REQUIRED_CALLBACK_PARAMS = ("code", "hmac", "shop", "state", "timestamp")
# ShopifyAPI keeps the app key and secret on the Session class: one validation at a time per process.
_SESSION_CLASS_LOCK = threading.Lock()


class ShopifyAuthError(SalesChannelError):
    """The authorization was refused (bad callback, state or code); the message is safe to show."""

    default_message = "The Shopify authorization failed."


def signature_checks(*, client_id: str, client_secret: str, params: dict[str, str]) -> tuple[bool, bool]:
    """(HMAC valid, timestamp fresh) of callback params, through ShopifyAPI's Session validators."""
    with _SESSION_CLASS_LOCK:
        shopify.Session.setup(api_key=client_id, secret=client_secret)
        try:
            signed = bool(shopify.Session.validate_hmac(params))
            fresh = signed and bool(shopify.Session.validate_params(params))
        finally:
            shopify.Session.setup(api_key=None, secret=None)
    return signed, fresh


def _require_app_credentials(channel: ShopifySalesChannel) -> None:
    if not channel.client_id or not channel.client_secret:
        raise ShopifyAuthError("Set the app's client id and client credential on the channel first.")
    if not constants.is_shop_domain(channel.shop_domain):
        raise ShopifyAuthError(f"'{channel.shop_domain}' is not a valid shop domain (<name>.myshopify.com).")


class GetShopifyRedirectUrlFactory:
    """Store a fresh state nonce on the channel and return the shop's authorize URL."""

    def __init__(self, *, channel: ShopifySalesChannel, redirect_uri: str | None = None) -> None:
        self.channel = channel
        self.redirect_uri = redirect_uri or constants.oauth_redirect_uri()

    def run(self) -> str:
        _require_app_credentials(self.channel)
        state = secrets.token_urlsafe(32)
        self.channel.oauth_state = state
        self.channel.oauth_state_created_at = timezone.now()
        self.channel.save()
        query = {
            "client_id": self.channel.client_id,
            "scope": ",".join(constants.scopes()),
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        return f"{self.channel.api_base_url}/admin/oauth/authorize?{urlencode(query)}"


class ValidateShopifyAuthFactory:
    """Verify an OAuth callback, exchange its code for tokens, store them and pull the shop's metadata."""

    def __init__(self, *, channel: ShopifySalesChannel, query_params: dict[str, str]) -> None:
        self.channel = channel
        self.params = {str(key): str(value) for key, value in (query_params or {}).items()}

    def run(self) -> ShopifySalesChannel:
        try:
            self._check_callback()
            self._consume_state()
            answer = self._exchange_code()
        except SalesChannelError as error:
            record_connection_failure(channel=self.channel, error=error)
            raise
        self._store(answer)
        services.channel_reconnected(channel=self.channel)  # tasks that failed on auth run again
        refresh_website_pull_models.send(sender=ShopifySalesChannel, instance=self.channel)
        return self.channel

    def _check_callback(self) -> None:
        _require_app_credentials(self.channel)
        missing = [name for name in REQUIRED_CALLBACK_PARAMS if not self.params.get(name)]
        if missing:
            raise ShopifyAuthError(f"The callback is missing: {', '.join(missing)}.")
        shop = self.params["shop"]
        if not constants.is_shop_domain(shop):
            raise ShopifyAuthError(f"The callback's shop '{shop[:100]}' is not a valid shop domain.")
        if shop.lower() != self.channel.shop_domain.lower():
            raise ShopifyAuthError(
                f"The callback is for shop '{shop}', not this channel's '{self.channel.shop_domain}'."
            )
        if not self.params["timestamp"].isdigit():
            raise ShopifyAuthError("The callback's timestamp is not a number.")
        signed, fresh = signature_checks(
            client_id=self.channel.client_id, client_secret=self.channel.client_secret, params=self.params
        )
        if not signed:
            raise ShopifyAuthError("The callback's HMAC signature is invalid: it was not signed by Shopify.")
        if not fresh:
            raise ShopifyAuthError("The callback is too old (stale timestamp): start the connection again.")

    def _consume_state(self) -> None:
        """Single use: the nonce is cleared atomically, so a replayed callback finds no state."""
        state = self.params["state"]
        expected = self.channel.oauth_state or ""
        if not expected or not secrets.compare_digest(state, expected):
            raise ShopifyAuthError("The callback's state does not match a pending authorization: start again.")
        issued_at = self.channel.oauth_state_created_at
        consumed = ShopifySalesChannel.objects.filter(pk=self.channel.pk, oauth_state=expected).update(
            oauth_state="", oauth_state_created_at=None
        )
        self.channel.oauth_state, self.channel.oauth_state_created_at = "", None
        self.channel.refresh_from_db(fields=["oauth_state", "oauth_state_created_at"])
        if not consumed:
            raise ShopifyAuthError("This authorization was already used: start the connection again.")
        if issued_at is None or timezone.now() - issued_at > timedelta(seconds=constants.oauth_state_ttl()):
            raise ShopifyAuthError("The authorization expired: start the connection again.")

    def _exchange_code(self) -> dict:
        channel = self.channel
        code = self.params["code"]
        session = VendorSession(
            company_id=channel.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            secrets=[*channel.secret_values(), code],
        )
        with session:
            response = session.post(
                f"{channel.api_base_url}/admin/oauth/access_token",
                json={
                    "client_id": channel.client_id,
                    "client_secret": channel.client_secret,
                    "code": code,
                    "expiring": 1,
                },
                idempotent=False,
            )
            if response.status_code in (400, 403):
                messages = "; ".join(session.redactor.text(m) for m in _oauth_messages(response))
                raise ShopifyAuthError(f"Shopify refused the authorization code: {messages or response.status_code}.")
            session.raise_for_vendor_status(response)
            answer = session.parse_json(response)
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise ShopifyAuthError("Shopify's token answer has no access token.")
        return answer

    def _store(self, answer: dict) -> None:
        channel = self.channel
        channel.auth_method = ShopifySalesChannel.AuthMethod.OAUTH
        store_connected_tokens(channel=channel, answer=answer)
        mark_connected(channel=channel)
        channel.save()
        logger.info("Shopify channel %s connected through OAuth (scopes %s)", channel.pk, channel.scopes)


def store_connected_tokens(*, channel: ShopifySalesChannel, answer: dict) -> None:
    """Copy a fresh token answer onto the channel (not saved); a non-expiring token drops any old refresh token."""
    store_token_answer(channel=channel, answer=answer)
    if not answer.get("refresh_token"):
        channel.refresh_token = ""
        channel.refresh_token_expires_at = None


def _oauth_messages(response) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return []  # a body that is not JSON is never quoted to a merchant (the call log keeps it)
    if isinstance(body, dict):
        found = [body.get("error_description") or body.get("error") or body.get("errors")]
        return [str(item) for item in found if item]
    return []
