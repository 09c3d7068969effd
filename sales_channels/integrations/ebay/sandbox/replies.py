"""The sandbox's HTTP answers: (status, headers, body) and eBay's error shape."""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class Reply(NamedTuple):
    """An HTTP response the server writes as is."""

    status: int
    headers: dict[str, str]
    body: bytes


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    """A JSON response."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, {"Content-Type": "application/json", **(headers or {})}, body)


def empty_reply(status: int = 204) -> Reply:
    """A response without a body (eBay answers 204 to most PUT/DELETE calls)."""
    return Reply(status, {}, b"")


def error(error_id: int, message: str, *, category: str = "REQUEST", domain: str = "API_INVENTORY", **params: Any):
    """One eBay error object: {errorId, domain, category, message, parameters[{name, value}]}."""
    found: dict[str, Any] = {"errorId": error_id, "domain": domain, "category": category, "message": message}
    if params:
        found["parameters"] = [{"name": name, "value": str(value)} for name, value in params.items()]
    return found


def error_reply(status: int, *errors: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
    """eBay's error answer: {"errors": [...]}."""
    return json_reply(status, {"errors": list(errors)}, headers)


class SandboxError(Exception):
    """Raised inside a route: becomes an eBay error answer."""

    def __init__(self, status: int, *errors: dict[str, Any]) -> None:
        super().__init__(errors[0]["message"] if errors else str(status))
        self.status = status
        self.errors = errors

    def reply(self) -> Reply:
        return error_reply(self.status, *self.errors)


def invalid(message: str, *, error_id: int = 2004, **params: Any) -> SandboxError:
    """A 400 'invalid request' with eBay's shape."""
    return SandboxError(400, error(error_id, message, **params))


INVALID_TOKEN = error(1001, "Invalid access token", category="REQUEST", domain="OAuth")
INSUFFICIENT_SCOPE = error(1100, "Access denied: insufficient permissions to fulfill the request.", domain="ACCESS")
TOO_MANY_REQUESTS = error(
    2001, "Too many requests. The request limit has been reached for the resource.", domain="ACCESS"
)
