"""The sandbox's authentication: OAuth 1.0a signatures (HMAC-SHA256 or HMAC-SHA1), the Bearer switch, activation.

An integration has a consumer key and secret and an access token and secret. A request is signed
with all four (the signature is checked with oauthlib's verifier, over the URL the client called).
Since 2.4.4 the access token alone is refused as a Bearer token unless the store enables
"Allow OAuth Access Tokens to be used as standalone Bearer tokens" (`bearer_allowed`).

The activation handshake: Magento POSTs the consumer key, secret and a verifier to the
integration's endpoint (`activation_form`); the integration then asks `/oauth/token/request`
(signed with the consumer only) for a request token and exchanges it at `/oauth/token/access`
(signed with the request token and the verifier) for the access token and secret.
"""

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from oauthlib.common import Request
from oauthlib.oauth1.rfc5849 import signature, utils

from .errors import NOT_AUTHORIZED, MagentoError

SIGNATURE_METHODS = {"HMAC-SHA256": signature.verify_hmac_sha256, "HMAC-SHA1": signature.verify_hmac_sha1}
TIMESTAMP_WINDOW = 600
UNKNOWN_CONSUMER = "A consumer having the specified key does not exist"
UNKNOWN_TOKEN = "Specified token does not exist"
BAD_SIGNATURE = "The signature is invalid. Verify and try again."
NONCE_USED = "The nonce is already being used by the consumer with ID %1"
STALE_TIMESTAMP = "The timestamp is out of range. Verify the timestamp and try again."
BAD_METHOD = "Signature method %1 is not supported"
RESOURCE = "Magento_Catalog::products"


def unauthorized(message: str, parameters=None) -> MagentoError:
    return MagentoError(401, message, parameters or [])


@dataclass
class Integration:
    """The credentials of one activated integration (what Magento shows under System > Integrations)."""

    consumer_key: str = field(default_factory=lambda: secrets.token_hex(16))
    consumer_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    access_token: str = field(default_factory=lambda: secrets.token_hex(16))
    access_token_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    verifier: str = field(default_factory=lambda: secrets.token_hex(16))
    request_token: str = ""
    request_token_secret: str = ""

    def credentials(self) -> dict[str, str]:
        return {
            "consumer_key": self.consumer_key,
            "consumer_secret": self.consumer_secret,
            "access_token": self.access_token,
            "access_token_secret": self.access_token_secret,
        }


class Authenticator:
    """Checks every REST call's credentials; thread-safe (the server handles requests in threads)."""

    def __init__(self, *, clock: Callable[[], float] = time.time, bearer_allowed: bool = False) -> None:
        self.clock = clock
        self.bearer_allowed = bearer_allowed
        self.integration = Integration()
        self._nonces: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def revoke(self) -> None:
        """The merchant reauthorizes the integration: new access token and secret, the old ones refused."""
        with self._lock:
            self.integration.access_token = secrets.token_hex(16)
            self.integration.access_token_secret = secrets.token_hex(16)

    def check(self, *, method: str, url: str, headers: dict[str, str], body: bytes) -> None:
        """Raise a 401 MagentoError unless the request carries valid credentials."""
        authorization = _header(headers, "Authorization")
        if authorization.startswith("Bearer "):
            token = authorization[len("Bearer ") :].strip()
            if self.bearer_allowed and secrets.compare_digest(token, self.integration.access_token):
                return
            raise unauthorized(NOT_AUTHORIZED, {"resources": RESOURCE})
        if not authorization.startswith("OAuth "):
            raise unauthorized(NOT_AUTHORIZED, {"resources": RESOURCE})
        integration = self.integration
        self._verify(
            method=method,
            url=url,
            headers=headers,
            body=body,
            token=integration.access_token,
            token_secret=integration.access_token_secret,
        )

    def _verify(
        self, *, method: str, url: str, headers: dict[str, str], body: bytes, token: str | None, token_secret: str
    ) -> dict[str, str]:
        params = {
            key: utils.unescape(value)
            for key, value in utils.parse_authorization_header(_header(headers, "Authorization"))
        }
        verify = SIGNATURE_METHODS.get(params.get("oauth_signature_method", ""))
        if verify is None:
            raise unauthorized(BAD_METHOD, [params.get("oauth_signature_method", "")])
        integration = self.integration
        if not secrets.compare_digest(params.get("oauth_consumer_key", ""), integration.consumer_key):
            raise unauthorized(UNKNOWN_CONSUMER)
        if token is not None and not secrets.compare_digest(params.get("oauth_token", ""), token):
            raise unauthorized(UNKNOWN_TOKEN)
        try:
            stamp = int(params.get("oauth_timestamp", "0"))
        except ValueError:
            stamp = 0
        if abs(self.clock() - stamp) > TIMESTAMP_WINDOW:
            raise unauthorized(STALE_TIMESTAMP)
        form = "application/x-www-form-urlencoded" in _header(headers, "Content-Type")
        request = Request(url, http_method=method, body=body.decode() if form and body else None, headers=headers)
        query = url.split("?", 1)[1] if "?" in url else ""
        request.params = signature.collect_parameters(
            uri_query=query, body=request.body if form else None, headers=headers, exclude_oauth_signature=True
        )
        request.signature = params.get("oauth_signature", "")
        if not verify(request, integration.consumer_secret, token_secret):
            raise unauthorized(BAD_SIGNATURE)
        with self._lock:
            nonce = (integration.consumer_key, params.get("oauth_nonce", ""))
            if nonce in self._nonces:
                raise unauthorized(NONCE_USED, ["1"])
            self._nonces.add(nonce)
        return params

    # -- the activation handshake ---------------------------------------------------------------

    def activation_form(self, *, store_base_url: str) -> dict[str, str]:
        """What Magento POSTs to the integration's endpoint when the merchant clicks Activate."""
        integration = self.integration
        return {
            "oauth_consumer_key": integration.consumer_key,
            "oauth_consumer_secret": integration.consumer_secret,
            "store_base_url": store_base_url,
            "oauth_verifier": integration.verifier,
        }

    def request_token(self, *, method: str, url: str, headers: dict[str, str], body: bytes) -> str:
        """`POST /oauth/token/request` (signed with the consumer only): a request token, form-encoded."""
        self._verify(method=method, url=url, headers=headers, body=body, token=None, token_secret="")
        integration = self.integration
        integration.request_token, integration.request_token_secret = secrets.token_hex(16), secrets.token_hex(16)
        return urlencode(
            {"oauth_token": integration.request_token, "oauth_token_secret": integration.request_token_secret}
        )

    def access_token(self, *, method: str, url: str, headers: dict[str, str], body: bytes) -> str:
        """`POST /oauth/token/access` (signed with the request token, carrying the verifier): the access token."""
        integration = self.integration
        if not integration.request_token:
            raise unauthorized(UNKNOWN_TOKEN)
        params = self._verify(
            method=method,
            url=url,
            headers=headers,
            body=body,
            token=integration.request_token,
            token_secret=integration.request_token_secret,
        )
        verifier = params.get("oauth_verifier") or dict(parse_qsl(body.decode() if body else "")).get("oauth_verifier")
        if not verifier or not secrets.compare_digest(verifier, integration.verifier):
            raise unauthorized("The verifier is invalid. Verify and try again.")
        integration.request_token = ""
        return urlencode(
            {"oauth_token": integration.access_token, "oauth_token_secret": integration.access_token_secret}
        )


def _header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return ""
