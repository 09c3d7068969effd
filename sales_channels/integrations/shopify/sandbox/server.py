"""The Shopify sandbox server: OAuth and the Admin GraphQL API over real HTTP on 127.0.0.1.

    with ShopifySandbox() as sandbox:          # starts on a free port
        token = sandbox.issue_access_token()["access_token"]
        requests.post(sandbox.graphql_url, json={"query": ...}, headers={"X-Shopify-Access-Token": token})
        sandbox.inject_fault("500", times=2)   # the next two GraphQL calls fail
        assert sandbox.product_count == 3

`serve(port=N)` runs one in the foreground (for `manage.py run_sandbox shopify --port N`). With
`test_mode=True` (`--test-mode`) it also serves the framework's fault switches over HTTP
(`sales_channels.sandbox_control`: `/__sandbox__/faults`, `/__sandbox__/state`).
"""

from __future__ import annotations

import json
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from sales_channels.sandbox_control import RandomFaults, SandboxControl
from sales_channels.sandbox_server import SandboxRequest, SandboxServer

from . import bulk, bulk_mutations
from .cost import LeakyBucket
from .faults import Fault, FaultInjector, make_fault, random_fault
from .graphql_endpoint import GraphQLEndpoint, GraphQLRequest, parse_request
from .oauth import OAuthProvider
from .replies import INVALID_TOKEN, Reply, json_reply
from .seed import build_state
from .state import SandboxState
from .webhooks import API_VERSION, deliver, encode_payload, topic_header, webhook_headers

GRAPHQL_PATH = f"/admin/api/{API_VERSION}/graphql.json"
DEFAULT_SCOPES = (
    "read_products,write_products,read_inventory,write_inventory,read_locations,read_publications,"
    "write_publications,read_locales,read_markets,read_translations,write_translations,read_files,"
    "write_files,read_orders"
)
REQUEST_LOG_SIZE = 100_000
_BULK_PATH = re.compile(r"/bulk/(\d+)\.jsonl")
_OPERATION = re.compile(r"\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)")


class ShopifySandbox(SandboxServer):
    """A stateful emulator of the Shopify Admin GraphQL API (2026-01) and OAuth for one shop."""

    thread_name = "shopify-sandbox"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        client_id: str = "sandbox-client",
        client_secret: str = "sandbox-secret",
        shop: str = "onesila-demo.myshopify.com",
        restore_rate: float = 100.0,
        bucket_size: float = 2000.0,
        token_ttl: int = 3600,
        seed_products: bool = True,
        clock: Callable[[], float] = time.monotonic,
        test_mode: bool = False,
    ) -> None:
        super().__init__(host=host, port=port)
        self.client_id, self.client_secret, self.shop = client_id, client_secret, shop
        self.seed_products = seed_products
        self.clock = clock
        self.state: SandboxState = build_state(shop, with_products=seed_products)
        self.state.clock = clock
        self.bucket = LeakyBucket(size=bucket_size, restore_rate=restore_rate, clock=clock)
        self.oauth = OAuthProvider(
            client_id=client_id, client_secret=client_secret, shop=shop, token_ttl=token_ttl, clock=clock
        )
        self.oauth.default_scope = DEFAULT_SCOPES
        self.faults = FaultInjector()
        self.random_faults = RandomFaults()
        self.control = SandboxControl(enabled=test_mode, faults=self.random_faults, state=self.control_state)
        self.endpoint = GraphQLEndpoint(self.state, self.bucket)
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)

    # -- serving -------------------------------------------------------------------------------

    def respond(self, request: SandboxRequest) -> Reply:
        """The shared HTTP server's entry point: the request to `handle`."""
        return self.handle(request.method, request.path, request.query(), request.body, request.headers)

    @property
    def graphql_url(self) -> str:
        return self.base_url + GRAPHQL_PATH

    @property
    def authorize_url(self) -> str:
        return self.base_url + "/admin/oauth/authorize"

    @property
    def token_url(self) -> str:
        return self.base_url + "/admin/oauth/access_token"

    # -- test helpers ----------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the seeded shop: state, faults, bucket and request log (issued tokens stay valid)."""
        with self.state.lock:
            self.state = build_state(self.shop, with_products=self.seed_products)
            self.state.clock = self.clock
            self.endpoint.state = self.state
        self.faults.clear()
        self.bucket.refill_fully()
        self.request_log.clear()

    def inject_fault(self, kind: str, *, times: int = 1, **options: Any) -> Fault | None:
        """Queues a fault ('429', '500', 'timeout', 'malformed_json') or applies one now.

        Queued options: endpoint ('graphql' | 'token' | 'any'), operation (an operation name or a
        substring of the query), execute (whether the request still takes effect), status (for
        '500'), retry_after (for '429'), seconds (for 'timeout', default 6.0). 'revoke_token'
        revokes every access token (include_refresh_tokens=True: refresh tokens too, like an
        uninstall); 'throttle' empties the cost bucket.
        """
        if kind == "revoke_token":
            self.oauth.revoke(include_refresh_tokens=bool(options.get("include_refresh_tokens")))
            return None
        if kind == "throttle":
            self.bucket.exhaust()
            return None
        fault = make_fault(kind, times=times, **options)
        self.faults.add(fault)
        return fault

    def issue_access_token(self, *, expiring: bool = False, scope: str = DEFAULT_SCOPES) -> dict[str, Any]:
        """A token without the OAuth dance, shaped like the token endpoint's response."""
        return self.oauth.issue(scope=scope, expiring=expiring)

    @property
    def product_count(self) -> int:
        return self.state.product_count

    @property
    def variant_count(self) -> int:
        return self.state.variant_count

    @property
    def media_count(self) -> int:
        return self.state.media_count

    def counts(self) -> dict[str, int]:
        """Products, variants and media in the shop (to prove retries created no duplicates)."""
        return {"products": self.product_count, "variants": self.variant_count, "media": self.media_count}

    def control_state(self) -> dict[str, Any]:
        """`GET /__sandbox__/state`: the counts, and every product as a listing with its variants' SKUs."""
        with self.state.lock:
            listings = [
                {"id": product.gid, "skus": [variant.inventory_item.sku for variant in product.variants]}
                for product in self.state.products.values()
            ]
        return {**self.counts(), "listings": listings}

    def deliver_webhook(
        self, topic: str, payload: Any, callback_url: str, *, timeout: float = 5.0, **headers: Any
    ) -> int:
        """POSTs a signed webhook to a callback URL; returns its HTTP status.

        `headers` may pin event_id, webhook_id or triggered_at (e.g. a duplicate delivery).
        """
        body = encode_payload(payload)
        signed = webhook_headers(topic, body, secret=self.client_secret, shop=self.shop, **headers)
        return deliver(callback_url, body, signed, timeout=timeout)

    def trigger_webhook(self, topic: str, payload: Any) -> list[int]:
        """Delivers a webhook to every subscription of the topic (GraphQL enum or header form)."""
        wanted = topic_header(topic)
        subscriptions = [s for s in self.state.webhook_subscriptions.values() if topic_header(s.topic) == wanted]
        return [self.deliver_webhook(s.topic, payload, s.callback_url) for s in subscriptions]

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        """Routes one HTTP request to its endpoint."""
        headers = {name.lower(): value for name, value in headers.items()}
        operation = None
        control = self.control.handle(method=method, path=path, body=body)
        if control is not None:
            return Reply(control.status, {"Content-Type": "application/json"}, control.encoded())
        if method == "GET" and path == "/admin/oauth/authorize":
            reply = self.oauth.authorize(query)
        elif method == "POST" and path == "/admin/oauth/access_token":
            reply = self._token(query, body, headers.get("content-type", ""))
        elif method == "POST" and path == GRAPHQL_PATH:
            reply, operation = self._graphql(body, headers)
        elif method == "GET" and _BULK_PATH.fullmatch(path):
            reply = self._bulk_file(int(_BULK_PATH.fullmatch(path).group(1)))
        elif method in ("POST", "PUT") and path.startswith(bulk_mutations.UPLOAD_PREFIX):
            with self.state.lock:
                reply = bulk_mutations.receive_upload(
                    self.state, path=path, body=body, content_type=headers.get("content-type", "")
                )
        elif method == "GET" and path.startswith(bulk_mutations.RESULT_PREFIX):
            reply = bulk_mutations.result_file(self.state, path=path)
        elif method == "GET" and path == "/":
            reply = json_reply(200, {"sandbox": "shopify", "shop": self.shop, "api_version": API_VERSION})
        else:
            reply = json_reply(404, {"errors": "Not Found"})
        self.request_log.append({"method": method, "path": path, "operation": operation, "status": reply.status})
        return reply

    def set_media_processing(self, seconds: float) -> None:
        """New media stay PROCESSING for `seconds` on the sandbox clock (until the next reset)."""
        self.state.media_processing_seconds = float(seconds)

    def set_bulk_delay(self, seconds: float) -> None:
        """Bulk queries report RUNNING for `seconds` before COMPLETED (until the next reset)."""
        self.state.__dict__["bulk_delay"] = float(seconds)

    def fail_next_bulk_operation(self, error_code: str = "INTERNAL_SERVER_ERROR") -> None:
        """The next bulk query ends FAILED with this BulkOperationErrorCode."""
        self.state.__dict__["bulk_fail_next"] = error_code

    def _bulk_file(self, operation_id: int) -> Reply:
        body = bulk.jsonl(self.state, operation_id)
        if body is None:
            return json_reply(404, {"errors": "Not Found"})
        return Reply(200, {"Content-Type": "application/jsonl"}, body)

    def _token(self, query: dict[str, str], body: bytes, content_type: str) -> Reply:
        params = dict(query)
        if "json" in content_type:
            try:
                decoded = json.loads(body or b"{}")
            except ValueError:
                decoded = None
            if not isinstance(decoded, dict):
                return json_reply(400, {"error": "invalid_request", "error_description": "Malformed JSON body."})
            params.update({key: str(value) for key, value in decoded.items()})
        else:
            params.update(parse_qsl(body.decode("utf-8", "replace")))
        return self._with_fault("token", None, "", lambda: self.oauth.access_token(params))

    def _graphql(self, body: bytes, headers: dict[str, str]) -> tuple[Reply, str | None]:
        request = parse_request(body, headers.get("content-type", "application/json"))
        query = request.query if isinstance(request, GraphQLRequest) else ""
        name = request.operation_name if isinstance(request, GraphQLRequest) else None
        found = _OPERATION.search(query)
        name = name or (found.group(1) if found else None)

        self.state.__dict__["bulk_base_url"] = self.base_url

        def run() -> Reply:
            if not self.oauth.is_valid(headers.get("x-shopify-access-token")):
                return json_reply(401, INVALID_TOKEN)
            if isinstance(request, Reply):
                return request
            return self.endpoint.handle(request)

        reply = self._with_fault("graphql", name, query, run)
        return Reply(reply.status, {"X-Shopify-API-Version": API_VERSION, **reply.headers}, reply.body), name

    def _with_fault(self, endpoint: str, name: str | None, query: str, run: Callable[[], Reply]) -> Reply:
        fault = self.faults.take(endpoint, name, query)
        if fault is None and endpoint == "graphql":
            fault = self._random_fault()
        if fault is None:
            return run()
        reply = run() if fault.execute else None
        if fault.kind == "timeout":
            self.wait_unless_stopped(fault.seconds)
        return reply if fault.kind == "timeout" and reply is not None else fault.reply()

    def _random_fault(self) -> Fault | None:
        """A fault drawn from the rates set over HTTP (test mode); a revoked token acts at once."""
        kind = self.random_faults.pick()
        if kind is None:
            return None
        if kind == "revoked_token":
            self.oauth.revoke()
            return None
        config = self.random_faults.config
        return random_fault(kind, timeout_seconds=config.timeout_seconds, retry_after=config.retry_after)


def serve(*, port: int, host: str = "127.0.0.1", **options: Any) -> None:
    """Runs a sandbox in the foreground until interrupted (Ctrl-C); `test_mode=True` serves the fault switches."""
    sandbox = ShopifySandbox(host=host, port=port, **options)
    base_url = sandbox.start()
    print(f"Shopify sandbox for {sandbox.shop} on {base_url}", flush=True)
    if sandbox.control.enabled:
        print(f"  test mode: fault switches at {base_url}/__sandbox__/faults, counts at /__sandbox__/state")
    print(f"  OAuth client_id={sandbox.client_id} client_secret={sandbox.client_secret}")
    print(f"  GraphQL {sandbox.graphql_url}", flush=True)
    sandbox.run_until_interrupted()
