"""An in-memory vendor: dict-backed objects, call counters, injectable faults, CPU-time accounting.

Faults are raised the way `sales_channels.http.VendorSession` maps real HTTP failures, so the
framework sees exactly what a real client would raise: 429 -> RateLimited(retry_after), 500 and
timeouts -> TransientVendorError, 401 -> AuthExpired, a 422 -> VendorValidationError, and
'malformed' makes the next answer a body of the wrong shape (the client's parser raises
InvalidVendorPayload). Answer faults (`fake/faults.py`: truncated, lost) run the call and then
lose its answer. Like many vendors it does not refuse a second product with the same SKU,
so duplicate creates are visible.
"""

import itertools
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sales_channels.exceptions import (
    AuthExpired,
    RateLimited,
    RemoteObjectMissing,
    TransientVendorError,
    VendorValidationError,
)
from sales_channels.tests.fake.faults import ANSWER_FAULTS, answer_error

RATE_LIMIT = "429"
SERVER_ERROR = "500"
TIMEOUT = "timeout"
AUTH = "401"
MALFORMED = "malformed"
VALIDATION = "422"


@dataclass
class Fault:
    """A failure the remote answers with, `times` times, for one operation (or '*': any)."""

    kind: str
    operation: str = "*"
    times: int = 1
    retry_after: float = 30.0
    messages: tuple[str, ...] = ("name: is too long",)


@dataclass
class FakeRemote:
    """The vendor's state and what we asked of it."""

    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[tuple[str, str], dict] = field(default_factory=dict)
    prices: dict[tuple[str, str], dict] = field(default_factory=dict)
    stock: dict[str, dict] = field(default_factory=dict)
    images: dict[str, dict] = field(default_factory=dict)
    properties: dict[tuple[str, str], dict] = field(default_factory=dict)
    views: list[dict] = field(default_factory=list)
    calls: Counter = field(default_factory=Counter)
    faults: list[Fault] = field(default_factory=list)
    refreshes: int = 0
    create_latency: float = 0.0
    cpu_seconds: float = 0.0

    lean: bool = False  # the benchmark's remote: keeps ids, SKUs and counters, not every payload

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._by_sku: dict[tuple[str, str | None], str] = {}

    def store(self, table: dict, key, payload: dict) -> None:
        table[key] = {} if self.lean else dict(payload)

    def index_sku(self, remote_id: str, sku: str, marketplace: str | None) -> None:
        if self.lean:
            self._by_sku.setdefault((sku, marketplace), remote_id)

    def find_sku(self, sku: str, marketplace: str | None) -> str | None:
        if self.lean:  # the benchmark's 10,000 lookups must not each scan every product
            remote_id = self._by_sku.get((sku, marketplace))
            return remote_id if remote_id in self.products else None
        for remote_id, record in self.products.items():
            if record.get("sku") == sku and record.get("marketplace") == marketplace:
                return remote_id
        return None

    # -- test controls --------------------------------------------------------------------------

    def inject(self, kind: str, *, operation: str = "*", times: int = 1, **kwargs: Any) -> None:
        self.faults.append(Fault(kind=kind, operation=operation, times=times, **kwargs))

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def skus(self) -> list[str]:
        return sorted(record["sku"] for record in self.products.values())

    # -- the vendor -----------------------------------------------------------------------------

    def call(self, operation: str, handler, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            with self._lock:
                self.calls[operation] += 1
                fault = self._fault(operation)
            result = handler(*args, **kwargs)
            if fault in ANSWER_FAULTS:
                raise answer_error(kind=fault, operation=operation)
            return {"unexpected": "shape"} if fault == MALFORMED else result
        finally:
            self.cpu_seconds += time.process_time() - started

    def _fault(self, operation: str) -> str | None:
        """The kind of an answer fault to apply after the call, None; other faults are raised before it."""
        for fault in self.faults:
            if fault.times <= 0 or fault.operation not in ("*", operation):
                continue
            fault.times -= 1
            if fault.kind == MALFORMED or fault.kind in ANSWER_FAULTS:
                return fault.kind
            raise _error(fault)
        return None

    def new_id(self) -> str:
        with self._lock:
            return str(next(self._ids))

    def product(self, remote_id: str) -> dict[str, Any]:
        try:
            return self.products[remote_id]
        except KeyError:
            raise RemoteObjectMissing(f"HTTP 404: product {remote_id}", remote_id=remote_id) from None


def _error(fault: Fault) -> Exception:
    if fault.kind == RATE_LIMIT:
        return RateLimited(fault.retry_after)
    if fault.kind == SERVER_ERROR:
        return TransientVendorError("HTTP 500 from the fake vendor.", status_code=500)
    if fault.kind == TIMEOUT:
        return TransientVendorError("ReadTimeout: the fake vendor did not answer in time.")
    if fault.kind == AUTH:
        return AuthExpired("HTTP 401 from the fake vendor.")
    if fault.kind == VALIDATION:
        return VendorValidationError(list(fault.messages), status_code=422)
    raise ValueError(f"Unknown fault {fault.kind!r}.")


class FakeBackend:
    """One FakeRemote per channel id, and the credential refresh the specs call."""

    def __init__(self) -> None:
        self.remotes: dict[int, FakeRemote] = {}
        self.refresh_fails = False
        self.refresh_error: Exception | None = None  # raised by the next refresh (a transient fault on the way)

    def remote(self, channel_or_id) -> FakeRemote:
        key = getattr(channel_or_id, "pk", channel_or_id)
        return self.remotes.setdefault(key, FakeRemote())

    def refresh(self, *, channel) -> None:
        remote = self.remote(channel)
        remote.refreshes += 1
        if self.refresh_error is not None:
            error, self.refresh_error = self.refresh_error, None
            raise error
        if self.refresh_fails:
            raise AuthExpired("The refresh token was revoked.")

    @property
    def total_calls(self) -> int:
        return sum(remote.total_calls for remote in self.remotes.values())

    @property
    def cpu_seconds(self) -> float:
        return sum(remote.cpu_seconds for remote in self.remotes.values())
