"""A token-bucket throttle whose state is shared by every worker on every machine.

A bucket holds up to `capacity` tokens and regains `refill_per_second`; a call costs tokens
(1 per request, or Shopify's query cost). The state lives in Redis when `REDIS_URL` is set
(one Lua script per operation, so a read-modify-write is atomic) and otherwise in
`ThrottleBucket` rows updated under `select_for_update` inside `transaction.atomic` (on SQLite
the connection opens IMMEDIATE transactions, so updates are serialized the same way).

Semantics, identical in both stores (the pure rules live on `BucketState`):

- `reserve(cost)` is *take-if-available*: when the tokens are there it takes them and returns
  0.0; otherwise it takes nothing and returns how many seconds until they would be. The caller
  sleeps (if short) and reserves again, or gives up; nothing has to be refunded either way.
  A cost above the capacity is clamped to the capacity, so it can always be satisfied eventually.
- `feed(...)` lets the vendor correct us: its own figure (Shopify `throttleStatus`
  `currentlyAvailable/maximumAvailable/restoreRate`, Amazon `x-amzn-RateLimit-Limit`) replaces
  ours. In-flight reservations of other workers can be briefly double-counted; the vendor's
  next 429/THROTTLED and `penalize()` absorb that.
- `penalize(retry_after)` (after a 429) blocks everyone until then and empties the bucket, which
  then refills gradually from the end of the block instead of releasing a burst.

A database bucket's row lock lasts until the surrounding transaction ends, so call the
throttle (and the HTTP session) outside long transactions; Redis has no such coupling.

Stored values survive the `Throttle` object: capacity and rate given to the constructor only
seed a new bucket; fed values win afterwards. Time comes from an injectable `clock`
(epoch seconds), so tests control it; machines are assumed NTP-synchronised.
"""

import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

import redis
from django.conf import settings
from django.db import transaction

from sales_channels.models import ThrottleBucket

REDIS_KEY_PREFIX = "onesila:throttle:"
REDIS_KEY_TTL_SECONDS = 24 * 3600

Clock = Callable[[], float]


@dataclass(frozen=True)
class BucketState:
    """The state of one bucket and the pure rules both stores apply to it."""

    tokens: float
    capacity: float
    refill_per_second: float
    updated_at: float
    blocked_until: float = 0.0

    @classmethod
    def new(cls, *, capacity: float, refill_per_second: float, now: float) -> "BucketState":
        return cls(tokens=capacity, capacity=capacity, refill_per_second=refill_per_second, updated_at=now)

    def refilled(self, now: float) -> "BucketState":
        if now <= self.updated_at:
            return self
        tokens = min(self.capacity, self.tokens + (now - self.updated_at) * self.refill_per_second)
        return replace(self, tokens=tokens, updated_at=now)

    def reserved(self, cost: float, now: float) -> tuple["BucketState", float]:
        state = self.refilled(now)
        if now < state.blocked_until:
            return state, state.blocked_until - now
        cost = min(cost, state.capacity)
        if state.tokens >= cost:
            return replace(state, tokens=state.tokens - cost), 0.0
        return state, (cost - state.tokens) / state.refill_per_second

    def fed(
        self, now: float, *, available: float | None, capacity: float | None, refill_per_second: float | None
    ) -> "BucketState":
        state = self.refilled(now)
        capacity = capacity if capacity and capacity > 0 else state.capacity
        refill = refill_per_second if refill_per_second and refill_per_second > 0 else state.refill_per_second
        tokens = state.tokens if available is None else available
        return replace(state, tokens=max(0.0, min(tokens, capacity)), capacity=capacity, refill_per_second=refill)

    def penalized(self, now: float, retry_after: float) -> "BucketState":
        state = self.refilled(now)
        until = max(state.blocked_until, now + max(0.0, retry_after))
        return replace(state, tokens=0.0, updated_at=until, blocked_until=until)


class ThrottleStore(Protocol):
    """Where bucket state lives; every method is one atomic read-modify-write."""

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float: ...

    def feed(
        self,
        key: str,
        *,
        now: float,
        capacity: float,
        refill_per_second: float,
        available: float | None,
        new_capacity: float | None,
        new_refill_per_second: float | None,
    ) -> None: ...

    def penalize(
        self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float
    ) -> None: ...

    def state(self, key: str) -> BucketState | None: ...


class DatabaseThrottleStore:
    """Bucket state in `ThrottleBucket` rows, each change under a row lock in its own atomic block."""

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float:
        return self._update(key, now, capacity, refill_per_second, lambda state: state.reserved(cost, now))

    def feed(
        self,
        key: str,
        *,
        now: float,
        capacity: float,
        refill_per_second: float,
        available: float | None,
        new_capacity: float | None,
        new_refill_per_second: float | None,
    ) -> None:
        def change(state: BucketState) -> tuple[BucketState, float]:
            fed = state.fed(now, available=available, capacity=new_capacity, refill_per_second=new_refill_per_second)
            return fed, 0.0

        self._update(key, now, capacity, refill_per_second, change)

    def penalize(self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._update(key, now, capacity, refill_per_second, lambda state: (state.penalized(now, retry_after), 0.0))

    def state(self, key: str) -> BucketState | None:
        row = ThrottleBucket.objects.filter(key=key).first()
        return None if row is None else _row_state(row)

    def _update(
        self,
        key: str,
        now: float,
        capacity: float,
        refill_per_second: float,
        change: Callable[[BucketState], tuple[BucketState, float]],
    ) -> float:
        seed = BucketState.new(capacity=capacity, refill_per_second=refill_per_second, now=now)
        with transaction.atomic():
            row, _ = ThrottleBucket.objects.select_for_update().get_or_create(key=key, defaults=vars(seed))
            state, result = change(_row_state(row))
            for field, value in vars(state).items():
                setattr(row, field, value)
            row.save(update_fields=list(vars(state)))
        return result


def _row_state(row) -> BucketState:
    return BucketState(
        tokens=row.tokens,
        capacity=row.capacity,
        refill_per_second=row.refill_per_second,
        updated_at=row.updated_at,
        blocked_until=row.blocked_until,
    )


# One script for the three operations, mirroring BucketState. Numbers go back as strings because
# Redis truncates Lua numbers to integers.
_LUA = """
local key = KEYS[1]
local op, now = ARGV[1], tonumber(ARGV[2])
local s = redis.call('HMGET', key, 'tokens', 'capacity', 'refill_per_second', 'updated_at', 'blocked_until')
local capacity = tonumber(s[2]) or tonumber(ARGV[3])
local refill = tonumber(s[3]) or tonumber(ARGV[4])
local tokens = tonumber(s[1]) or capacity
local updated = tonumber(s[4]) or now
local blocked = tonumber(s[5]) or 0
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) * refill)
  updated = now
end
local result = 0
if op == 'reserve' then
  local cost = math.min(tonumber(ARGV[6]), capacity)
  if now < blocked then
    result = blocked - now
  elseif tokens >= cost then
    tokens = tokens - cost
  else
    result = (cost - tokens) / refill
  end
elseif op == 'feed' then
  local new_capacity, new_refill = tonumber(ARGV[7]), tonumber(ARGV[8])
  if new_capacity and new_capacity > 0 then capacity = new_capacity end
  if new_refill and new_refill > 0 then refill = new_refill end
  if ARGV[6] ~= '' then tokens = tonumber(ARGV[6]) end
  tokens = math.max(0, math.min(tokens, capacity))
elseif op == 'penalize' then
  local until_ = now + math.max(0, tonumber(ARGV[6]))
  if until_ > blocked then blocked = until_ end
  tokens = 0
  updated = blocked
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'capacity', tostring(capacity),
  'refill_per_second', tostring(refill), 'updated_at', tostring(updated), 'blocked_until', tostring(blocked))
redis.call('EXPIRE', key, tonumber(ARGV[5]))
return tostring(result)
"""


class RedisThrottleStore:
    """Bucket state in Redis hashes, changed by one atomic Lua script."""

    def __init__(self, client) -> None:
        self._client = client
        self._script = client.register_script(_LUA)

    @classmethod
    def from_url(cls, url: str) -> "RedisThrottleStore":
        return cls(_redis_client(url))

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float:
        return self._run("reserve", key, now, capacity, refill_per_second, cost)

    def feed(
        self,
        key: str,
        *,
        now: float,
        capacity: float,
        refill_per_second: float,
        available: float | None,
        new_capacity: float | None,
        new_refill_per_second: float | None,
    ) -> None:
        extra = ["" if value is None else repr(float(value)) for value in (new_capacity, new_refill_per_second)]
        self._run("feed", key, now, capacity, refill_per_second, available, *extra)

    def penalize(self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._run("penalize", key, now, capacity, refill_per_second, retry_after)

    def state(self, key: str) -> BucketState | None:
        values = self._client.hgetall(REDIS_KEY_PREFIX + key)
        if not values:
            return None
        decoded = {_text(name): float(_text(value)) for name, value in values.items()}
        return BucketState(**decoded)

    def _run(self, op: str, key: str, now: float, capacity: float, refill: float, *args) -> float:
        argv = [op, repr(now), repr(float(capacity)), repr(float(refill)), REDIS_KEY_TTL_SECONDS]
        argv += ["" if value is None else (value if isinstance(value, str) else repr(float(value))) for value in args]
        return float(_text(self._script(keys=[REDIS_KEY_PREFIX + key], args=argv)))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


@functools.lru_cache(maxsize=4)
def _redis_client(url: str):
    return redis.Redis.from_url(url)


def redis_url() -> str | None:
    """The configured Redis URL (settings first, then the environment), or None."""
    return getattr(settings, "REDIS_URL", None) or os.environ.get("REDIS_URL") or None


def default_store() -> ThrottleStore:
    """Redis when `REDIS_URL` is configured, else the database."""
    url = redis_url()
    return RedisThrottleStore.from_url(url) if url else DatabaseThrottleStore()


class Throttle:
    """A named token bucket shared by every process that uses the same key."""

    def __init__(
        self,
        key: str,
        *,
        capacity: float,
        refill_per_second: float,
        store: ThrottleStore | None = None,
        clock: Clock = time.time,
    ) -> None:
        if capacity <= 0 or refill_per_second <= 0:
            raise ValueError("A throttle needs a positive capacity and refill rate.")
        self.key = key
        self.capacity = float(capacity)
        self.refill_per_second = float(refill_per_second)
        self.store = store if store is not None else default_store()
        self.clock = clock

    def reserve(self, cost: float = 1) -> float:
        """Take `cost` tokens and return 0.0, or take nothing and return the seconds to wait."""
        return self.store.reserve(
            self.key,
            cost=float(cost),
            now=self.clock(),
            capacity=self.capacity,
            refill_per_second=self.refill_per_second,
        )

    def feed(
        self, *, available: float | None = None, capacity: float | None = None, refill_per_second: float | None = None
    ) -> None:
        """Replace our estimate with the vendor's own figures (any subset of them)."""
        self.store.feed(
            self.key,
            now=self.clock(),
            capacity=self.capacity,
            refill_per_second=self.refill_per_second,
            available=available,
            new_capacity=capacity,
            new_refill_per_second=refill_per_second,
        )

    def penalize(self, retry_after: float) -> None:
        """After a 429: nobody sharing this key calls for `retry_after` seconds."""
        self.store.penalize(
            self.key,
            retry_after=float(retry_after),
            now=self.clock(),
            capacity=self.capacity,
            refill_per_second=self.refill_per_second,
        )

    def state(self) -> BucketState | None:
        """The stored bucket, or None before its first use."""
        return self.store.state(self.key)
