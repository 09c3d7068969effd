"""Host-style limits and switchable faults: a requests-per-second limiter answering 429, queued faults."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .replies import Reply, error_reply, json_reply

FAULT_KINDS = ("429", "500", "timeout", "malformed_json")
# sales_channels.sandbox_control random kinds -> the queued kinds above ("revoked_token" acts at once).
RANDOM_KINDS = {"5xx": "500", "429": "429", "timeout": "timeout", "truncated_json": "malformed_json"}


class RateLimiter:
    """A token bucket of `rate` requests per second (burst `burst`); off when rate is None."""

    def __init__(
        self, *, rate: float | None = None, burst: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.configure(rate=rate, burst=burst)
        self.limited = 0

    def configure(self, *, rate: float | None, burst: float | None = None) -> None:
        with self._lock:
            self.rate = rate
            self.burst = max(1.0, burst if burst is not None else (rate or 1.0))
            self.tokens = self.burst
            self.stamp = self.clock()

    def take(self) -> float:
        """0 when the request may pass, else the seconds until a token is free."""
        with self._lock:
            if not self.rate:
                return 0.0
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            self.limited += 1
            return (1 - self.tokens) / self.rate

    @staticmethod
    def reply(wait: float) -> Reply:
        return error_reply(
            "rest_too_many_requests",
            "Too many requests. Please slow down.",
            status=429,
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


@dataclass
class Fault:
    """A fault for the next `times` REST requests (optionally only those whose route contains `route`)."""

    kind: str
    times: int = 1
    route: str = ""
    execute: bool = False
    retry_after: float = 1.0
    seconds: float = 6.0

    def reply(self) -> Reply:
        if self.kind == "429":
            return RateLimiter.reply(self.retry_after)
        if self.kind == "malformed_json":
            return Reply(200, {"Content-Type": "application/json; charset=UTF-8"}, b'{"id": 1, "name": "trunc')
        if self.kind == "timeout":
            return json_reply(504, {"code": "gateway_timeout", "message": "Gateway Timeout"})
        return json_reply(
            500, {"code": "internal_server_error", "message": "There has been a critical error on this website."}
        )


class FaultQueue:
    """Queued faults, taken in order by matching requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; expected one of {FAULT_KINDS}")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, route: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.route in route:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
