"""The Magento 2 sandbox server: REST under `/rest/<store code>/V1/` and `/rest/<scope>/async/bulk/V1/`.

    with Magento2Sandbox() as sandbox:               # a free port on 127.0.0.1
        creds = sandbox.credentials()                # consumer key/secret, access token/secret
        sandbox.inject_fault("500", times=2)         # the next two REST calls fail
        sandbox.limit(requests_per_second=4)         # the host's limiter (429 with Retry-After)

Every REST call is authenticated (OAuth 1.0a signature, or Bearer when `bearer_allowed`), passes
the host limiter and the fault switches, runs the due bulk operations (the consumer), then its
route. `serve(port=N)` runs one in the foreground (`manage.py run_sandbox magento2 --port N`);
with `test_mode=True` the framework's fault switches are served over HTTP too.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sales_channels.sandbox_control import RandomFaults, SandboxControl
from sales_channels.sandbox_server import SandboxRequest, SandboxServer

from . import bulk
from .auth import UNKNOWN_TOKEN, Authenticator
from .errors import RATE_LIMITED, SERVER_ERROR, MagentoError
from .routes import Call, match
from .state import build_state

_REST = re.compile(r"^/rest/(?:(?P<scope>[a-z][a-z0-9_]*)/)?(?P<async>async/(?:bulk/)?)?V1/(?P<route>.+)$")


@dataclass
class Reply:
    """An HTTP answer of the sandbox."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json; charset=utf-8"})
    delay: float = 0.0


def json_reply(status: int, payload: Any) -> Reply:
    return Reply(status, json.dumps(payload).encode())


class HostLimiter:
    """The web server's limiter in front of Magento: a token bucket answering 429 with Retry-After."""

    def __init__(self, *, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.rate: float | None = None
        self.tokens = 0.0
        self.stamp = 0.0
        self.throttled = 0
        self._lock = threading.Lock()

    def configure(self, *, requests_per_second: float | None) -> None:
        with self._lock:
            self.rate = requests_per_second
            self.tokens = max(1.0, requests_per_second or 0)
            self.stamp = self.clock()

    def wait_needed(self) -> float:
        """0 when the request may pass (a token taken), else the seconds until one is free."""
        with self._lock:
            if not self.rate:
                return 0.0
            now = self.clock()
            self.tokens = min(max(1.0, self.rate), self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            self.throttled += 1
            return (1 - self.tokens) / self.rate


class Magento2Sandbox(SandboxServer):
    """A stateful emulator of a Magento 2.4 store's admin REST API for one integration."""

    thread_name = "magento2-sandbox"
    quiet_connection_errors = True  # a client that went away mid-request (a killed worker) is logged, not printed

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        seed_products: bool = True,
        bearer_allowed: bool = False,
        consumer_delay: float = 0.2,
        option_answer: str = "id_new_option",
        clock: Callable[[], float] = time.monotonic,
        test_mode: bool = False,
    ) -> None:
        super().__init__(host=host, port=port)
        self.clock = clock
        self.state = build_state(with_products=seed_products)
        self.state.now_text = lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        self.auth = Authenticator(bearer_allowed=bearer_allowed)
        self.consumer_delay = consumer_delay
        self.option_answer = option_answer
        self.limiter = HostLimiter(clock=clock)
        self.faults = RandomFaults()
        self.control = SandboxControl(enabled=test_mode, faults=self.faults, state=self.state.counts)
        self.retriable_skus: set[str] = set()
        self.requests: list[dict[str, Any]] = []
        self._queued_faults: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    # -- serving ------------------------------------------------------------------------------

    def start(self) -> Magento2Sandbox:
        """Starts serving (the shared server) and keeps the port it listens on; returns the sandbox (chainable)."""
        super().start()
        self.port = self.listening_port
        return self

    def respond(self, request: SandboxRequest) -> Reply:
        """The shared HTTP server's entry point; a late answer (a timeout fault) sleeps until stop()."""
        reply = self.handle(method=request.method, raw_path=request.target, headers=request.headers, body=request.body)
        if reply.delay:
            self.wait_unless_stopped(reply.delay)
        return reply

    # -- switches -------------------------------------------------------------------------------

    def credentials(self) -> dict[str, str]:
        """The integration's four OAuth values (what the merchant copies from Magento's admin)."""
        return self.auth.integration.credentials()

    def inject_fault(self, kind: str, *, times: int = 1, path: str = "") -> None:
        """The next `times` REST calls get `kind`: 500, 503, 429, timeout, truncated_json, revoked_token (ok: none)."""
        with self._lock:
            self._queued_faults += [(kind, path)] * times  # `path`: only calls whose path contains it

    def limit(self, *, requests_per_second: float | None) -> None:
        """The host limiter's rate (None: off)."""
        self.limiter.configure(requests_per_second=requests_per_second)

    def add_order(self, *, increment_id: str, sku: str, quantity: int, price: float, state: str = "new") -> dict:
        """A customer places an order (or the merchant changes one: same increment id, new state)."""
        with self.state.lock:
            stamp = self.state.now_text()
            found = next((o for o in self.state.orders if o["increment_id"] == increment_id), None)
            if found is not None:
                found.update({"state": state, "status": state, "updated_at": stamp})
                return found
            order = {
                "entity_id": self.state.next_id("order", start=2),
                "increment_id": increment_id,
                "state": state,
                "status": state,
                "order_currency_code": "EUR",
                "base_currency_code": "EUR",
                "created_at": stamp,
                "updated_at": stamp,
                "customer_email": "grace@example.com",
                "customer_firstname": "Grace",
                "customer_lastname": "Hopper",
                "grand_total": round(price * quantity, 2),
                "base_grand_total": round(price * quantity, 2),
                "items": [
                    {
                        "item_id": 1,
                        "sku": sku,
                        "name": sku,
                        "qty_ordered": quantity,
                        "price": price,
                        "product_type": "simple",
                    }
                ],
            }
            self.state.orders.append(order)
            return order

    def run_consumer(self) -> None:
        """Process every due bulk operation now (tests call it; REST calls call it too)."""
        bulk.run_consumer(self.state, now=self.clock(), retriable_skus=self.retriable_skus)

    # -- requests -------------------------------------------------------------------------------

    def _next_fault(self, path: str) -> str | None:
        with self._lock:
            for index, (kind, wanted) in enumerate(self._queued_faults):
                if wanted in path:
                    del self._queued_faults[index]
                    return kind
        return self.faults.pick()

    def handle(self, *, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Reply:
        url = urlsplit(raw_path)
        control = self.control.handle(method=method, path=url.path, body=body)
        if control is not None:
            return Reply(control.status, control.encoded())
        full_url = f"http://{headers.get('Host', f'{self.host}:{self.port}')}{raw_path}"
        try:
            if url.path.startswith("/oauth/token/"):
                return self._oauth(method=method, path=url.path, url=full_url, headers=headers, body=body)
            return self._rest(method=method, url=url, full_url=full_url, headers=headers, body=body)
        except MagentoError as error:
            return json_reply(error.status, error.body())

    def _oauth(self, *, method: str, path: str, url: str, headers: dict[str, str], body: bytes) -> Reply:
        if method != "POST":
            raise MagentoError(405, "Method not allowed.")
        if path == "/oauth/token/request":
            text = self.auth.request_token(method=method, url=url, headers=headers, body=body)
        elif path == "/oauth/token/access":
            text = self.auth.access_token(method=method, url=url, headers=headers, body=body)
        else:
            raise MagentoError(404, "Request does not match any route.")
        return Reply(200, text.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})

    def _throttled(self) -> Reply | None:
        wait = self.limiter.wait_needed()
        if not wait:
            return None
        reply = json_reply(429, {"message": RATE_LIMITED})
        reply.headers["Retry-After"] = str(max(1, round(wait + 0.49)))
        return reply

    def _fault_before(self, fault: str | None) -> Reply | None:
        """The answer of a fault that stops the request before it is applied (500, 503, 429)."""
        if fault in ("500", "5xx"):
            raise MagentoError(500, SERVER_ERROR, [uuid.uuid4().hex[:12]])
        if fault == "503":
            raise MagentoError(503, "Service Unavailable")
        if fault == "429":
            reply = json_reply(429, {"message": RATE_LIMITED})
            reply.headers["Retry-After"] = str(max(1, round(self.faults.config.retry_after)))
            return reply
        return None

    def _fault_after(self, fault: str | None, reply: Reply) -> Reply:
        """A fault that spoils the answer of an applied request (late, or cut off)."""
        if fault == "timeout":
            reply.delay = self.faults.config.timeout_seconds
        elif fault == "truncated_json":
            reply.body = reply.body[: max(1, len(reply.body) // 2)]
        return reply

    def _rest(self, *, method: str, url, full_url: str, headers: dict[str, str], body: bytes) -> Reply:
        found = _REST.match(url.path)
        if not found:
            raise MagentoError(404, "Request does not match any route.")
        throttled = self._throttled()
        if throttled is not None:
            return throttled
        fault = self._next_fault(url.path)
        if fault == "revoked_token":
            # Integration tokens never expire and a revocation needs the merchant (`auth.revoke()`): the
            # switch refuses this one request as a store would while the integration is being reauthorized.
            raise MagentoError(401, UNKNOWN_TOKEN)
        self.auth.check(method=method, url=full_url, headers=headers, body=body)
        stopped = self._fault_before(fault)
        if stopped is not None:
            return stopped
        try:
            decoded = json.loads(body) if body else None
        except ValueError:
            raise MagentoError(400, "Decoding error: \n%1", ["Syntax error"]) from None
        scope = found.group("scope") or "default"
        query = parse_qsl(url.query, keep_blank_values=True)
        with self._lock:
            self.requests.append({"method": method, "path": url.path, "query": query, "body": decoded, "scope": scope})
        self.run_consumer()
        if found.group("async"):
            reply = json_reply(
                202,
                self._accept_bulk(
                    method=method, route=found.group("route"), scope=scope, body=decoded, kind=found.group("async")
                ),
            )
        else:
            run, params = match(method, found.group("route"))
            call = Call(method, scope, params, query, decoded, self.state, self.base_url, self.option_answer)
            reply = json_reply(200, run(call))
        return self._fault_after(fault, reply)

    def _accept_bulk(self, *, method: str, route: str, scope: str, body: Any, kind: str) -> dict[str, Any]:
        if not kind.startswith("async/bulk"):
            raise MagentoError(404, "Request does not match any route.")
        return bulk.accept(
            self.state,
            method=method,
            route=route,
            scope=scope,
            body=body,
            now=self.clock(),
            delay=self.consumer_delay,
            start_time=self.state.now_text(),
        )


def serve(*, port: int, test_mode: bool = False) -> None:
    """Serve a sandbox store in the foreground until interrupted; prints its credentials."""
    sandbox = Magento2Sandbox(port=port, test_mode=test_mode).start()
    print(f"Magento 2 sandbox on {sandbox.base_url} (store views: default, de)", flush=True)  # noqa: T201
    for name, value in sandbox.credentials().items():
        print(f"  {name}: {value}", flush=True)  # noqa: T201
    sandbox.run_until_interrupted()
