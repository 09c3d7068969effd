"""Failures in words a merchant can act on: what failed, why, and what to do next.

`explain_failure(error=, vendor=)` turns an exception into one such sentence (used when a connection
test or a connect is recorded). `public_error(text=, kind=)` is what any surface (admin list, GraphQL)
shows of a stored error: a traceback or a raw exception repr never reaches a person; it becomes a
plain "unexpected error" sentence, and the detail stays for developers (`debug_error`, superusers only).

The "runner" work splits tasks' and imports' `error` (merchant message) from `error_debug`
(developer detail); `debug_error` reads that field when the model has it, else the stored error
itself when it is developer detail.
"""

import re

from sales_channels.exceptions import (
    AuthExpired,
    InvalidVendorPayload,
    MappingMissing,
    RateLimited,
    RemoteObjectMissing,
    SalesChannelError,
    TransientVendorError,
    VendorValidationError,
)
from sales_channels.http import TRANSPORT_ERRORS
from sales_channels.redaction import Redactor

DEBUG_FIELD = "error_debug"
UNEXPECTED = (
    "An unexpected program error stopped this; the details were kept for the developers. "
    "Retry it; if it fails again, report it."
)
_TRACEBACK = "Traceback (most recent call last)"
_EXCEPTION_REPR = re.compile(r"^[A-Z]\w*(Error|Exception|Warning)(\(|: )")
_TRANSPORT_REPR = re.compile(r"(HTTPS?ConnectionPool\(|Max retries exceeded|NewConnectionError|ConnectTimeoutError)")
_HOST = re.compile(r"host='([^']+)', port=(\d+)")


def _unreachable(*, vendor: str, where: str) -> str:
    return (
        f"{vendor} could not be reached{where}: the connection was refused or timed out. "
        "Check that the shop (or its sandbox) is running and the channel's base URL is right, then test the "
        "connection again."
    )


def _where(text: str) -> str:
    found = _HOST.search(text)
    return f" at {found.group(1)}:{found.group(2)}" if found else ""


def explain_failure(*, error: BaseException, vendor: str) -> str:
    """One sentence for a person: what failed, why and what to do; never a repr or a traceback."""
    cause = error.__cause__
    if isinstance(error, TransientVendorError) and isinstance(cause, TRANSPORT_ERRORS):
        return _unreachable(vendor=vendor, where=_where(str(cause)))
    if isinstance(error, AuthExpired):
        return f"{vendor} refused the token ({error.message.rstrip('.')}): reconnect the channel."
    if isinstance(error, RateLimited):
        return f"{vendor} asked us to slow down: {error.message} The task retries by itself."
    if isinstance(error, TransientVendorError):
        return f"{vendor} had a temporary problem ({error.message.rstrip('.')}): try again in a few minutes."
    if isinstance(error, VendorValidationError):
        return f"{vendor} refused the data: {error.message.rstrip('.')}. Correct it, then retry."
    if isinstance(error, MappingMissing):
        return f"{error.message}. Map them on the channel, then retry."
    if isinstance(error, RemoteObjectMissing):
        return f"{error.message.rstrip('.')} on {vendor}: resync the product to create it again."
    if isinstance(error, InvalidVendorPayload):
        return f"{vendor} answered something we could not read ({error.detail}): try again later."
    if isinstance(error, SalesChannelError):
        return public_error(text=error.message)
    return UNEXPECTED


def public_error(*, text: str, kind: str = "") -> str:
    """A stored error as a person may see it (redacted; developer detail replaced by a plain sentence)."""
    if not text:
        return ""
    if _TRANSPORT_REPR.search(text):
        return _unreachable(vendor="The vendor", where=_where(text))
    if kind == "unexpected" or _TRACEBACK in text or _EXCEPTION_REPR.match(text):
        return UNEXPECTED
    return Redactor().text(text)


def has_debug_field(model) -> bool:
    """Whether the model stores developer detail apart from the merchant message."""
    return any(field.name == DEBUG_FIELD for field in model._meta.concrete_fields)


def debug_error(*, row, field_name: str = "error") -> str:
    """The developer detail of a row's failure (for superusers only): `error_debug`, else a raw stored error."""
    if has_debug_field(type(row)):
        return Redactor().text(getattr(row, DEBUG_FIELD) or "")
    text = getattr(row, field_name) or ""
    shown = public_error(text=text, kind=getattr(row, "error_kind", "") or "")
    return Redactor().text(text) if shown != Redactor().text(text) else ""


FIXES = {
    "auth": "The vendor refused the channel's token: reconnect the channel, then retry the task.",
    "mapping": "Map the missing values on the channel, then retry the task.",
    "validation": "Correct the product data the vendor refused, then retry the task.",
    "invalid_payload": "The vendor's answer was unreadable: retry the task later.",
    "transient": "A temporary vendor problem: the task retries by itself; if it keeps failing, test the connection.",
    "rate_limited": "The vendor asked us to slow down: the task retries by itself.",
    "vendor": "The vendor refused the change: read the error, correct the data, then retry the task.",
    "non_retryable": "Read the error, correct the cause, then retry the task.",
    "unexpected": "Retry the task; if it fails again, report it (superusers see the details on the task).",
}


def fix_for_kind(kind: str) -> str:
    """What a merchant does about a task that failed with this error kind."""
    return FIXES.get(kind or "", "Read the error, correct the cause, then retry the task.")
