"""eBay consent (authorization-code grant): the consent URL with state, then the callback and code exchange.

`GetEbayRedirectUrlFactory` stores a fresh single-use state nonce on the channel and returns the
consent URL: `redirect_uri` is the keyset's RuName (eBay then sends the browser to the RuName's
"auth accepted URL", which must point at OneSila's callback). `ValidateEbayAuthFactory` checks
the callback (no `error`, a code, the pending state, not expired), consumes the state atomically,
exchanges the code through the shared session (`tokens.exchange_code`), stores the tokens
encrypted and pulls the metadata. A refusal marks the channel failed with a message a merchant
can act on and raises `EbayAuthError`.
"""

import logging
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.utils import timezone

from sales_channels import services
from sales_channels.connection import mark_connected, record_connection_failure
from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.factories.sales_channels.tokens import (
    USER_SCOPES,
    EbayAuthError,
    exchange_code,
    store_user_token,
)
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.signals import refresh_website_pull_models

logger = logging.getLogger(__name__)

STATE_TTL = timedelta(minutes=15)


def _require_keyset(channel: EbaySalesChannel) -> None:
    if not channel.client_id or not channel.client_secret or not channel.runame:
        raise EbayAuthError("Set the keyset's App ID, Cert ID and RuName on the channel first.")


class GetEbayRedirectUrlFactory:
    """Store a fresh state nonce on the channel and return eBay's consent URL."""

    def __init__(self, *, channel: EbaySalesChannel) -> None:
        self.channel = channel

    def run(self) -> str:
        _require_keyset(self.channel)
        state = secrets.token_urlsafe(32)
        self.channel.oauth_state = state
        self.channel.oauth_state_created_at = timezone.now()
        self.channel.save()
        query = {
            "client_id": self.channel.client_id,
            "redirect_uri": self.channel.runame,
            "response_type": "code",
            "scope": " ".join(USER_SCOPES),
            "state": state,
            "prompt": "login",
        }
        return f"{self.channel.auth_url}/oauth2/authorize?{urlencode(query)}"


class ValidateEbayAuthFactory:
    """Verify the consent callback, exchange its code, store the tokens and pull the metadata."""

    def __init__(self, *, channel: EbaySalesChannel, query_params: dict[str, str]) -> None:
        self.channel = channel
        self.params = {str(key): str(value) for key, value in (query_params or {}).items()}

    def run(self) -> EbaySalesChannel:
        try:
            self._check_callback()
            self._consume_state()
            session = build_session(channel=self.channel)
            session.add_secret(self.params["code"])
            with session:
                token = exchange_code(channel=self.channel, session=session, code=self.params["code"])
        except SalesChannelError as error:
            record_connection_failure(channel=self.channel, error=error)
            raise
        store_user_token(channel=self.channel, token=token)
        mark_connected(channel=self.channel)
        self.channel.save()
        logger.info("eBay channel %s connected (scopes %s)", self.channel.pk, self.channel.scopes)
        services.channel_reconnected(channel=self.channel)
        refresh_website_pull_models.send(sender=EbaySalesChannel, instance=self.channel)
        return self.channel

    def _check_callback(self) -> None:
        _require_keyset(self.channel)
        if self.params.get("error"):
            raise EbayAuthError(f"The consent was declined on eBay ({self.params['error'][:100]}).")
        missing = [name for name in ("code", "state") if not self.params.get(name)]
        if missing:
            raise EbayAuthError(f"The callback is missing: {', '.join(missing)}.")

    def _consume_state(self) -> None:
        """Single use: the nonce is cleared atomically, so a replayed callback finds no state."""
        state, expected = self.params["state"], self.channel.oauth_state or ""
        if not expected or not secrets.compare_digest(state, expected):
            raise EbayAuthError("The callback's state does not match a pending authorization: start again.")
        issued_at = self.channel.oauth_state_created_at
        consumed = EbaySalesChannel.objects.filter(pk=self.channel.pk, oauth_state=expected).update(
            oauth_state="", oauth_state_created_at=None
        )
        self.channel.oauth_state, self.channel.oauth_state_created_at = "", None
        if not consumed:
            raise EbayAuthError("This authorization was already used: start the connection again.")
        if issued_at is None or timezone.now() - issued_at > STATE_TTL:
            raise EbayAuthError("The authorization expired: start the connection again.")
