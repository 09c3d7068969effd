"""The sandbox's Login with Amazon: the consent page, authorization codes, refresh and expiring access tokens."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

CODE_TTL_SECONDS = 300


GRANTLESS_SCOPES = ("sellingpartnerapi::notifications",)


@dataclass
class AccessToken:
    """An issued access token and when it expires (sandbox clock)."""

    refresh_token: str
    expires_at: float
    scope: str = ""  # a grantless (client_credentials) token's scope; "" for a seller's token


class LoginWithAmazon:
    """The LWA token endpoint and Seller Central consent of one application."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        application_id: str,
        selling_partner_id: str,
        token_ttl: int = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.application_id, self.selling_partner_id = application_id, selling_partner_id
        self.token_ttl, self.clock = token_ttl, clock
        self.lock = threading.Lock()
        self.codes: dict[str, tuple[str, float]] = {}  # code -> (redirect_uri, expires_at)
        self.refresh_tokens: set[str] = set()
        self.access_tokens: dict[str, AccessToken] = {}
        self.tokens_issued = 0

    def consent(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        """The merchant approves at once: a redirect to the app's redirect URI with a code, or an MD error."""
        if query.get("application_id") != self.application_id:
            return (
                400,
                {},
                {
                    "error": "MD1000",
                    "error_description": "The application id is unknown or the app is in Draft without version=beta.",
                },
            )
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return (
                400,
                {},
                {"error": "MD5101", "error_description": "The redirect URI is not registered for this application."},
            )
        code = "ANaRxx" + secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = (redirect_uri, self.clock() + CODE_TTL_SECONDS)
        params = {
            "state": query.get("state", ""),
            "selling_partner_id": self.selling_partner_id,
            "spapi_oauth_code": code,
        }
        return 302, {"Location": f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{urlencode(params)}"}, {}

    def issue_refresh_token(self) -> str:
        """A refresh token without the consent dance (the 'self authorization' of Seller Central)."""
        token = "Atzr|" + secrets.token_urlsafe(32)
        with self.lock:
            self.refresh_tokens.add(token)
        return token

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """POST /auth/o2/token: authorization_code, refresh_token or (grantless) client_credentials grants."""
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}
        grant = form.get("grant_type")
        with self.lock:
            if grant == "authorization_code":
                found = self.codes.pop(form.get("code", ""), None)
                if found is None or found[1] < self.clock():
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "The authorization code is invalid or expired.",
                    }
                if form.get("redirect_uri") and form["redirect_uri"] != found[0]:
                    return 400, {"error": "invalid_grant", "error_description": "The redirect URI does not match."}
                refresh = "Atzr|" + secrets.token_urlsafe(32)
                self.refresh_tokens.add(refresh)
            elif grant == "client_credentials":
                if form.get("scope") not in GRANTLESS_SCOPES:
                    return 400, {"error": "invalid_scope", "error_description": "The scope is not valid."}
                access = "Atc|" + secrets.token_urlsafe(32)
                self.access_tokens[access] = AccessToken(
                    refresh_token="", expires_at=self.clock() + self.token_ttl, scope=form["scope"]
                )
                return 200, {"access_token": access, "token_type": "bearer", "expires_in": self.token_ttl}
            elif grant == "refresh_token":
                refresh = form.get("refresh_token", "")
                if refresh not in self.refresh_tokens:
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "The request has an invalid grant parameter : refresh_token",
                    }
            else:
                return 400, {"error": "unsupported_grant_type", "error_description": f"Unsupported grant type {grant}"}
            access = "Atza|" + secrets.token_urlsafe(32)
            self.access_tokens[access] = AccessToken(refresh_token=refresh, expires_at=self.clock() + self.token_ttl)
            self.tokens_issued += 1
        answer = {"access_token": access, "token_type": "bearer", "expires_in": self.token_ttl}
        if grant == "authorization_code":
            answer["refresh_token"] = refresh
        return 200, answer

    def check(self, access_token: str | None, *, grantless: bool = False) -> str | None:
        """None when the token is valid (a grantless one for a grantless operation), else the reason Amazon gives."""
        with self.lock:
            found = self.access_tokens.get(access_token or "")
        if found is None or bool(found.scope) != grantless:
            return "The access token you provided is revoked, malformed or invalid."
        if found.expires_at <= self.clock():
            return "The access token you provided has expired."
        return None

    def revoke(self, *, include_refresh_tokens: bool = False) -> None:
        with self.lock:
            self.access_tokens.clear()
            if include_refresh_tokens:
                self.refresh_tokens.clear()
