"""The (status, headers, body) every sandbox endpoint returns, and SP-API's error shape."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    """Status, headers and body the handler writes as is."""

    status: int
    headers: dict[str, str]
    body: bytes


def json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(payload).encode())


def error_reply(
    status: int, code: str, message: str, details: str = "", headers: dict[str, str] | None = None
) -> Reply:
    """SP-API's ErrorList: `{"errors": [{"code", "message", "details"}]}`."""
    return json_reply(status, {"errors": [{"code": code, "message": message, "details": details}]}, headers)
