"""Webhooks of the sandbox store: the REST resource, the creation ping and signed deliveries.

Like WooCommerce: creating an active webhook sends a ping (form-encoded `webhook_id=N`, no
signature); every product or order write is delivered asynchronously (a background thread stands in
for Action Scheduler) as JSON signed `base64(HMAC-SHA256(body, secret))` in `X-WC-Webhook-Signature`,
with a fresh `X-WC-Webhook-Delivery-ID`; five failed deliveries in a row disable the webhook.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import queue
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from .catalog import Catalog, now_gmt
from .replies import Reply, WpError, json_reply

TOPICS = (
    "product.created",
    "product.updated",
    "product.deleted",
    "product.restored",
    "order.created",
    "order.updated",
    "order.deleted",
    "order.restored",
)
MAX_FAILURES = 5


def signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - the merchant's delivery URL
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


class WebhookDispatcher:
    """Webhook rows (kept in the catalog), their REST routes and the delivery thread."""

    def __init__(self, *, catalog: Catalog, store_url: Callable[[], str]) -> None:
        self.catalog = catalog
        self.store_url = store_url
        self._ids = itertools.count(1)
        self._deliveries = itertools.count(1)
        self._queue: queue.Queue[tuple[int, str, dict[str, Any]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.delivered: list[dict[str, Any]] = []

    def routes(self) -> list[tuple[str, re.Pattern, Callable[..., Reply]]]:
        return [
            ("GET", re.compile(r"webhooks"), self.list),
            ("POST", re.compile(r"webhooks"), self.create),
            ("DELETE", re.compile(r"webhooks/(\d+)"), self.delete),
        ]

    # -- REST ------------------------------------------------------------------------------------

    def list(self, **_: Any) -> Reply:
        with self.catalog.lock:
            return json_reply(200, [_public(hook) for hook in self.catalog.webhooks.values()])

    def create(self, *, body: bytes, **_: Any) -> Reply:
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            raise WpError("rest_invalid_json", "Invalid JSON body passed.") from None
        if not isinstance(payload, dict) or payload.get("topic") not in TOPICS:
            raise WpError("rest_invalid_param", "Invalid parameter(s): topic", params={"topic": "Invalid topic."})
        url = payload.get("delivery_url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise WpError(
                "rest_invalid_param", "Invalid parameter(s): delivery_url", params={"delivery_url": "Invalid URL."}
            )
        hook = {
            "id": next(self._ids),
            "name": str(payload.get("name") or payload["topic"]),
            "status": payload.get("status", "active"),
            "topic": payload["topic"],
            "delivery_url": url,
            "secret": str(payload.get("secret") or ""),
            "failure_count": 0,
            "date_created_gmt": now_gmt(),
        }
        with self.catalog.lock:
            self.catalog.webhooks[hook["id"]] = hook
        if hook["status"] == "active":
            hook["ping_status"] = _post(
                url, f"webhook_id={hook['id']}".encode(), {"Content-Type": "application/x-www-form-urlencoded"}
            )
        return json_reply(201, _public(hook))

    def delete(self, *, ids: tuple[str, ...], query: dict[str, str], **_: Any) -> Reply:
        if query.get("force") not in ("true", "1"):
            raise WpError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", status=501)
        with self.catalog.lock:
            hook = self.catalog.webhooks.pop(int(ids[0]), None)
        if hook is None:
            raise WpError("woocommerce_rest_webhook_invalid_id", "Invalid ID.", status=404)
        return json_reply(200, _public(hook))

    # -- deliveries ------------------------------------------------------------------------------

    def after_write(self, *, route: str, method: str, body: bytes) -> None:
        """Queue the topics a successful REST write fires (products and orders)."""
        if not self.catalog.webhooks:
            return
        answer = json.loads(body or b"null")
        if route == "products/batch" and isinstance(answer, dict):
            for name, topic in (
                ("create", "product.created"),
                ("update", "product.updated"),
                ("delete", "product.deleted"),
            ):
                for item in answer.get(name, []):
                    if "error" not in item:
                        self.trigger(topic, item)
        elif re.fullmatch(r"products(/\d+)?", route) and isinstance(answer, dict):
            topic = {"POST": "product.created", "PUT": "product.updated", "DELETE": "product.deleted"}[method]
            self.trigger(topic, answer)

    def trigger(self, topic: str, payload: dict[str, Any]) -> None:
        with self.catalog.lock:
            hooks = [h["id"] for h in self.catalog.webhooks.values() if h["topic"] == topic and h["status"] == "active"]
        for hook_id in hooks:
            self._queue.put((hook_id, topic, payload))
        if hooks and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="woocommerce-webhooks", daemon=True)
            self._thread.start()

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued delivery was attempted (tests)."""
        done = threading.Event()
        self._queue.put(("drain", done))  # type: ignore[arg-type]
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="woocommerce-webhooks", daemon=True)
            self._thread.start()
        done.wait(timeout)

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job[0] == "drain":
                job[1].set()
                continue
            self.deliver(*job)

    def deliver(self, hook_id: int, topic: str, payload: dict[str, Any], *, delivery_id: int | None = None) -> int:
        with self.catalog.lock:
            hook = self.catalog.webhooks.get(hook_id)
        if hook is None:
            return 0
        body = json.dumps(payload).encode()
        resource, _, event = topic.partition(".")
        delivery = delivery_id if delivery_id is not None else next(self._deliveries)
        headers = {
            "Content-Type": "application/json",
            "X-WC-Webhook-Source": self.store_url() + "/",
            "X-WC-Webhook-Topic": topic,
            "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event,
            "X-WC-Webhook-Signature": signature(body, hook["secret"]),
            "X-WC-Webhook-ID": str(hook_id),
            "X-WC-Webhook-Delivery-ID": str(delivery),
        }
        status = _post(hook["delivery_url"], body, headers)
        with self.catalog.lock:
            hook["failure_count"] = 0 if 200 <= status < 300 else hook["failure_count"] + 1
            if hook["failure_count"] >= MAX_FAILURES:
                hook["status"] = "disabled"
        self.delivered.append({"hook": hook_id, "topic": topic, "delivery": delivery, "status": status})
        return status


def _public(hook: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in hook.items() if k not in ("failure_count", "ping_status")}
