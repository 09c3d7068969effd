"""Webhook deliveries as Shopify sends them: the raw JSON body signed with the client secret.

`X-Shopify-Hmac-Sha256` is the base64 (not hex) HMAC-SHA256 of the exact body bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

API_VERSION = "2026-01"


def webhook_hmac(body: bytes, secret: str) -> str:
    """The X-Shopify-Hmac-Sha256 value for a body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def topic_header(topic: str) -> str:
    """`PRODUCTS_UPDATE` (GraphQL enum) -> `products/update` (header form); header forms pass through."""
    if "/" in topic:
        return topic
    resource, _, action = topic.lower().rpartition("_")
    return f"{resource}/{action}"


def webhook_headers(
    topic: str,
    body: bytes,
    *,
    secret: str,
    shop: str,
    event_id: str | None = None,
    webhook_id: str | None = None,
    triggered_at: str | None = None,
) -> dict[str, str]:
    """Every header of one delivery; pass the same event_id to emulate a duplicate delivery."""
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic_header(topic),
        "X-Shopify-Hmac-Sha256": webhook_hmac(body, secret),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": API_VERSION,
        "X-Shopify-Webhook-Id": webhook_id or str(uuid.uuid4()),
        "X-Shopify-Event-Id": event_id or str(uuid.uuid4()),
        "X-Shopify-Triggered-At": triggered_at or datetime.now(UTC).isoformat(timespec="microseconds"),
    }


def deliver(url: str, body: bytes, headers: dict[str, str], *, timeout: float = 5.0) -> int:
    """POSTs one delivery and returns the receiver's HTTP status (Shopify waits at most 5 s)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def encode_payload(payload: Any) -> bytes:
    """The delivery body: compact JSON, exactly the bytes that get signed."""
    return payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
