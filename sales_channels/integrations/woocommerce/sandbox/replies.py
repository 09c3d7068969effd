"""The (status, headers, body) triple the sandbox writes, and WordPress-shaped error bodies."""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class Reply(NamedTuple):
    """An HTTP response the server writes as is."""

    status: int
    headers: dict[str, str]
    body: bytes


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    """A JSON response with WordPress's content type."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}, body)


def wp_error(code: str, message: str, *, status: int, **data: Any) -> dict[str, Any]:
    """A WP_Error as the REST server encodes it: code, message and data.status (plus extra data)."""
    return {"code": code, "message": message, "data": {"status": status, **data}}


def error_reply(code: str, message: str, *, status: int, headers: dict[str, str] | None = None, **data: Any) -> Reply:
    return json_reply(status, wp_error(code, message, status=status, **data), headers)


class WpError(Exception):
    """Raised inside a handler: becomes a WP_Error answer (or a per-item error inside a batch)."""

    def __init__(self, code: str, message: str, *, status: int = 400, **data: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.data = code, message, status, data

    def body(self) -> dict[str, Any]:
        return wp_error(self.code, self.message, status=self.status, **self.data)

    def reply(self) -> Reply:
        return json_reply(self.status, self.body())


def invalid_param(name: str, reason: str) -> WpError:
    """WordPress's answer to an argument of the wrong type or outside its enum."""
    return WpError("rest_invalid_param", f"Invalid parameter(s): {name}", status=400, params={name: reason})


def html_reply(status: int, html: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"Content-Type": "text/html; charset=UTF-8", **(headers or {})}, html.encode())
