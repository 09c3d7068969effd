"""The (status, headers, body) triple every sandbox endpoint returns, and JSON helpers."""

from __future__ import annotations

import json
from typing import Any, NamedTuple


class Reply(NamedTuple):
    """An HTTP response the server writes as is."""

    status: int
    headers: dict[str, str]
    body: bytes


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    """A JSON response with Shopify's content type."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Reply(status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, body)


INVALID_TOKEN = {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
