"""The Amazon SP-API sandbox server: LWA, Sellers, Product Type Definitions, Listings Items and Feeds on 127.0.0.1.

    with AmazonSandbox() as sandbox:                  # starts on a free port
        refresh = sandbox.lwa.issue_refresh_token()   # or the consent flow at /apps/authorize/consent
        sandbox.inject_fault("429", operation="putListingsItem")
        sandbox.feeds.processing_seconds = 0.5        # feeds finish later

`serve(port=N)` runs one in the foreground (`manage.py run_sandbox amazon --port N`); with
`test_mode=True` it also serves the framework's fault switches (`sales_channels.sandbox_control`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from sales_channels.sandbox_control import RandomFaults, SandboxControl
from sales_channels.sandbox_server import SandboxRequest, SandboxServer

from .endpoints import route
from .feeds import FeedsStore
from .listings import ListingsStore
from .notifications import NotificationsStore
from .oauth import LoginWithAmazon
from .orders import OrdersStore
from .rate_limits import UsagePlans
from .replies import Reply, error_reply
from .reports import ReportsStore
from .seed import MARKETPLACES, seed_listings

SELLER_ID = "A2SANDBOXSELLER1"


@dataclass
class Fault:
    """A queued fault: which operation (None: any SP-API call), how many times, whether the call still applies."""

    kind: str
    operation: str | None
    times: int
    execute: bool
    seconds: float


class AmazonSandbox(SandboxServer):
    """A stateful SP-API emulator for one seller in the North America region (US and CA marketplaces)."""

    thread_name = "amazon-sandbox"
    request_id_header = "x-amzn-RequestId"
    methods = SandboxServer.methods | {"PATCH"}

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        client_id: str = "amzn1.application-oa2-client.sandbox",
        client_secret: str = "sandbox-lwa-secret",
        application_id: str = "amzn1.sp.solution.sandbox-app",
        token_ttl: int = 3600,
        seed: bool = True,
        rate_scale: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        test_mode: bool = False,
        record_bodies: bool = False,
    ) -> None:
        super().__init__(host=host, port=port)
        self.clock = clock
        self.seller_id = SELLER_ID
        self.lwa = LoginWithAmazon(
            client_id=client_id,
            client_secret=client_secret,
            application_id=application_id,
            selling_partner_id=SELLER_ID,
            token_ttl=token_ttl,
            clock=clock,
        )
        self.listings = ListingsStore()
        if seed:
            seed_listings(self.listings)
        self.orders = OrdersStore()
        self.feeds = FeedsStore(listings=self.listings, seller_id=SELLER_ID, clock=clock)
        self.reports = ReportsStore(listings=self.listings, clock=clock)
        self.notifications = NotificationsStore(seller_id=SELLER_ID, application_id=application_id)
        self.listings.listeners.append(self.notifications.listing_changed)
        self.plans = UsagePlans(clock=clock, scale=rate_scale)
        self.faults: list[Fault] = []
        self.random_faults = RandomFaults()
        self.control = SandboxControl(enabled=test_mode, faults=self.random_faults, state=self.control_state)
        self.request_log: deque[dict[str, Any]] = deque(maxlen=100_000)
        self.record_bodies = record_bodies  # tests: keep each request's body and answer (spec validation)
        self._lock = threading.Lock()

    # -- serving -------------------------------------------------------------------------------

    def respond(self, request: SandboxRequest) -> Reply:
        """The shared HTTP server's entry point: repeated query names joined with commas, header names lower-case."""
        query = {key: ",".join(values) for key, values in parse_qs(request.query_string).items()}
        return self.handle(request.method, request.path, query, request.body, request.lowercase_headers())

    # -- test helpers ----------------------------------------------------------------------------

    def inject_fault(
        self, kind: str, *, operation: str | None = None, times: int = 1, execute: bool = False, seconds: float = 6.0
    ) -> None:
        """Queue '500', '429', 'timeout' (applied, answered late) or 'malformed_json'; 'revoke_token' acts now."""
        if kind == "revoke_token":
            self.lwa.revoke()
            return
        if kind not in ("500", "429", "timeout", "malformed_json"):
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self.faults.append(
                Fault(
                    kind=kind, operation=operation, times=times, execute=execute or kind == "timeout", seconds=seconds
                )
            )

    def calls(self, operation: str) -> int:
        """How many requests of an operation reached the sandbox."""
        return sum(1 for entry in self.request_log if entry["operation"] == operation)

    def control_state(self) -> dict[str, Any]:
        """`GET /__sandbox__/state`: per marketplace, each standalone or parent listing with its sellable SKUs.

        A child listing counts under its parent's SKU (`child_parent_sku_relationship`); a parent
        lists only its children's SKUs, so a parent without children shows no SKU.
        """
        grouped: dict[tuple[str, str], list[str]] = {}
        with self.listings.lock:
            for (sku, mid), listing in sorted(self.listings.items.items()):
                attributes = listing.attributes
                parent = (attributes.get("child_parent_sku_relationship") or [{}])[0].get("parent_sku")
                level = (attributes.get("parentage_level") or [{}])[0].get("value")
                skus = grouped.setdefault((mid, parent or sku), [])
                if level != "parent":
                    skus.append(sku)
        listings = [{"id": f"{mid}:{top}", "skus": skus} for (mid, top), skus in sorted(grouped.items())]
        return {"listings_count": self.listings.count(), "feeds": len(self.feeds.feeds), "listings": listings}

    # -- request handling ------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        control = self.control.handle(method=method, path=path, body=body)
        if control is not None:
            return Reply(control.status, {"Content-Type": "application/json"}, control.encoded())
        route = self._route(method, path)
        if route is None:
            reply = error_reply(404, "NotFound", "Resource not found")
            operation = None
        else:
            operation, run = route
            reply = self._call(operation, lambda: run(query, body, headers))
        entry = {"method": method, "path": path, "operation": operation, "status": reply.status}
        if self.record_bodies:
            entry.update(query=query, body=body, answer=reply.body)
        self.request_log.append(entry)
        return reply

    def _route(self, method: str, path: str) -> tuple[str, Callable[..., Reply]] | None:
        return route(self, method, path)

    def _call(self, operation: str, run: Callable[[], Reply]) -> Reply:
        fault = self._take_fault(operation)
        if fault is None:
            return run()
        reply = run() if fault.execute else None
        if fault.kind == "timeout":
            self.wait_unless_stopped(fault.seconds)
            return reply if reply is not None else error_reply(500, "InternalFailure", "timeout")
        if fault.kind == "429":
            return error_reply(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")
        if fault.kind == "malformed_json":
            return Reply(200, {"Content-Type": "application/json"}, b'{"sku": "trunc')
        return error_reply(500, "InternalFailure", "We encountered an internal error. Please try again.")

    def _take_fault(self, operation: str) -> Fault | None:
        if operation in ("lwaToken", "consent", "download", "upload", "schema", "reportDownload"):
            return None
        with self._lock:
            for fault in self.faults:
                if fault.operation in (None, operation):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        kind = self.random_faults.pick()
        if kind is None:
            return None
        if kind == "revoked_token":
            self.lwa.revoke()
            return None
        config = self.random_faults.config
        mapped = {"5xx": "500", "truncated_json": "malformed_json"}.get(kind, kind)
        return Fault(
            kind=mapped,
            operation=operation,
            times=1,
            execute=mapped in ("timeout", "malformed_json"),
            seconds=config.timeout_seconds,
        )


def serve(*, port: int, host: str = "127.0.0.1", **options: Any) -> None:
    """Run a sandbox in the foreground until interrupted."""
    sandbox = AmazonSandbox(host=host, port=port, **options)
    base_url = sandbox.start()
    print(f"Amazon SP-API sandbox (seller {sandbox.seller_id}) on {base_url}", flush=True)
    if sandbox.control.enabled:
        print(f"  test mode: fault switches at {base_url}/__sandbox__/faults")
    print(f"  LWA client_id={sandbox.lwa.client_id} client_secret={sandbox.lwa.client_secret}")
    print(f"  application_id={sandbox.lwa.application_id}; marketplaces {', '.join(MARKETPLACES)}", flush=True)
    sandbox.run_until_interrupted()
