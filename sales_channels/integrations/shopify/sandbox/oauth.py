"""Shopify's OAuth authorization-code and client-credentials grants, offline tokens and rotating refresh tokens.

- `/admin/oauth/authorize` redirects straight back (the merchant always approves) with `code`,
  `host`, `shop`, `state`, `timestamp` and a hex `hmac` over the other parameters, sorted.
- `/admin/oauth/access_token` exchanges a single-use code; with `expiring=1` the token expires
  after `token_ttl` seconds and comes with a refresh token. A refresh returns a new access token
  and a new refresh token; the old refresh token keeps working until the new one is used.
- `grant_type=client_credentials` (Dev-Dashboard custom apps) returns a token valid 24 h, no refresh
  token: the app asks again before expiry.
- One expiring offline token per app and shop: issuing a new one (any grant) revokes the previous one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse

from .replies import Reply, json_reply

CODE_TTL = 600.0
REFRESH_TOKEN_TTL = 90 * 24 * 3600
CLIENT_CREDENTIALS_TTL = 86399  # Dev-Dashboard custom apps: tokens valid 24 h (vendor-facts 1.9b)


def _escape(text: str, *, key: bool = False) -> str:
    escaped = text.replace("%", "%25").replace("&", "%26")
    return escaped.replace("=", "%3D") if key else escaped


def signing_message(params: dict[str, str]) -> str:
    """The sorted `key=value&...` message Shopify signs: every parameter except `hmac` and `signature`."""
    pairs = (
        f"{_escape(key, key=True)}={_escape(str(value))}"
        for key, value in params.items()
        if key not in ("hmac", "signature")
    )
    return "&".join(sorted(pairs))


def sign_params(params: dict[str, str], secret: str) -> str:
    """The hex HMAC-SHA256 of the signing message, keyed with the client secret."""
    return hmac.new(secret.encode(), signing_message(params).encode(), hashlib.sha256).hexdigest()


def verify_params(params: dict[str, str], secret: str) -> bool:
    """Whether `params["hmac"]` signs the other parameters (constant-time comparison)."""
    return hmac.compare_digest(sign_params(params, secret), str(params.get("hmac", "")))


@dataclass
class _Grant:
    scope: str
    expires_at: float | None


@dataclass
class _RefreshGrant:
    scope: str
    expires_at: float
    parent: str | None = None
    children: list[str] = field(default_factory=list)


def _locked(method):
    """Runs a provider method under its lock (requests arrive on several server threads)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


def _error(status: int, error: str, description: str) -> Reply:
    return json_reply(status, {"error": error, "error_description": description})


class OAuthProvider:
    """Issues and checks the sandbox shop's authorization codes, access tokens and refresh tokens."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        shop: str,
        token_ttl: int,
        clock: Callable[[], float],
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.shop = shop
        self.token_ttl = token_ttl
        self.clock = clock
        self.codes: dict[str, _Grant] = {}
        self.access_tokens: dict[str, _Grant] = {}
        self.refresh_tokens: dict[str, _RefreshGrant] = {}
        self.lock = threading.RLock()
        self.default_scope = ""
        # One expiring offline token per app and shop: issuing a new one revokes the previous one.
        self.current_expiring: str | None = None

    @property
    def host(self) -> str:
        """Shopify's `host` parameter: base64 of the admin URL of the shop."""
        store = self.shop.removesuffix(".myshopify.com")
        return base64.b64encode(f"admin.shopify.com/store/{store}".encode()).decode()

    @_locked
    def authorize(self, params: dict[str, str]) -> Reply:
        """GET /admin/oauth/authorize: a 302 back to redirect_uri with a signed code."""
        if params.get("client_id") != self.client_id:
            return _error(400, "invalid_request", "The client_id is missing or unknown.")
        redirect_uri = params.get("redirect_uri", "")
        parsed = urlparse(redirect_uri)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            return _error(400, "invalid_request", "The redirect_uri is missing or not an absolute URL.")
        code = secrets.token_hex(16)
        self.codes[code] = _Grant(scope=params.get("scope", ""), expires_at=self.clock() + CODE_TTL)
        query = {
            "code": code,
            "host": self.host,
            "shop": self.shop,
            "state": params.get("state", ""),
            "timestamp": str(int(time.time())),
        }
        query["hmac"] = sign_params(query, self.client_secret)
        separator = "&" if parsed.query else "?"
        return Reply(302, {"Location": f"{redirect_uri}{separator}{urlencode(query)}"}, b"")

    @_locked
    def access_token(self, params: dict[str, str]) -> Reply:
        """POST /admin/oauth/access_token: a code exchange or a refresh-token grant."""
        if params.get("client_id") != self.client_id or not hmac.compare_digest(
            params.get("client_secret", ""), self.client_secret
        ):
            return _error(400, "invalid_client", "Client credentials are invalid.")
        if params.get("grant_type") == "refresh_token":
            return self._refresh(params.get("refresh_token", ""))
        if params.get("grant_type") == "client_credentials":
            return json_reply(200, self.issue_client_credentials(scope=params.get("scope") or self.default_scope))
        grant = self.codes.pop(params.get("code", ""), None)
        if grant is None or (grant.expires_at or 0) < self.clock():
            return _error(400, "invalid_request", "The authorization code was not found or was already used")
        expiring = str(params.get("expiring", "")).lower() in ("1", "true")
        return json_reply(200, self.issue(scope=grant.scope, expiring=expiring))

    @_locked
    def issue(self, *, scope: str, expiring: bool, parent: str | None = None) -> dict[str, object]:
        """A new access token (and refresh token when expiring), as the token endpoint returns it."""
        token = f"shpat_{secrets.token_hex(16)}"
        if not expiring:
            self.access_tokens[token] = _Grant(scope=scope, expires_at=None)
            return {"access_token": token, "scope": scope}
        now = self.clock()
        self._replace_expiring(token, _Grant(scope=scope, expires_at=now + self.token_ttl))
        refresh = f"shprt_{secrets.token_hex(16)}"
        self.refresh_tokens[refresh] = _RefreshGrant(scope=scope, expires_at=now + REFRESH_TOKEN_TTL, parent=parent)
        if parent in self.refresh_tokens:
            self.refresh_tokens[parent].children.append(refresh)
        return {
            "access_token": token,
            "expires_in": self.token_ttl,
            "refresh_token": refresh,
            "refresh_token_expires_in": REFRESH_TOKEN_TTL,
            "scope": scope,
        }

    @_locked
    def issue_client_credentials(self, *, scope: str) -> dict[str, object]:
        """The client-credentials grant of a Dev-Dashboard custom app: a 24 h token, no refresh token."""
        token = f"shpat_{secrets.token_hex(16)}"
        self._replace_expiring(token, _Grant(scope=scope, expires_at=self.clock() + CLIENT_CREDENTIALS_TTL))
        return {"access_token": token, "scope": scope, "expires_in": CLIENT_CREDENTIALS_TTL}

    def _replace_expiring(self, token: str, grant: _Grant) -> None:
        if self.current_expiring is not None:
            self.access_tokens.pop(self.current_expiring, None)
        self.access_tokens[token] = grant
        self.current_expiring = token

    def _refresh(self, refresh_token: str) -> Reply:
        grant = self.refresh_tokens.get(refresh_token)
        if grant is None or grant.expires_at < self.clock():
            return _error(400, "invalid_grant", "The refresh token is invalid, expired or was superseded.")
        self._retire_parent(refresh_token, grant)
        return json_reply(200, self.issue(scope=grant.scope, expiring=True, parent=refresh_token))

    def _retire_parent(self, refresh_token: str, grant: _RefreshGrant) -> None:
        """Using a refresh token invalidates the one it replaced and that one's other replacements."""
        parent = self.refresh_tokens.pop(grant.parent, None) if grant.parent else None
        grant.parent = None
        for sibling in parent.children if parent else []:
            if sibling != refresh_token:
                self.refresh_tokens.pop(sibling, None)

    @_locked
    def is_valid(self, token: str | None) -> bool:
        """Whether an X-Shopify-Access-Token is known, not revoked and not expired."""
        grant = self.access_tokens.get(token or "")
        return grant is not None and (grant.expires_at is None or grant.expires_at > self.clock())

    @_locked
    def revoke(self, *, include_refresh_tokens: bool = False) -> None:
        """Revokes every access token (and refresh token), like a secret rotation or an uninstall."""
        self.access_tokens.clear()
        if include_refresh_tokens:
            self.refresh_tokens.clear()
