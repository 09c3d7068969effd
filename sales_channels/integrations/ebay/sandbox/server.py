"""The eBay sandbox server: OAuth, Identity, Account, Inventory, Taxonomy and Notification APIs on 127.0.0.1.

    with EbaySandbox() as sandbox:                      # a free port
        sandbox.inject_fault("500", times=2)            # the next two API calls fail
        sandbox.quotas["inventory"] = 10                # the Inventory API's daily quota (429 past it)
        sandbox.counts()                                # inventory items, offers, groups, listings

`serve(port=N)` runs one in the foreground (`manage.py run_sandbox ebay --port N`); with
`test_mode=True` the framework's fault switches are served too (`sales_channels.sandbox_control`).
Every API call needs a Bearer user token with the API's scope (an application token for the
public-key, Taxonomy and Developer Analytics calls); each API has a daily call quota, answered with 429 and
eBay's error shape (errorId 2001 "Too many requests", no Retry-After: the answer does not say which limit
was hit). `GET /developer/analytics/v1_beta/rate_limit/` tells each API's quota, calls left and `reset`.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from sales_channels.sandbox_control import RandomFaults, SandboxControl
from sales_channels.sandbox_server import SandboxRequest, SandboxServer

from . import notifications, orders
from .feed import FeedState
from .inventory import InventoryState
from .oauth import APP_SCOPE, DAY, EbayOAuth
from .replies import (
    INSUFFICIENT_SCOPE,
    INVALID_TOKEN,
    TOO_MANY_REQUESTS,
    Reply,
    SandboxError,
    error,
    error_reply,
    json_reply,
)
from .routes import EbayRoutes
from .seed import POLICY_KINDS, seed_inventory, seed_outside_listings, seed_policies
from .taxonomy import TaxonomyState

SCOPE = "https://api.ebay.com/oauth/api_scope/"
API_SCOPES = {
    "inventory": SCOPE + "sell.inventory",
    "account": SCOPE + "sell.account",
    "identity": SCOPE + "commerce.identity.readonly",
    "fulfillment": SCOPE + "sell.fulfillment",
    "feed": SCOPE + "sell.inventory",  # the inventory tasks (LMS_ACTIVE_INVENTORY_REPORT)
}
DAILY_QUOTAS = {
    "inventory": 2_000_000,
    "account": 25_000,
    "identity": 5_000,
    "notification": 10_000,
    "fulfillment": 100_000,
    "taxonomy": 5_000,
    "feed": 100_000,
    "analytics": 400,  # Developer Analytics (rate_limit): its own small quota
}
# eBay's (apiContext, apiName) of each API, as Developer Analytics names them
ANALYTICS_NAMES = {
    "inventory": ("sell", "inventory"),
    "account": ("sell", "account"),
    "fulfillment": ("sell", "fulfillment"),
    "identity": ("commerce", "identity"),
    "notification": ("commerce", "notification"),
    "taxonomy": ("commerce", "taxonomy"),
    "feed": ("sell", "feed"),
}
APPLICATION_APIS = frozenset({"notification", "taxonomy", "analytics"})  # called with the application token
INVENTORY = "/sell/inventory/v1"
ACCOUNT = "/sell/account/v1"
TAXONOMY = "/commerce/taxonomy/v1"
Route = tuple[str, re.Pattern[str], str, str]


def _route(method: str, pattern: str, api: str, name: str) -> Route:
    return (method, re.compile(pattern), api, name)


ROUTES: list[Route] = [
    _route("POST", rf"{INVENTORY}/bulk_create_or_replace_inventory_item", "inventory", "bulk_items"),
    _route("POST", rf"{INVENTORY}/bulk_get_inventory_item", "inventory", "bulk_get_items"),
    _route("POST", rf"{INVENTORY}/bulk_create_offer", "inventory", "bulk_offers"),
    _route("POST", rf"{INVENTORY}/bulk_publish_offer", "inventory", "bulk_publish"),
    _route("POST", rf"{INVENTORY}/bulk_update_price_quantity", "inventory", "bulk_price_quantity"),
    _route("GET", rf"{INVENTORY}/inventory_item", "inventory", "items_page"),
    _route("*", rf"{INVENTORY}/inventory_item/(?P<sku>[^/]+)", "inventory", "item"),
    _route("*", rf"{INVENTORY}/inventory_item_group/(?P<key>[^/]+)", "inventory", "group"),
    _route("POST", rf"{INVENTORY}/offer/publish_by_inventory_item_group", "inventory", "publish_group"),
    _route("POST", rf"{INVENTORY}/offer/withdraw_by_inventory_item_group", "inventory", "withdraw_group"),
    _route("POST", rf"{INVENTORY}/offer/get_listing_fees", "inventory", "listing_fees"),
    _route("POST", rf"{INVENTORY}/offer/(?P<offer_id>\d+)/publish", "inventory", "publish"),
    _route("POST", rf"{INVENTORY}/offer/(?P<offer_id>\d+)/withdraw", "inventory", "withdraw"),
    _route("*", rf"{INVENTORY}/offer/(?P<offer_id>\d+)", "inventory", "offer"),
    _route("*", rf"{INVENTORY}/offer", "inventory", "offers"),
    _route("GET", rf"{INVENTORY}/location", "inventory", "locations"),
    _route("*", rf"{INVENTORY}/location/(?P<key>[^/]+)", "inventory", "location"),
    _route("GET", rf"{ACCOUNT}/(?P<kind>fulfillment|payment|return)_policy", "account", "policies"),
    _route("GET", rf"{ACCOUNT}/program/get_opted_in_programs", "account", "programs"),
    _route("GET", r"/commerce/identity/v1/user/", "identity", "user"),
    _route("GET", r"/sell/fulfillment/v1/order", "fulfillment", "orders"),
    _route("POST", r"/sell/feed/v1/inventory_task", "feed", "feed_create"),
    _route("GET", r"/sell/feed/v1/inventory_task/(?P<task_id>[^/]+)", "feed", "feed_task"),
    _route("GET", r"/sell/feed/v1/task/(?P<task_id>[^/]+)/download_result_file", "feed", "feed_file"),
    _route("GET", r"/commerce/notification/v1/public_key/(?P<kid>[^/]+)", "notification", "public_key"),
    _route("GET", rf"{TAXONOMY}/get_default_category_tree_id", "taxonomy", "default_tree"),
    _route("GET", rf"{TAXONOMY}/category_tree/(?P<tree_id>[^/]+)", "taxonomy", "category_tree"),
    _route("GET", rf"{TAXONOMY}/category_tree/(?P<tree_id>[^/]+)/get_category_subtree", "taxonomy", "subtree"),
    _route("GET", rf"{TAXONOMY}/category_tree/(?P<tree_id>[^/]+)/get_item_aspects_for_category", "taxonomy", "aspects"),
    _route("GET", rf"{TAXONOMY}/category_tree/(?P<tree_id>[^/]+)/fetch_item_aspects", "taxonomy", "aspects_file"),
    _route("GET", r"/developer/analytics/v1_beta/rate_limit/", "analytics", "rate_limit"),
]


@dataclass(frozen=True)
class Exchange:
    """One request the sandbox answered, and its answer."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    reply: Reply


@dataclass
class QueuedFault:
    """A fault for the next `times` API calls whose path contains `path`."""

    kind: str
    times: int = 1
    path: str = ""
    execute: bool = False
    seconds: float = 6.0
    retry_after: float = 1.0


class EbaySandbox(EbayRoutes, SandboxServer):
    """A stateful emulator of the eBay Sell APIs for one seller account and one application."""

    thread_name = "ebay-sandbox"
    request_id_header = "X-EBAY-C-REQUEST-ID"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        client_id: str = "OneSila-Sandbox-PRD-1234",
        client_secret: str = "PRD-sandbox-secret-5678",
        runame: str = "OneSila-OneSila-Sandbo-abcdef",
        accept_url: str = "http://127.0.0.1/integrations/ebay/oauth/callback",
        username: str = "onesila_seller",
        seed_items: bool = True,
        clock: Callable[[], float] = time.time,
        test_mode: bool = False,
        user_token_ttl: int = 7200,
        record_exchanges: bool = False,
    ) -> None:
        super().__init__(host=host, port=port)
        self.client_id, self.client_secret, self.runame = client_id, client_secret, runame
        self.username, self.user_id = username, "u-" + uuid.uuid5(uuid.NAMESPACE_DNS, username).hex[:12]
        self.clock = clock
        self.lock = threading.RLock()
        self.oauth = EbayOAuth(
            client_id=client_id,
            client_secret=client_secret,
            runame=runame,
            accept_url=accept_url,
            user=username,
            clock=clock,
            user_token_ttl=user_token_ttl,
        )
        self.policies = seed_policies()
        self.inventory = InventoryState(day=self._day, policy_ids=self._policy_ids)
        self.taxonomy = TaxonomyState()
        seed_inventory(self.inventory, with_items=seed_items)
        self.feed = FeedState(
            inventory=self.inventory, outside=seed_outside_listings() if seed_items else [], clock=clock
        )
        self.orders = orders.seed_orders(datetime.fromtimestamp(clock(), tz=UTC)) if seed_items else {}
        self.quotas = dict(DAILY_QUOTAS)
        self.calls: Counter[tuple[str, int]] = Counter()
        self.faults: list[QueuedFault] = []
        self.random_faults = RandomFaults()
        self.control = SandboxControl(enabled=test_mode, faults=self.random_faults, state=self.control_state)
        self.signer = notifications.NotificationSigner()
        self.request_log: deque[dict[str, Any]] = deque(maxlen=100_000)
        # Every (request, answer) pair when recording (tests validate them against eBay's OpenAPI specs).
        self.exchanges: list[Exchange] | None = [] if record_exchanges else None

    # -- serving ----------------------------------------------------------------------------------

    def respond(self, request: SandboxRequest) -> Reply:
        """The shared HTTP server's entry point: the request to `handle`."""
        return self.handle(request.method, request.path, request.query(), request.body, request.headers)

    # -- test helpers -------------------------------------------------------------------------------

    def inject_fault(self, kind: str, *, times: int = 1, path: str = "", execute: bool = False, **options: Any) -> None:
        """Queue '429', '500', 'timeout' or 'malformed_json' for API calls; 'revoke_token' revokes at once."""
        if kind == "revoke_token":
            self.oauth.revoke(include_refresh_tokens=bool(options.get("include_refresh_tokens")))
            return
        if kind not in ("429", "500", "timeout", "malformed_json"):
            raise ValueError(f"unknown fault kind {kind!r}")
        self.faults.append(QueuedFault(kind=kind, times=times, path=path, execute=execute, **options))

    def register_runame(self, runame: str, accept_url: str) -> None:
        """Where the consent page sends the browser for this RuName (eBay's 'auth accepted URL')."""
        self.oauth.runames[runame] = accept_url

    def counts(self) -> dict[str, int]:
        with self.lock:
            return self.inventory.counts()

    def calls_today(self, api: str) -> int:
        return self.calls[(api, self._day())]

    def control_state(self) -> dict[str, Any]:
        """`GET /__sandbox__/state`: counts, and what the seller holds per listing with its SKUs (a group counts
        as one): published listings, and the offers not published (a withdrawn or inactive product's, which
        eBay keeps: the product is at the vendor, not live)."""
        with self.lock:
            group_of = {sku: key for key, group in self.inventory.groups.items() for sku in group["variantSKUs"]}
            by_listing: dict[str, list[str]] = {}
            for offer_id, offer in self.inventory.offers.items():
                if offer.get("listing"):
                    key = offer["listing"]["listingId"]
                else:
                    key = f"group:{group_of[offer['sku']]}" if offer["sku"] in group_of else f"offer:{offer_id}"
                by_listing.setdefault(key, []).append(offer["sku"])
            listings = [{"id": listing_id, "skus": sorted(skus)} for listing_id, skus in by_listing.items()]
        return {**self.counts(), "listings": listings, "token_grants_today": self.oauth.grants_used_today()}

    def add_order(self, **fields: Any) -> dict[str, Any]:
        """A new order (or a changed one: the same number again), modified now."""
        with self.lock:
            made = orders.order(when=datetime.fromtimestamp(self.clock(), tz=UTC), **fields)
            self.orders[made["orderId"]] = made
            return made

    def notify_account_deletion(self, *, endpoint: str, verification_token: str, signature: str | None = None) -> int:
        """eBay's flow: the challenge first (403 when it fails), then one signed deletion notification."""
        if not notifications.validate_endpoint(endpoint=endpoint, verification_token=verification_token):
            return 403
        body = json.dumps(notifications.deletion_payload(username=self.username, user_id=self.user_id)).encode()
        header = signature if signature is not None else self.signer.signature_header(body)
        return notifications.deliver(endpoint=endpoint, body=body, signature=header)

    # -- request handling ---------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        headers = {name.lower(): value for name, value in headers.items()}
        control = self.control.handle(method=method, path=path, body=body)
        if control is not None:
            return Reply(control.status, {"Content-Type": "application/json"}, control.encoded())
        if method == "GET" and path == "/oauth2/authorize":
            reply = self.oauth.authorize(query)
        elif method == "POST" and path == "/identity/v1/oauth2/token":
            form = dict(parse_qsl(body.decode("utf-8", "replace")))
            reply = self.oauth.token(form=form, authorization=headers.get("authorization", ""))
        else:
            reply = self._api(method, path, query, body, headers)
        self.request_log.append({"method": method, "path": path, "status": reply.status})
        if self.exchanges is not None:
            self.exchanges.append(Exchange(method, path, query, headers, body, reply))
        return reply

    def _api(self, method: str, path: str, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        found = _find_route(method, path)
        if found is None:
            return error_reply(404, error(2002, f"Resource not found: {method} {path}", domain="API"))
        match, api, name = found
        fault = self._take_fault(path)
        if fault is not None and not fault.execute:
            return self._fault_reply(fault)
        token = self.oauth.check(
            headers.get("authorization", ""), scope="", kind="application" if api in APPLICATION_APIS else "user"
        )
        if token is None:
            return error_reply(401, INVALID_TOKEN)
        wanted = APP_SCOPE if api in APPLICATION_APIS else API_SCOPES[api]
        if wanted not in token.scopes:
            return error_reply(403, INSUFFICIENT_SCOPE)
        with self.lock:
            key = (api, self._day())
            if self.calls[key] >= self.quotas[api]:
                return error_reply(429, TOO_MANY_REQUESTS)
            self.calls[key] += 1
            try:
                payload = json.loads(body) if body else {}
            except ValueError:
                return error_reply(400, error(2004, "Invalid request: the body is not valid JSON."))
            if body and not isinstance(payload, dict):
                return error_reply(400, error(2004, "Invalid request: the body must be a JSON object."))
            self.inventory.begin_call()
            try:
                reply = getattr(self, f"_{name}")(
                    method=method, query=query, body=payload, headers=headers, **match.groupdict()
                )
            except SandboxError as failure:
                reply = failure.reply()
            finally:
                self.inventory.end_call()
        return self._fault_reply(fault, reply) if fault is not None else reply

    def _take_fault(self, path: str) -> QueuedFault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path in path:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        kind = self.random_faults.pick()
        if kind is None:
            return None
        config = self.random_faults.config
        if kind == "revoked_token":
            self.oauth.revoke()
            return None
        mapped = {"5xx": "500", "truncated_json": "malformed_json"}.get(kind, kind)
        execute = mapped in ("timeout", "malformed_json")
        return QueuedFault(kind=mapped, execute=execute, seconds=config.timeout_seconds, retry_after=config.retry_after)

    def _fault_reply(self, fault: QueuedFault, reply: Reply | None = None) -> Reply:
        if fault.kind == "429":
            return error_reply(429, TOO_MANY_REQUESTS, headers={"Retry-After": str(int(fault.retry_after))})
        if fault.kind == "500":
            return error_reply(500, error(25001, "A system error has occurred.", category="APPLICATION"))
        if fault.kind == "timeout":
            self.wait_unless_stopped(fault.seconds)
            return reply or error_reply(500, error(25001, "A system error has occurred.", category="APPLICATION"))
        cut = reply.body if reply is not None and reply.body else b'{"responses": [{"statusCode": 200}]}'
        return Reply(200, {"Content-Type": "application/json"}, cut[: max(1, len(cut) // 2)])

    def _rate_limit(self, *, query: dict[str, str], **_: Any) -> Reply:
        """getRateLimits: each API's daily quota, the calls left and when it resets (next UTC midnight)."""
        day = self._day()
        reset = datetime.fromtimestamp((day + 1) * DAY, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        found = []
        for api, (context, name) in ANALYTICS_NAMES.items():
            if query.get("api_context", context) != context or query.get("api_name", name) != name:
                continue
            limit = self.quotas[api]
            rate = {"limit": limit, "remaining": max(0, limit - self.calls[(api, day)]), "reset": reset}
            found.append(
                {
                    "apiContext": context,
                    "apiName": name,
                    "apiVersion": "v1",
                    "resources": [{"name": f"{context}.{name}", "rates": [{**rate, "timeWindow": DAY}]}],
                }
            )
        return json_reply(200, {"rateLimits": found})

    def _day(self) -> int:
        return int(self.clock() // DAY)

    def _policy_ids(self, marketplace: str) -> dict[str, set[str]]:
        return {
            kind: {p[f"{kind}PolicyId"] for p in self.policies[kind] if p["marketplaceId"] == marketplace}
            for kind in POLICY_KINDS
        }


def _find_route(method: str, path: str) -> tuple[re.Match[str], str, str] | None:
    for route_method, pattern, api, name in ROUTES:
        match = pattern.fullmatch(path)
        if match and route_method in ("*", method):
            return match, api, name
    return None


def serve(*, port: int, host: str = "127.0.0.1", **options: Any) -> None:
    """Runs a sandbox in the foreground until interrupted; `test_mode=True` serves the fault switches."""
    sandbox = EbaySandbox(host=host, port=port, **options)
    base_url = sandbox.start()
    print(f"eBay sandbox for seller {sandbox.username} on {base_url}", flush=True)
    if sandbox.control.enabled:
        print(f"  test mode: fault switches at {base_url}/__sandbox__/faults, counts at /__sandbox__/state")
    print(f"  OAuth client_id={sandbox.client_id} RuName={sandbox.runame}", flush=True)
    sandbox.run_until_interrupted()
