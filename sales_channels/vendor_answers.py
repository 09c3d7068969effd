"""Reading a vendor's answer: JSON decoding, status-to-taxonomy mapping, merchant-safe messages.

The exception contract for an answer that is not valid JSON (truncated or malformed):

- a read (an idempotent call) is sent again by `VendorSession` like a 5xx (backoff, up to
  `max_retries`); when every attempt came back unreadable it raises `UnreadableReadAnswer`, a
  `TransientVendorError`: the task layer retries it with backoff, it never fails a task for good;
- a write (a non-idempotent call) is never sent again blindly: `parse_json` raises
  `UnreadableWriteAnswer`, an `AnswerLost` with `outcome_unknown = True`. The vendor may or may
  not have applied it: a create step reads back what the vendor now holds (by id or SKU) before
  deciding (`MirrorStep.recover_lost_create`); elsewhere it is retried as transient.

Vendor messages shown to a tenant come only from a JSON body, one line each, cut to
`MAX_VENDOR_MESSAGE_LENGTH` (at most `MAX_VENDOR_MESSAGES`); any other body stays in the call log.
"""

import json
import time
import weakref
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any

import requests

from sales_channels.exceptions import (
    AnswerLost,
    AuthExpired,
    InvalidVendorPayload,
    RateLimited,
    RemoteObjectMissing,
    TransientVendorError,
    UnreadableAnswer,
    VendorValidationError,
)
from sales_channels.redaction import Redactor

MAX_VENDOR_MESSAGES = 10
MAX_VENDOR_MESSAGE_LENGTH = 300
_UNDECODED = object()
# What the session learnt about an answer, kept beside it (not as attributes a `Response` does not declare).
_DECODED: "weakref.WeakKeyDictionary[requests.Response, Any]" = weakref.WeakKeyDictionary()
_SENT_IDEMPOTENT: "weakref.WeakKeyDictionary[requests.Response, bool]" = weakref.WeakKeyDictionary()


def mark_request_idempotent(response: requests.Response, *, idempotent: bool) -> None:
    """Record whether the call that got `response` was a read (an unreadable answer to it is retryable)."""
    _SENT_IDEMPOTENT[response] = idempotent


def request_was_idempotent(response: requests.Response) -> bool:
    """Whether the call was a read; True for an answer the session did not mark (a plain response)."""
    return _SENT_IDEMPOTENT.get(response, True)


class UnreadableReadAnswer(UnreadableAnswer):
    """A read's answer was not valid JSON on every attempt (truncated or malformed): retry later."""


class UnreadableWriteAnswer(AnswerLost):
    """A write's answer was not valid JSON: the vendor may have applied it; read back before deciding."""

    outcome_unknown = True


def is_json_answer(response: requests.Response) -> bool:
    """True when the response says it carries one JSON document (not JSON lines) and has a body."""
    media_type = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    subtype = media_type.rpartition("/")[2]
    return (subtype == "json" or subtype.endswith("+json")) and bool(response.content)


def decoded_json(response: requests.Response) -> Any:
    """The decoded JSON body (kept for the response's lifetime), or `_UNDECODED` when it does not decode."""
    cached = _DECODED.get(response)
    if cached is not None:
        return cached
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return _UNDECODED
    _DECODED[response] = data
    return data


def answer_is_unreadable(response: requests.Response) -> bool:
    """A 2xx that claims JSON but does not decode (the session retries such a read)."""
    return 200 <= response.status_code < 300 and is_json_answer(response) and decoded_json(response) is _UNDECODED


def parse_retry_after(value: str | None, *, clock: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - clock())
    except (TypeError, ValueError, IndexError):
        return None


def parse_json(response: requests.Response, *, redactor: Redactor | None = None) -> dict | list:
    """Decode a vendor JSON body: `UnreadableAnswer` (a read, retryable) or `UnreadableWriteAnswer` (an
    `AnswerLost`: a write whose outcome is unknown) when it does not parse, `InvalidVendorPayload` when it
    is not an object or array."""
    redactor = redactor or Redactor()
    data = decoded_json(response)
    if data is _UNDECODED:
        where = redactor.url(response.url or "")
        detail = f"malformed JSON (HTTP {response.status_code} from {where})"
        excerpt = redactor.excerpt(response.content)
        if request_was_idempotent(response):
            raise UnreadableAnswer(detail, raw_excerpt=excerpt, status_code=response.status_code)
        method = response.request.method if response.request is not None else ""
        raise UnreadableWriteAnswer(detail, operation=f"{method} {where}".strip(), raw_excerpt=excerpt)
    if not isinstance(data, dict | list):
        detail = f"expected a JSON object or array, got {type(data).__name__}"
        raise InvalidVendorPayload(detail, raw_excerpt=redactor.excerpt(response.content))
    return data


def raise_for_vendor_status(
    response: requests.Response,
    *,
    redactor: Redactor | None = None,
    remote_id: str | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Map an error status to the taxonomy: 4xx validation, 401 auth, 404 missing, 429, 5xx."""
    status = response.status_code
    if status < 400:
        return
    redactor = redactor or Redactor()
    where = f"{response.request.method if response.request else ''} {redactor.url(response.url or '')}".strip()
    if status == 401:
        raise AuthExpired(f"HTTP 401 from {where}.")
    if status == 404:
        raise RemoteObjectMissing(f"HTTP 404 from {where}.", remote_id=remote_id)
    if status == 429:
        raise RateLimited(
            parse_retry_after(response.headers.get("Retry-After"), clock=clock) or 1.0, status_code=status
        )
    if status >= 500:
        raise TransientVendorError(f"HTTP {status} from {where}.", status_code=status)
    messages = [_merchant_text(redactor.text(message)) for message in _body_messages(response)]
    fallback = (
        f"HTTP {status} ({_status_phrase(status)}) from {where}."
        if _status_phrase(status)
        else f"HTTP {status} from {where}."
    )
    raise VendorValidationError(messages[:MAX_VENDOR_MESSAGES] or [fallback], status_code=status)


def _status_phrase(status: int) -> str:
    """The standard phrase of an HTTP status (ours, never the server's own text)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _body_messages(response: requests.Response) -> list[str]:
    """The vendor's own error messages from a JSON body; nothing from any other body.

    A body that is not JSON (an HTML error page, or whatever answers at that address) is never
    quoted to a tenant: it stays, trimmed and redacted, in the call log only."""
    try:
        data = response.json()
    except ValueError:
        return []
    return vendor_error_messages(data)


def _merchant_text(message: str) -> str:
    """One vendor message as a tenant may see it: one line, cut to `MAX_VENDOR_MESSAGE_LENGTH`."""
    text = " ".join(str(message).split())
    return text if len(text) <= MAX_VENDOR_MESSAGE_LENGTH else text[: MAX_VENDOR_MESSAGE_LENGTH - 3] + "..."


def vendor_error_messages(data: Any) -> list[str]:
    """Human messages from the common vendor error shapes (Shopify, Magento, Woo, Amazon, eBay, OAuth)."""
    if isinstance(data, str):
        return [data] if data else []
    if isinstance(data, list):
        return [message for item in data for message in vendor_error_messages(item)]
    if not isinstance(data, dict):
        return []
    messages = _errors_messages(data.get("errors"))
    if not messages and data.get("message"):
        messages = [_error_item_message(data)]
    for key in ("error_description", "detail"):
        if not messages and isinstance(data.get(key), str):
            messages = [data[key]]
    if not messages and isinstance(data.get("error"), str | dict | list):
        messages = vendor_error_messages(data["error"])
    return messages


def _errors_messages(errors: Any) -> list[str]:
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, dict):  # Shopify REST: {"title": ["can't be blank"]}
        return [f"{field}: {'; '.join(map(str, v)) if isinstance(v, list) else v}" for field, v in errors.items()]
    if isinstance(errors, list):
        return [_error_item_message(item) if isinstance(item, dict) else str(item) for item in errors]
    return []


def _error_item_message(item: dict) -> str:
    """One error object: its (long) message, Magento placeholders filled, prefixed by code/field."""
    message = str(item.get("longMessage") or item.get("message") or json.dumps(item))
    message = _fill_magento_parameters(message, item.get("parameters"))
    prefix = item.get("field") or item.get("code") or item.get("errorId")
    if isinstance(prefix, list):
        prefix = ".".join(map(str, prefix))
    return f"{prefix}: {message}" if prefix else message


def _fill_magento_parameters(message: str, parameters: Any) -> str:
    # Magento sends '"%1" is required.' with parameters ["sku"] or {"fieldName": "sku"}.
    if isinstance(parameters, list):
        for index, value in reversed(list(enumerate(parameters, start=1))):
            message = message.replace(f"%{index}", str(value))
    elif isinstance(parameters, dict):
        for name, value in parameters.items():
            message = message.replace(f"%{name}", str(value))
    return message
