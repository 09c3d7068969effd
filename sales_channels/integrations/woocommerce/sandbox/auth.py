"""REST authentication and the key-provisioning pages of the sandbox store.

- HTTPS stores (`assume_https=True`, a store behind a TLS proxy): HTTP Basic with the consumer key
  and secret, or `consumer_key` / `consumer_secret` query parameters.
- Plain HTTP stores: OAuth 1.0a one-legged, signature in the query string, checked like
  `WC_REST_Authentication::check_oauth_signature`: the base string `METHOD&rawurlencode(url)&params`
  with keys and values rawurlencoded then `%` escaped, HMAC-SHA1 or HMAC-SHA256 with `secret&`,
  timestamps within 15 minutes, each nonce once. Basic auth over plain HTTP is refused.
- `/wc-auth/v1/authorize`: the approval page; approving POSTs the new keys as JSON to
  `callback_url` (it must answer 2xx, else the keys are revoked) then redirects to `return_url`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from .replies import Reply, WpError, error_reply, html_reply

TIMESTAMP_WINDOW = 15 * 60
SCOPES = {"read": "read", "write": "write", "read_write": "read_write"}
LOCAL_CALLBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class ApiKey:
    """One consumer key pair and its permissions."""

    key_id: int
    consumer_key: str
    consumer_secret: str
    permissions: str
    user_id: str = ""


def rawurlencode(value: str) -> str:
    """PHP's rawurlencode: everything but unreserved characters escaped."""
    return quote(value, safe="-_.~")


def normalized(value: Any) -> str:
    """`wc_rest_urlencode_rfc3986` of a decoded parameter, with `%` escaped once more."""
    return rawurlencode(unquote(str(value))).replace("%", "%25")


def oauth_signature(*, method: str, url: str, params: dict[str, str], secret: str, algorithm: str) -> str:
    """The signature WooCommerce computes for a request (oauth_signature excluded from `params`)."""
    pairs = [f"{normalized(key)}%3D{normalized(value)}" for key, value in sorted(params.items())]
    base = f"{method.upper()}&{rawurlencode(url)}&{'%26'.join(pairs)}"
    digest = hashlib.sha256 if algorithm == "HMAC-SHA256" else hashlib.sha1
    return base64.b64encode(hmac.new(f"{secret}&".encode(), base.encode(), digest).digest()).decode()


class KeyStore:
    """Issued keys, seen nonces and the pending approvals of the provisioning flow."""

    def __init__(self, *, assume_https: bool, clock=time.time) -> None:
        self.assume_https = assume_https
        self.clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, ApiKey] = {}
        self._nonces: set[tuple[str, str]] = set()
        self._next_id = 1

    def issue(self, *, permissions: str = "read_write", user_id: str = "") -> ApiKey:
        with self._lock:
            key = ApiKey(
                key_id=self._next_id,
                consumer_key="ck_" + secrets.token_hex(20),
                consumer_secret="cs_" + secrets.token_hex(20),
                permissions=permissions,
                user_id=user_id,
            )
            self._next_id += 1
            self._keys[key.consumer_key] = key
            return key

    def revoke(self, consumer_key: str | None = None) -> None:
        """Revoke one key (or every key: the merchant deleted the API user)."""
        with self._lock:
            if consumer_key is None:
                self._keys.clear()
            else:
                self._keys.pop(consumer_key, None)

    # -- authenticating a REST request -----------------------------------------------------------

    def authenticate(self, *, method: str, url: str, query: dict[str, str], headers: dict[str, str]) -> ApiKey:
        """The key a request authenticates with; raises the WooCommerce 401 error otherwise."""
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            if not self.assume_https:
                raise _unauthorized("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
            try:
                user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            except ValueError:
                raise _unauthorized("woocommerce_rest_authentication_error", "Invalid Authorization header.") from None
            return self._by_secret(user, password)
        if "consumer_key" in query and self.assume_https:
            return self._by_secret(query["consumer_key"], query.get("consumer_secret", ""))
        if "oauth_consumer_key" in query:
            return self._oauth(method=method, url=url, query=query)
        raise _unauthorized("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")

    def _by_secret(self, consumer_key: str, consumer_secret: str) -> ApiKey:
        key = self._keys.get(consumer_key)
        if key is None:
            raise _unauthorized("woocommerce_rest_authentication_error", "Consumer key is invalid.")
        if not hmac.compare_digest(key.consumer_secret, consumer_secret):
            raise _unauthorized("woocommerce_rest_authentication_error", "Consumer secret is invalid.")
        return key

    def _oauth(self, *, method: str, url: str, query: dict[str, str]) -> ApiKey:
        params = dict(query)
        for name in (
            "oauth_consumer_key",
            "oauth_timestamp",
            "oauth_nonce",
            "oauth_signature",
            "oauth_signature_method",
        ):
            if not params.get(name):
                raise _unauthorized("woocommerce_rest_authentication_error", f"{name} parameter is missing.")
        key = self._keys.get(params["oauth_consumer_key"])
        if key is None:
            raise _unauthorized("woocommerce_rest_authentication_error", "Consumer key is invalid.")
        algorithm = params["oauth_signature_method"]
        if algorithm not in ("HMAC-SHA1", "HMAC-SHA256"):
            raise _unauthorized("woocommerce_rest_authentication_error", "Invalid signature method.")
        given = params.pop("oauth_signature").replace(" ", "+")
        expected = oauth_signature(
            method=method, url=url, params=params, secret=key.consumer_secret, algorithm=algorithm
        )
        if not hmac.compare_digest(given, expected):
            raise _unauthorized(
                "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match."
            )
        try:
            stamp = int(params["oauth_timestamp"])
        except ValueError:
            raise _unauthorized("woocommerce_rest_authentication_error", "Invalid timestamp.") from None
        if abs(self.clock() - stamp) > TIMESTAMP_WINDOW:
            raise _unauthorized("woocommerce_rest_authentication_error", "Invalid timestamp.")
        with self._lock:
            seen = (key.consumer_key, params["oauth_nonce"])
            if seen in self._nonces:
                raise _unauthorized(
                    "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used."
                )
            self._nonces.add(seen)
        return key

    # -- key provisioning ------------------------------------------------------------------------

    def authorize_page(self, query: dict[str, str]) -> Reply:
        """GET /wc-auth/v1/authorize: check the app's parameters, show the approval form."""
        problem = _authorize_problem(query)
        if problem:
            return error_reply("woocommerce_rest_authentication_error", problem, status=400)
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query[name])}">'
            for name in ("app_name", "scope", "user_id", "return_url", "callback_url")
        )
        page = (
            f"<html><body><h1>{html.escape(query['app_name'])} would like to connect to your store</h1>"
            f'<form method="post" action="/wc-auth/v1/access_granted">{hidden}'
            '<button name="approve" value="1">Approve</button><button name="approve" value="0">Deny</button>'
            "</form></body></html>"
        )
        return html_reply(200, page)

    def grant(self, form: dict[str, str], *, store_url: str) -> Reply:
        """POST /wc-auth/v1/access_granted: issue keys, POST them to callback_url, redirect to return_url."""
        problem = _authorize_problem(form)
        if problem:
            return error_reply("woocommerce_rest_authentication_error", problem, status=400)
        user_id = form["user_id"]
        separator = "&" if "?" in form["return_url"] else "?"
        if form.get("approve") != "1":
            location = f"{form['return_url']}{separator}{urlencode({'success': 0, 'user_id': user_id})}"
            return Reply(302, {"Location": location}, b"")
        key = self.issue(permissions=SCOPES[form["scope"]], user_id=user_id)
        body = json.dumps(
            {
                "key_id": key.key_id,
                "user_id": user_id,
                "consumer_key": key.consumer_key,
                "consumer_secret": key.consumer_secret,
                "key_permissions": key.permissions,
            }
        ).encode()
        request = urllib.request.Request(
            form["callback_url"], data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the app's own callback
                ok = 200 <= answer.status < 300
        except (urllib.error.URLError, OSError):
            ok = False
        if not ok:
            self.revoke(key.consumer_key)
            return error_reply(
                "woocommerce_rest_authentication_error",
                "An error occurred in the request and at the time were unable to send the consumer data",
                status=401,
            )
        location = f"{form['return_url']}{separator}{urlencode({'success': 1, 'user_id': user_id})}"
        return Reply(302, {"Location": location}, b"")


def _authorize_problem(params: dict[str, str]) -> str:
    for name in ("app_name", "scope", "user_id", "return_url", "callback_url"):
        if not params.get(name):
            raise_message = f"Missing parameter {name}"
            return raise_message
    if params["scope"] not in SCOPES:
        return "Invalid scope " + params["scope"]
    callback = urlsplit(params["callback_url"])
    if callback.scheme != "https" and callback.hostname not in LOCAL_CALLBACK_HOSTS:
        return "The callback_url needs to be over SSL"
    return ""


def _unauthorized(code: str, message: str) -> WpError:
    return WpError(code, message, status=401)
