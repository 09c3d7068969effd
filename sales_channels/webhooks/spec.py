"""What an integration gives the webhook inbox: a verifier, the vendor's retry window and topic handlers.

    SHOP_WEBHOOKS = WebhookSpec(verify=verify_delivery, max_age_seconds=lambda: 6 * 3600)
    SHOP_WEBHOOKS.handle("orders/create", order_created)        # one line per topic

The verifier checks the signature over the raw body (and whatever else the vendor signs) and
reads the topic, event id and timestamp from the headers; it raises `WebhookRejected` with the
counter to bump. A handler takes the stored delivery and its decoded JSON payload, does the work
and returns a short detail, or raises `WebhookIgnored` (acknowledged, nothing to do); any other
exception fails the delivery, which keeps its body and is retried by the task (retryable errors)
or stays failed with its error.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

FORGED = "forged"
STALE = "stale"


class WebhookRejected(Exception):
    """A delivery refused before it is stored; `counter` (forged, stale) is bumped on the channel."""

    def __init__(self, message: str, *, status: int = 401, counter: str = FORGED) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.counter = counter


class WebhookIgnored(Exception):
    """A handler's way to say: acknowledged, nothing to do (the delivery ends ignored with this reason)."""


@dataclass(frozen=True)
class VerifiedDelivery:
    """What a verifier read from a delivery whose signature holds."""

    topic: str
    event_id: str
    triggered_at: datetime | None
    headers: Mapping[str, str] = field(default_factory=dict)


class Verifier(Protocol):
    """`verify(channel=, body=, headers=)` -> VerifiedDelivery, or WebhookRejected."""

    def __call__(self, *, channel: Any, body: bytes, headers: Mapping[str, str]) -> VerifiedDelivery: ...


class TopicHandler(Protocol):
    """`handler(channel=, delivery=, payload=)` -> a short detail of what was done."""

    def __call__(self, *, channel: Any, delivery: Any, payload: Any) -> str: ...


@dataclass
class WebhookSpec:
    """A vendor's webhook verifier, retry window, topic handlers and the topics whose body is kept."""

    verify: Verifier
    max_age_seconds: Callable[[], int]
    handlers: dict[str, TopicHandler] = field(default_factory=dict)
    kept_topics: frozenset[str] = frozenset()
    max_attempts: int = 5

    def handle(self, topic: str, handler: TopicHandler) -> None:
        """Register (or replace) the handler of a topic."""
        self.handlers[topic] = handler

    def handler_for(self, topic: str) -> TopicHandler | None:
        return self.handlers.get(topic)
