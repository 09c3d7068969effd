"""Fault switches of a vendor sandbox, reachable over HTTP from another process (the soak command).

Any integration's sandbox mounts one `SandboxControl` in front of its own routes:

    POST   /__sandbox__/faults   {"rates": {"5xx": 0.02, "429": 0.01, "timeout": 0.005,
                                            "truncated_json": 0.01, "revoked_token": 0.002},
                                  "seed": 7, "timeout_seconds": 6, "retry_after": 1}
    GET    /__sandbox__/faults   the rates in force and how many faults of each kind were injected
    DELETE /__sandbox__/faults   no more random faults
    GET    /__sandbox__/state    the sandbox's own counts (products, variants, media, ...)

The control is **off unless the sandbox runs in test mode** (a flag when starting it): off, every
`/__sandbox__/` path answers 404 like any unknown path, so a sandbox started for a demo cannot be
switched into failing by whoever reaches its port.

Rates are probabilities per vendor request (their sum at most 1); `RandomFaults.pick()` draws the
fault kind, if any, for one request. What a kind means on the wire is the sandbox's business:
"5xx" an HTTP 500 before anything is applied, "429" a rate-limit answer with `retry_after`,
"timeout" an answer later than `timeout_seconds` (the request applied), "truncated_json" a
cut-off JSON answer (the request applied), "revoked_token" every access token revoked before the
request is authenticated (the client must refresh).
"""

import json
import random
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

CONTROL_PREFIX = "/__sandbox__/"
FAULT_KINDS = ("5xx", "429", "timeout", "truncated_json", "revoked_token")


@dataclass(frozen=True)
class FaultRates:
    """Per-request probabilities of each fault kind, and the options that shape them."""

    rates: dict[str, float] = field(default_factory=dict)
    seed: int | None = None
    timeout_seconds: float = 6.0
    retry_after: float = 1.0

    @classmethod
    def from_payload(cls, payload: Any) -> "FaultRates":
        """Validate a control request's JSON body; ValueError names what is wrong."""
        if not isinstance(payload, dict):
            raise ValueError("expected a JSON object")
        rates = payload.get("rates", {})
        if not isinstance(rates, dict):
            raise ValueError("'rates' must be an object of kind -> probability")
        unknown = sorted(set(rates) - set(FAULT_KINDS))
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; expected some of {list(FAULT_KINDS)}")
        checked = {}
        for kind, rate in rates.items():
            if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 <= rate <= 1:
                raise ValueError(f"the rate of '{kind}' must be a number between 0 and 1")
            checked[kind] = float(rate)
        if sum(checked.values()) > 1:
            raise ValueError("the rates add up to more than 1")
        seed = payload.get("seed")
        if seed is not None and not isinstance(seed, int):
            raise ValueError("'seed' must be an integer")
        options = {name: payload[name] for name in ("timeout_seconds", "retry_after") if name in payload}
        for name, value in options.items():
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 120:
                raise ValueError(f"'{name}' must be a number of seconds between 0 and 120")
        return cls(rates=checked, seed=seed, **{name: float(value) for name, value in options.items()})


class RandomFaults:
    """Draws a fault kind per request from the rates in force; thread-safe, counts what it injected."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random()
        self.config = FaultRates()
        self.injected: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)

    def configure(self, config: FaultRates) -> None:
        with self._lock:
            self.config = config
            self._random = random.Random(config.seed)

    def pick(self) -> str | None:
        """The fault kind for this request, or None (most requests)."""
        with self._lock:
            if not self.config.rates:
                return None
            draw = self._random.random()
            for kind in FAULT_KINDS:
                draw -= self.config.rates.get(kind, 0.0)
                if draw < 0:
                    self.injected[kind] += 1
                    return kind
        return None

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {**asdict(self.config), "injected": dict(self.injected)}


@dataclass(frozen=True)
class ControlReply:
    """A control endpoint's answer: status and JSON body."""

    status: int
    body: dict[str, Any]

    def encoded(self) -> bytes:
        return json.dumps(self.body).encode()


class SandboxControl:
    """The `/__sandbox__/` routes of one sandbox; answers None for every other path."""

    def __init__(self, *, enabled: bool, faults: RandomFaults, state: Callable[[], dict[str, Any]]) -> None:
        self.enabled = enabled
        self.faults = faults
        self.state = state

    def handle(self, *, method: str, path: str, body: bytes) -> ControlReply | None:
        """The reply to a control request, or None when `path` is not a control path."""
        if not path.startswith(CONTROL_PREFIX):
            return None
        if not self.enabled:
            return ControlReply(404, {"errors": "Not Found"})
        route = path[len(CONTROL_PREFIX) :].strip("/")
        if route == "state" and method == "GET":
            return ControlReply(200, self.state())
        if route == "faults" and method == "GET":
            return ControlReply(200, self.faults.describe())
        if route == "faults" and method == "DELETE":
            self.faults.configure(FaultRates())
            return ControlReply(200, self.faults.describe())
        if route == "faults" and method == "POST":
            try:
                config = FaultRates.from_payload(json.loads(body or b"{}"))
            except ValueError as error:  # JSONDecodeError is a ValueError too
                return ControlReply(400, {"errors": str(error)})
            self.faults.configure(config)
            return ControlReply(200, self.faults.describe())
        return ControlReply(404, {"errors": f"no control route {method} {path}"})
