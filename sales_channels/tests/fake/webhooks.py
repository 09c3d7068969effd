"""The fake vendor's webhooks: hex HMAC-SHA256 of the body with the channel name as secret, three headers."""

import hashlib
import hmac
from datetime import UTC, datetime

from sales_channels.exceptions import TransientVendorError
from sales_channels.webhooks.spec import VerifiedDelivery, WebhookRejected, WebhookSpec

SECRET_SUFFIX = "-webhook-secret"
MAX_AGE_SECONDS = 3600


def sign(*, body: bytes, channel) -> str:
    return hmac.new(f"{channel.name}{SECRET_SUFFIX}".encode(), body, hashlib.sha256).hexdigest()


def verify(*, channel, body: bytes, headers) -> VerifiedDelivery:
    if not hmac.compare_digest(sign(body=body, channel=channel), headers.get("X-Fake-Signature", "")):
        raise WebhookRejected("bad signature")
    stamp = headers.get("X-Fake-Time")
    return VerifiedDelivery(
        topic=headers.get("X-Fake-Topic", ""),
        event_id=headers.get("X-Fake-Event", ""),
        triggered_at=datetime.fromtimestamp(float(stamp), tz=UTC) if stamp else None,
    )


def record_note(*, channel, delivery, payload) -> str:
    """notes/create: remembers the note on the spec's list (what a real handler would write)."""
    if payload.get("flaky") and delivery.attempts < 2:
        raise TransientVendorError("vendor lookup timed out")
    NOTES.append((channel.pk, payload["note"]))
    return f"note {payload['note']} kept"


def unreachable(*, channel, delivery, payload) -> str:
    """notes/unreachable: the vendor lookup the handler needs never answers (retryable, every time)."""
    raise TransientVendorError("vendor lookup timed out")


def malformed(*, channel, delivery, payload) -> str:
    """notes/malformed: the payload lacks what the handler needs (retrying cannot fix it)."""
    raise ValueError("the note has no text")


NOTES: list[tuple[int, str]] = []


def build_webhooks() -> WebhookSpec:
    spec = WebhookSpec(verify=verify, max_age_seconds=lambda: MAX_AGE_SECONDS)
    spec.handle("notes/create", record_note)
    spec.handle("notes/unreachable", unreachable)
    spec.handle("notes/malformed", malformed)
    return spec
