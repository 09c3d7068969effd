"""The sandbox's OAuth 2.0: the consent page, the token endpoint (three grants), expiring tokens, daily quotas.

- `GET /oauth2/authorize?client_id&redirect_uri=<RuName>&response_type=code&scope&state` approves at
  once and redirects (302) to the RuName's "auth accepted URL" with `code`, `state` and `expires_in`.
- `POST /identity/v1/oauth2/token` (form body, `Authorization: Basic base64(client_id:secret)`):
  `authorization_code` (single-use code, the same RuName), `refresh_token` (scopes a subset of the
  grant), `client_credentials` (application token). Each grant has a daily quota (eBay: 10,000 /
  50,000 / 1,000 per app); over it the endpoint answers 429.
- User tokens live `user_token_ttl` seconds (eBay: 7200), refresh tokens `refresh_token_ttl`
  (eBay: 47,304,000 = 18 months); time comes from the injectable clock.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from .replies import Reply, json_reply

USER_SCOPES = (
    "https://api.ebay.com/oauth/api_scope",
    "https://api.ebay.com/oauth/api_scope/sell.inventory",
    "https://api.ebay.com/oauth/api_scope/sell.account",
    "https://api.ebay.com/oauth/api_scope/sell.fulfillment",
    "https://api.ebay.com/oauth/api_scope/commerce.identity.readonly",
)
APP_SCOPE = "https://api.ebay.com/oauth/api_scope"
DAILY_QUOTAS = {"authorization_code": 10_000, "refresh_token": 50_000, "client_credentials": 1_000}
CODE_TTL = 300
DAY = 86_400


@dataclass
class Token:
    """An issued access token: whose, which scopes, until when."""

    value: str
    kind: str  # "user" or "application"
    scopes: frozenset[str]
    expires_at: float
    user: str = ""


def _oauth_error(status: int, code: str, description: str) -> Reply:
    return json_reply(status, {"error": code, "error_description": description})


class EbayOAuth:
    """Codes, access tokens and refresh tokens of one application (client id, secret and RuName)."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        runame: str,
        accept_url: str,
        user: str,
        clock: Callable[[], float],
        user_token_ttl: int = 7200,
        refresh_token_ttl: int = 47_304_000,
        app_token_ttl: int = 7200,
    ) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.runames = {runame: accept_url}
        self.user = user
        self.clock = clock
        self.user_token_ttl, self.refresh_token_ttl, self.app_token_ttl = (
            user_token_ttl,
            refresh_token_ttl,
            app_token_ttl,
        )
        self.quotas = dict(DAILY_QUOTAS)
        self.used: Counter[tuple[str, int]] = Counter()
        self.codes: dict[str, tuple[frozenset[str], float, str]] = {}
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: dict[str, tuple[frozenset[str], float]] = {}
        self.lock = threading.Lock()

    # -- consent ----------------------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> Reply:
        """The consent page, approved at once: 302 to the RuName's accepted URL with code and state."""
        if query.get("client_id") != self.client_id:
            return _oauth_error(400, "invalid_client", "Unknown client_id.")
        if query.get("response_type") != "code":
            return _oauth_error(400, "unsupported_response_type", "response_type must be code.")
        runame = query.get("redirect_uri", "")
        if runame not in self.runames:
            return _oauth_error(400, "invalid_request", "redirect_uri must be the application's RuName.")
        scopes = frozenset((query.get("scope") or "").split())
        unknown = scopes - set(USER_SCOPES)
        if not scopes or unknown:
            return _oauth_error(400, "invalid_scope", f"Unknown or missing scopes: {sorted(unknown)}.")
        code = "v^1.1#i^1#" + secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = (scopes, self.clock() + CODE_TTL, runame)
        params = {"code": code, "expires_in": str(CODE_TTL)}
        if query.get("state"):
            params["state"] = query["state"]
        return Reply(302, {"Location": f"{self.runames[runame]}?{urlencode(params)}", "Content-Length": "0"}, b"")

    # -- token endpoint ---------------------------------------------------------------------------

    def token(self, *, form: dict[str, str], authorization: str) -> Reply:
        if not self._client_ok(authorization):
            return _oauth_error(401, "invalid_client", "client authentication failed")
        grant = form.get("grant_type", "")
        if grant not in self.quotas:
            return _oauth_error(400, "unsupported_grant_type", "grant type in request is not supported")
        day = int(self.clock() // DAY)
        with self.lock:
            if self.used[(grant, day)] >= self.quotas[grant]:
                return _oauth_error(429, "too_many_requests", f"The daily quota of the {grant} grant is used up.")
            self.used[(grant, day)] += 1
            if grant == "authorization_code":
                return self._exchange_code(form)
            if grant == "refresh_token":
                return self._refresh(form)
            return self._application_token(form)

    def _client_ok(self, authorization: str) -> bool:
        if not authorization.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(authorization[6:]).decode()
        except ValueError:
            return False
        return secrets.compare_digest(decoded, f"{self.client_id}:{self.client_secret}")

    def _exchange_code(self, form: dict[str, str]) -> Reply:
        found = self.codes.pop(form.get("code", ""), None)
        if found is None:
            return _oauth_error(
                400, "invalid_grant", "the provided authorization grant code is invalid or was issued to another client"
            )
        scopes, expires_at, runame = found
        if self.clock() > expires_at:
            return _oauth_error(400, "invalid_grant", "the provided authorization grant code has expired")
        if form.get("redirect_uri") != runame:
            return _oauth_error(400, "invalid_grant", "the redirect_uri does not match the authorization request")
        refresh = "v^1.1#r^1#" + secrets.token_urlsafe(32)
        self.refresh_tokens[refresh] = (scopes, self.clock() + self.refresh_token_ttl)
        answer = self._issue(kind="user", scopes=scopes, ttl=self.user_token_ttl, token_type="User Access Token")
        return json_reply(200, {**answer, "refresh_token": refresh, "refresh_token_expires_in": self.refresh_token_ttl})

    def _refresh(self, form: dict[str, str]) -> Reply:
        found = self.refresh_tokens.get(form.get("refresh_token", ""))
        if found is None or self.clock() > found[1]:
            return _oauth_error(
                400,
                "invalid_grant",
                "the provided authorization refresh token is invalid or was issued to another client",
            )
        granted = found[0]
        asked = frozenset((form.get("scope") or "").split()) or granted
        if not asked <= granted:
            return _oauth_error(
                400,
                "invalid_scope",
                "the requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client",
            )
        return json_reply(
            200, self._issue(kind="user", scopes=asked, ttl=self.user_token_ttl, token_type="User Access Token")
        )

    def _application_token(self, form: dict[str, str]) -> Reply:
        asked = frozenset((form.get("scope") or APP_SCOPE).split())
        if asked != {APP_SCOPE}:
            return _oauth_error(400, "invalid_scope", "the application token takes the public api_scope only")
        return json_reply(
            200,
            self._issue(
                kind="application", scopes=asked, ttl=self.app_token_ttl, token_type="Application Access Token"
            ),
        )

    def _issue(self, *, kind: str, scopes: frozenset[str], ttl: int, token_type: str) -> dict[str, Any]:
        value = "v^1.1#i^1#p^3#" + secrets.token_urlsafe(48)
        self.tokens[value] = Token(value=value, kind=kind, scopes=scopes, expires_at=self.clock() + ttl, user=self.user)
        return {"access_token": value, "expires_in": ttl, "token_type": token_type}

    # -- checks -----------------------------------------------------------------------------------

    def check(self, authorization: str, *, scope: str, kind: str = "user") -> Token | None:
        """The valid token of a `Bearer` header carrying `scope` (None: 401; the caller answers 403 on scope)."""
        if not authorization.startswith("Bearer "):
            return None
        token = self.tokens.get(authorization[7:])
        if token is None or self.clock() >= token.expires_at:
            return None
        if kind == "user" and token.kind != "user":
            return None
        return token

    def revoke(self, *, include_refresh_tokens: bool = False) -> None:
        """Every access token is revoked (a refresh gets new ones unless refresh tokens go too)."""
        with self.lock:
            self.tokens.clear()
            if include_refresh_tokens:
                self.refresh_tokens.clear()

    def grants_used_today(self) -> dict[str, int]:
        day = int(self.clock() // DAY)
        return {grant: self.used[(grant, day)] for grant in self.quotas}
