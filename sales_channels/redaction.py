"""Secret redaction: everything logged or stored about a vendor call passes through here first.

Three layers, applied in this order so that no single miss leaks a secret:

1. structure: headers, query/form parameters and JSON keys *named* like secrets are replaced
   whatever their value (a freshly minted token in an OAuth response is caught this way);
2. literals: every secret value the caller registered (the channel's token, client secret,
   ...), plus its URL-encoded forms, is replaced wherever it appears in the resulting text;
3. size: the redacted text is truncated to an excerpt (redaction happens before truncation, so
   a cut can never expose half a secret).
"""

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"
MAX_EXCERPT_LENGTH = 4000
MIN_SECRET_LENGTH = 4  # shorter literals would redact ordinary text everywhere

SECRET_HEADER_WORDS = ("token", "secret", "key", "signature", "password", "auth", "cookie", "session")
SECRET_PARAM_NAMES = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "code",
        "consumer_key",
        "consumer_secret",
        "hmac",
        "id_token",
        "key",
        "oauth_signature",
        "oauth_token",
        "password",
        "refresh_token",
        "secret",
        "sig",
        "signature",
        "token",
    }
)
# JSON keys are matched on their normalised name (lower case, no "_" or "-"). "code" is absent on
# purpose: in JSON it is nearly always an error code (Shopify THROTTLED, Woo error codes).
SECRET_JSON_WORDS = (
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "accesskey",
    "privatekey",
    "consumerkey",
    "signature",
    "hmac",
    "authorization",
    "cookie",
)
# `name=value` pairs inside free text (exception messages, HTML error pages).
_PARAM_RE = re.compile(r"(?P<name>[A-Za-z][\w\-]*)=(?P<value>[^&\s'\"<>]+)")
_FORM_RE = re.compile(r"^[\w.\-%\[\]]+=[^&\s]*(&[\w.\-%\[\]]+=[^&\s]*)*$")


def _normalise(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def is_secret_header(name: str) -> bool:
    """True when a header name looks like it carries a credential."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_HEADER_WORDS)


def is_secret_param(name: str) -> bool:
    """True when a query or form parameter name looks like it carries a credential."""
    lowered = name.lower()
    return lowered in SECRET_PARAM_NAMES or any(word in lowered for word in ("token", "secret", "password"))


def is_secret_json_key(name: str) -> bool:
    """True when a JSON object key looks like it carries a credential."""
    normalised = _normalise(name)
    return any(word in normalised for word in SECRET_JSON_WORDS)


class Redactor:
    """Redacts headers, URLs, JSON and text, knowing the literal secrets of one channel."""

    def __init__(self, *, secrets: Iterable[str] = (), max_length: int = MAX_EXCERPT_LENGTH) -> None:
        self.max_length = max_length
        self._literals: set[str] = set()
        for secret in secrets:
            self.add_secret(secret)

    def add_secret(self, value: str | None) -> None:
        """Register a literal secret (and its URL-encoded forms) to be replaced everywhere."""
        if not value or len(str(value)) < MIN_SECRET_LENGTH:
            return
        value = str(value)
        self._literals.update({value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]})

    def text(self, text: str | None) -> str:
        """Replace registered literal secrets (longest first) and secret-named `name=value` pairs."""
        if not text:
            return ""
        for literal in sorted(self._literals, key=len, reverse=True):
            text = text.replace(literal, REDACTED)
        return _PARAM_RE.sub(_scrub_pair, text)

    def truncate(self, text: str, *, max_length: int | None = None) -> str:
        """Cut `text` to the excerpt length (or `max_length`), saying how much was dropped."""
        limit = self.max_length if max_length is None else max_length
        if len(text) <= limit:
            return text
        return f"{text[:limit]}... [truncated {len(text) - limit} chars]"

    def headers(self, headers: Mapping[str, Any] | None) -> dict[str, str]:
        """Copy of `headers` with credential-bearing headers and literal secrets replaced."""
        redacted = {}
        for name, value in (headers or {}).items():
            redacted[str(name)] = REDACTED if is_secret_header(str(name)) else self.text(str(value))
        return redacted

    def url(self, url: str) -> str:
        """`url` with secret-named query parameters, userinfo and literal secrets replaced."""
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
        query = parts.query
        if query:
            query = self._form(query)
        return self.text(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))

    def json(self, data: Any) -> Any:
        """Recursive copy of decoded JSON with secret-named keys replaced."""
        if isinstance(data, Mapping):
            return {key: REDACTED if is_secret_json_key(str(key)) else self.json(value) for key, value in data.items()}
        if isinstance(data, list | tuple):
            return [self.json(item) for item in data]
        return data

    def excerpt(self, body: Any, *, max_length: int | None = None) -> str:
        """A redacted, truncated text excerpt of a request or response body of any kind."""
        if body is not None and not isinstance(body, str | bytes | bytearray | memoryview):
            return f"[{type(body).__name__} body not captured]"  # a stream or file being uploaded
        text = _decode(body)
        if text is None:
            size = len(body) if body is not None else 0
            return f"[binary body, {size} bytes]"
        stripped = text.strip()
        if stripped[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                text = json.dumps(self.json(json.loads(stripped)), ensure_ascii=False)
        elif _FORM_RE.match(stripped):
            text = self._form(stripped)
        return self.truncate(self.text(text), max_length=max_length)

    def _form(self, encoded: str) -> str:
        pairs = parse_qsl(encoded, keep_blank_values=True)
        redacted = [(name, REDACTED if is_secret_param(name) else value) for name, value in pairs]
        return urlencode(redacted, safe="[]")


def _scrub_pair(match: re.Match) -> str:
    return f"{match['name']}={REDACTED}" if is_secret_param(match["name"]) else match[0]


def _decode(body: str | bytes | bytearray | memoryview | None) -> str | None:
    if body is None:
        return ""
    if isinstance(body, str):
        return body
    try:
        return bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return None


def redact_headers(headers: Mapping[str, Any] | None, *, secrets: Iterable[str] = ()) -> dict[str, str]:
    """Shortcut for `Redactor(secrets=...).headers(headers)`."""
    return Redactor(secrets=secrets).headers(headers)


def redact_url(url: str, *, secrets: Iterable[str] = ()) -> str:
    """Shortcut for `Redactor(secrets=...).url(url)`."""
    return Redactor(secrets=secrets).url(url)


def redact_text(text: str | None, *, secrets: Iterable[str] = (), max_length: int = MAX_EXCERPT_LENGTH) -> str:
    """Shortcut for a redacted, truncated excerpt of any body or text."""
    return Redactor(secrets=secrets, max_length=max_length).excerpt(text)
