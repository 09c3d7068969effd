"""Test helpers for code that drives the sandbox (kept here so integration tests can reuse them)."""

from __future__ import annotations


class ManualClock:
    """A monotonic clock that only moves when told to: pass it as `ShopifySandbox(clock=...)`."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Moves time forward (refills the cost bucket, expires tokens)."""
        self.now += seconds
