"""Switchable faults for end-to-end tests: 429, 500, slow responses and broken JSON.

A queued fault hits the next `times` matching requests. `execute` says whether the request still
takes effect: False (default for 429/500) rejects it untouched; True (default for 'timeout' and
'malformed_json') applies it and only spoils the response, the case where retries must not duplicate.
'revoke_token' and 'throttle' act immediately and are handled by the sandbox itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .replies import Reply, json_reply

QUEUED_KINDS = ("429", "500", "timeout", "malformed_json")
# The framework's random fault kinds (sales_channels.sandbox_control) as this sandbox's queued kinds.
RANDOM_KINDS = {"5xx": "500", "429": "429", "timeout": "timeout", "truncated_json": "malformed_json"}
IMMEDIATE_KINDS = ("revoke_token", "throttle")
ENDPOINTS = ("graphql", "token", "any")


@dataclass
class Fault:
    """One queued fault and the requests it applies to."""

    kind: str
    times: int = 1
    endpoint: str = "graphql"
    operation: str | None = None
    execute: bool = False
    status: int = 500
    retry_after: float = 2.0
    seconds: float = 6.0

    def applies_to(self, endpoint: str, operation_name: str | None, query: str) -> bool:
        if self.endpoint not in ("any", endpoint):
            return False
        return self.operation is None or self.operation == operation_name or self.operation in query

    def reply(self) -> Reply:
        """The spoiled response (for 'timeout' the sandbox replies late with the real one instead)."""
        if self.kind == "429":
            message = "Exceeded the API rate limit for this app and shop. Reduce request rates to resume."
            return json_reply(429, {"errors": message}, {"Retry-After": f"{self.retry_after:g}"})
        if self.kind == "malformed_json":
            return Reply(200, {"Content-Type": "application/json; charset=utf-8"}, b'{"data": {"product')
        if self.kind == "timeout":
            return json_reply(504, {"errors": "Gateway Timeout"})
        return json_reply(self.status, {"errors": "Internal Server Error"})


def make_fault(kind: str, *, times: int = 1, **options: object) -> Fault:
    """Builds a queued fault, validating its kind, endpoint and options."""
    if kind not in QUEUED_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {QUEUED_KINDS + IMMEDIATE_KINDS}")
    if times < 1:
        raise ValueError("times must be at least 1")
    options.setdefault("execute", kind in ("timeout", "malformed_json"))
    fault = Fault(kind=kind, times=times, **options)  # type: ignore[arg-type]
    if fault.endpoint not in ENDPOINTS:
        raise ValueError(f"unknown endpoint {fault.endpoint!r}; expected one of {ENDPOINTS}")
    return fault


def random_fault(kind: str, *, timeout_seconds: float, retry_after: float) -> Fault:
    """The one-request fault for a kind drawn by `RandomFaults` ('revoked_token' is handled by the sandbox)."""
    return make_fault(RANDOM_KINDS[kind], times=1, seconds=timeout_seconds, retry_after=retry_after)


class FaultInjector:
    """A thread-safe queue of faults, consumed by matching requests in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, endpoint: str, operation_name: str | None = None, query: str = "") -> Fault | None:
        """The first pending fault for this request, counting one use of it."""
        with self._lock:
            for fault in self._faults:
                if fault.applies_to(endpoint, operation_name, query):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
