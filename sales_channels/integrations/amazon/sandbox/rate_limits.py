"""Per-operation token buckets with the usage plans' default rates, answering 429 like SP-API."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# operation -> (requests per second, burst), the defaults the API models print.
USAGE_PLANS: dict[str, tuple[float, int]] = {
    "getMarketplaceParticipations": (0.016, 15),
    "searchDefinitionsProductTypes": (5.0, 10),
    "getDefinitionsProductType": (5.0, 10),
    "getListingsItem": (5.0, 10),
    "putListingsItem": (5.0, 10),
    "patchListingsItem": (5.0, 5),
    "deleteListingsItem": (5.0, 5),
    "searchListingsItems": (5.0, 5),
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    "getFeed": (2.0, 15),
    "getFeedDocument": (0.0222, 10),
    "searchOrders": (0.0056, 20),
    "getListingsRestrictions": (5.0, 10),
    "createReport": (0.0167, 15),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    "getDestinations": (1.0, 5),
    "createDestination": (1.0, 5),
    "getSubscription": (1.0, 5),
    "createSubscription": (1.0, 5),
}
# JSON_LISTINGS_FEED: at most 5 submissions per 5 minutes per region (besides createFeed's own plan).
LISTINGS_FEEDS_PER_WINDOW = 5
LISTINGS_FEED_WINDOW_SECONDS = 300.0


class UsagePlans:
    """One token bucket per operation; `take(op)` is True when the call may go ahead."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, scale: float = 1.0) -> None:
        self.clock = clock
        self.scale = scale
        self.lock = threading.Lock()
        self.buckets: dict[str, tuple[float, float]] = {}  # op -> (tokens, updated_at)
        self.feed_times: list[float] = []
        self.throttled: dict[str, int] = {}

    def plan(self, operation: str) -> tuple[float, int]:
        rate, burst = USAGE_PLANS[operation]
        return rate * self.scale, burst

    def take(self, operation: str) -> bool:
        rate, burst = self.plan(operation)
        now = self.clock()
        with self.lock:
            tokens, updated = self.buckets.get(operation, (float(burst), now))
            tokens = min(float(burst), tokens + (now - updated) * rate)
            if tokens < 1:
                self.buckets[operation] = (tokens, now)
                self.throttled[operation] = self.throttled.get(operation, 0) + 1
                return False
            self.buckets[operation] = (tokens - 1, now)
            return True

    def take_listings_feed(self) -> bool:
        now = self.clock()
        with self.lock:
            window = LISTINGS_FEED_WINDOW_SECONDS / self.scale
            self.feed_times = [at for at in self.feed_times if now - at < window]
            if len(self.feed_times) >= LISTINGS_FEEDS_PER_WINDOW:
                return False
            self.feed_times.append(now)
            return True

    def exhaust(self, operation: str) -> None:
        with self.lock:
            self.buckets[operation] = (0.0, self.clock())

    def refill(self) -> None:
        with self.lock:
            self.buckets.clear()
            self.feed_times.clear()
