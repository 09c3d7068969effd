"""The WooCommerce sandbox: a store's `/wp-json/wc/v3/` REST API and key provisioning on 127.0.0.1.

    with WooCommerceSandbox() as store:          # a free port, three seeded products
        key = store.issue_key()                    # or the /wc-auth/v1/authorize flow
        store.inject_fault("500", times=2)         # the next two REST calls fail
        store.limiter.configure(rate=5)            # a host allowing 5 requests per second

`serve(port=N)` runs one in the foreground (`manage.py run_sandbox woocommerce --port N`); with
`test_mode=True` it also serves the framework's fault switches (`sales_channels.sandbox_control`).
Images given by `src` are fetched over HTTP like WordPress sideloads them (the sandbox serves
`/wp-content/uploads/sandbox/<name>` itself, so tests and the demo have reachable URLs).
"""

from __future__ import annotations

import time
import urllib.request
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from sales_channels.sandbox_control import RandomFaults, SandboxControl
from sales_channels.sandbox_server import SandboxRequest, SandboxServer

from .auth import KeyStore
from .catalog import Catalog
from .limits import RANDOM_KINDS, Fault, FaultQueue, RateLimiter
from .replies import Reply, WpError, error_reply, json_reply
from .routes import Routes
from .store import StoreInfo, place_order, seed
from .webhooks import WebhookDispatcher

API_PREFIX = "/wp-json/wc/v3/"
UPLOADS_PREFIX = "/wp-content/uploads/sandbox/"
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # a PNG header is enough
REQUEST_LOG_SIZE = 50_000


def accept_http_urls(src: str) -> None:
    """For the demo and benchmarks: any http(s) URL counts as fetched (nothing is downloaded)."""
    if not src.startswith(("http://", "https://")):
        raise OSError("A valid URL was not provided.")


def fetch_over_http(src: str) -> None:
    """Download an image like WordPress's sideload: a non-200 answer or a network error is an OSError."""
    with urllib.request.urlopen(src, timeout=3) as answer:  # noqa: S310 - the sandbox fetches what it is given
        if answer.status != 200:
            raise OSError(f"HTTP {answer.status}")
        answer.read(64)


class WooCommerceSandbox(SandboxServer):
    """A stateful emulator of one WooCommerce store's REST API (wc/v3)."""

    thread_name = "woocommerce-sandbox"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        assume_https: bool = False,
        seed_products: bool = True,
        rate_limit: float | None = None,
        fetch_src: Callable[[str], None] = fetch_over_http,
        test_mode: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(host=host, port=port)
        self.seed_products = seed_products
        self.keys = KeyStore(assume_https=assume_https, clock=clock)
        self.catalog = Catalog(fetch_src=fetch_src)
        self.store = StoreInfo()
        self.routes = Routes(catalog=self.catalog, store=self.store)
        self.limiter = RateLimiter(rate=rate_limit)
        self.faults = FaultQueue()
        self.random_faults = RandomFaults()
        self.control = SandboxControl(enabled=test_mode, faults=self.random_faults, state=self.control_state)
        self.webhooks = WebhookDispatcher(catalog=self.catalog, store_url=lambda: self.base_url)
        self.routes.table.extend(self.webhooks.routes())
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        if seed_products:
            seed(self.catalog)

    # -- serving -------------------------------------------------------------------------------

    def start(self) -> str:
        """Starts serving (the shared server); the store's site URL is where it listens."""
        base_url = super().start()
        self.store.site_url = base_url
        return base_url

    def stop(self) -> None:
        """Delivers the queued webhooks, then stops serving."""
        self.webhooks.stop()
        super().stop()

    def respond(self, request: SandboxRequest) -> Reply:
        """The shared HTTP server's entry point: the request to `handle` (blank query values kept)."""
        return self.handle(
            request.method, request.path, request.query(keep_blank_values=True), request.body, request.headers
        )

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    def image_url(self, name: str) -> str:
        """A URL the sandbox serves itself (a reachable `src`)."""
        return f"{self.base_url}{UPLOADS_PREFIX}{name}"

    # -- test helpers ----------------------------------------------------------------------------

    def issue_key(self, *, permissions: str = "read_write") -> tuple[str, str]:
        key = self.keys.issue(permissions=permissions)
        return key.consumer_key, key.consumer_secret

    def inject_fault(self, kind: str, *, times: int = 1, **options: Any) -> Fault | None:
        """Queue '429', '500', 'timeout' or 'malformed_json' for the next REST calls; 'revoke_keys' acts now."""
        if kind == "revoke_keys":
            self.keys.revoke()
            return None
        options.setdefault("execute", kind in ("timeout", "malformed_json"))
        return self.faults.add(Fault(kind=kind, times=times, **options))

    def place_order(self, *, sku: str, quantity: int = 1) -> dict[str, Any]:
        """A customer orders: the order is stored and `order.created` delivered to the subscribed webhooks."""
        order = place_order(self.catalog, sku=sku, quantity=quantity)
        self.webhooks.trigger("order.created", order)
        return order

    def merchant_edit(self, product_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """The merchant edits a product in wp-admin: `product.updated` is delivered."""
        product = self.catalog.update_product(product_id, changes)
        self.webhooks.trigger("product.updated", dict(product))
        return product

    def counts(self) -> dict[str, int]:
        return self.catalog.counts()

    def control_state(self) -> dict[str, Any]:
        with self.catalog.lock:
            listings = [
                {"id": str(p["id"]), "skus": [p["sku"]] + [self.catalog.variations[v]["sku"] for v in p["variations"]]}
                for p in self.catalog.products.values()
                if p["status"] != "trash"
            ]
        return {**self.counts(), "listings": listings}

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        headers = {name.lower(): value for name, value in headers.items()}
        control = self.control.handle(method=method, path=path, body=body)
        if control is not None:
            return Reply(control.status, {"Content-Type": "application/json"}, control.encoded())
        if path.startswith(UPLOADS_PREFIX) and method == "GET":
            return Reply(200, {"Content-Type": "image/png"}, PIXEL)
        if path == "/wc-auth/v1/authorize" and method == "GET":
            return self.keys.authorize_page(query)
        if path == "/wc-auth/v1/access_granted" and method == "POST":
            form = dict(parse_qsl(body.decode("utf-8", "replace")))
            return self.keys.grant(form, store_url=self.base_url)
        if path.startswith(API_PREFIX):
            return self._rest(method, path, query, body, headers)
        if path == "/" and method == "GET":
            return json_reply(200, {"sandbox": "woocommerce", "api": self.api_url})
        return error_reply("rest_no_route", "No route was found matching the URL and request method.", status=404)

    def _rest(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        route = path[len(API_PREFIX) :].strip("/")
        wait = self.limiter.take()
        if wait:
            self._log(method, route, query, body, 429)
            return self.limiter.reply(wait)
        fault = self.faults.take(route) or self._random_fault()
        reply = None
        if fault is None or fault.execute:
            reply = self._route(method, path, route, query, body, headers)
        if fault is not None:
            if fault.kind == "timeout":
                self.wait_unless_stopped(fault.seconds)
            reply = reply if fault.kind == "timeout" and reply is not None else fault.reply()
        self._log(method, route, query, body, reply.status)
        return reply

    def _route(
        self, method: str, path: str, route: str, query: dict[str, str], body: bytes, headers: dict[str, str]
    ) -> Reply:
        try:
            self.keys.authenticate(method=method, url=self.base_url + path, query=query, headers=headers)
            found = self.routes.find(method, route)
            if found is None:
                return error_reply(
                    "rest_no_route", "No route was found matching the URL and request method.", status=404
                )
            handler, ids = found
            clean = {
                k: v
                for k, v in query.items()
                if not k.startswith("oauth_") and k not in ("consumer_key", "consumer_secret")
            }
            reply = handler(ids=ids, query=clean, body=body, url=self.base_url + path)
        except WpError as error:
            return error.reply()
        if method != "GET" and reply.status < 300:
            self.webhooks.after_write(route=route, method=method, body=reply.body)
        return reply

    def _random_fault(self) -> Fault | None:
        kind = self.random_faults.pick()
        if kind is None:
            return None
        if kind == "revoked_token":
            # WooCommerce keys have no refresh: a revoked key is permanent by design (the channel is marked
            # disconnected, tested with `inject_fault("revoke_keys")`), so the soak's transient kind is a no-op here.
            return None
        config = self.random_faults.config
        mapped = RANDOM_KINDS[kind]
        return Fault(
            kind=mapped,
            execute=mapped in ("timeout", "malformed_json"),
            retry_after=config.retry_after,
            seconds=config.timeout_seconds,
        )

    def _log(self, method: str, route: str, query: dict[str, str], body: bytes, status: int) -> None:
        clean = {
            k: v
            for k, v in query.items()
            if not k.startswith("oauth_") and k not in ("consumer_key", "consumer_secret")
        }
        self.request_log.append({"method": method, "route": route, "query": clean, "body": body, "status": status})


def serve(*, port: int, host: str = "127.0.0.1", **options: Any) -> None:
    """Runs a sandbox in the foreground until interrupted; prints a key pair to connect with."""
    sandbox = WooCommerceSandbox(host=host, port=port, **options)
    base_url = sandbox.start()
    consumer_key, consumer_secret = sandbox.issue_key()
    print(f"WooCommerce sandbox on {base_url} (REST {sandbox.api_url})", flush=True)
    if sandbox.control.enabled:
        print(f"  test mode: fault switches at {base_url}/__sandbox__/faults, counts at /__sandbox__/state")
    print(f"  consumer_key={consumer_key} consumer_secret={consumer_secret}", flush=True)
    sandbox.run_until_interrupted()
