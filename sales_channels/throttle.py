"""A token-bucket throttle whose state is shared by every worker on every machine.

A bucket holds up to `capacity` tokens and regains `refill_per_second`; a call costs tokens
(1 per request, or Shopify's query cost). The state lives in Redis when `REDIS_URL` is set
(one Lua script per operation, so a read-modify-write is atomic) and otherwise in
`ThrottleBucket` rows updated under `select_for_update` inside `transaction.atomic` (on SQLite
the connection opens IMMEDIATE transactions, so updates are serialized the same way).

Semantics, identical in both stores (the pure rules live on `BucketState`):

- `claim(cost, max_wait)` is how a call is paid for before it is sent: it takes the tokens even
  when they are not there yet (the bucket goes into debt) and returns how long the caller must
  wait until they are, so callers are served in the order they claimed and a large call is
  never starved by small ones. When that wait would exceed `max_wait` it takes nothing and says
  so (`Claim.granted` False): the caller defers instead of sleeping for long.
- Every claim also gets a `ticket`: the bucket's running total of claimed points after it. The
  bucket's supply (tokens plus that total) only grows by refill, refunds and the vendor's own
  figures, never by other claims, so `wait_for(ticket)` re-computes a waiter's turn at any time:
  a waiter in debt re-checks in bounded slices and goes as soon as a refund or a fed figure
  brings its turn forward, instead of sleeping the whole wait computed when it claimed.
- `reserve(cost)` is *take-if-available*: when the tokens are there it takes them and returns
  0.0; otherwise it takes nothing and returns how many seconds until they would be.
  A cost above the capacity is clamped to the capacity, so it can always be satisfied eventually.
- `adjust(points)` gives points back (the vendor charged less than was claimed, or nothing for
  a throttled answer, a refused request or a transport error) or charges more (negative points).
- `feed(...)` lets the vendor correct us: its own figure (Shopify `throttleStatus`
  `currentlyAvailable/maximumAvailable/restoreRate`, Amazon `x-amzn-RateLimit-Limit`) replaces
  ours. With `lower_only=True` an available figure only ever lowers ours: claims of other workers
  that the vendor has not seen yet (in flight, or waiting) are not forgotten.
- `penalize(retry_after)` (after a 429) blocks everyone until then and empties the bucket (debts
  stay), which then refills gradually from the end of the block instead of releasing a burst.
- `learn_cost(operation, requested)` / `cost_estimate(operation)`: the cost the vendor last
  requested for an operation (a GraphQL document), shared by every worker, so the first call
  of a worker already claims what the vendor will charge. A lower figure lowers the estimate
  only gradually (a quarter of the gap each time), a higher one replaces it at once.

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
REDIS_COSTS_PREFIX = "onesila:throttle-costs:"
REDIS_KEY_TTL_SECONDS = 24 * 3600
REDIS_COSTS_TTL_SECONDS = 30 * 24 * 3600
LOWER_COST_STEP = 0.25
WAIT_EPSILON_SECONDS = 1e-6  # float noise between a ticket and the bucket's supply is no wait


@dataclass(frozen=True)
class Claim:
    """The answer to `claim`: whether the tokens were taken, how long to wait, and the claim's ticket."""

    granted: bool
    wait: float
    ticket: float = 0.0


def learned_cost(previous: float | None, requested: float) -> float:
    """The new per-operation estimate: a higher cost at once, a lower one a quarter of the way."""
    if previous is None or requested >= previous:
        return float(requested)
    return previous - LOWER_COST_STEP * (previous - requested)


Clock = Callable[[], float]


@dataclass(frozen=True)
class BucketState:
    """The state of one bucket and the pure rules both stores apply to it."""

    tokens: float
    capacity: float
    refill_per_second: float
    updated_at: float
    blocked_until: float = 0.0
    claimed_total: float = 0.0  # every point ever claimed or reserved: a claim's ticket is this total after it

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
            return replace(state, tokens=state.tokens - cost, claimed_total=state.claimed_total + cost), 0.0
        return state, (cost - state.tokens) / state.refill_per_second

    def claimed(self, cost: float, now: float, max_wait: float) -> tuple["BucketState", Claim]:
        """Take `cost` into debt if the resulting wait is at most `max_wait`; the wait either way."""
        state = self.refilled(now)
        cost = min(cost, state.capacity)
        remaining = state.tokens - cost
        wait = max(0.0, state.updated_at - now) + max(0.0, -remaining) / state.refill_per_second
        if wait > max_wait:
            return state, Claim(granted=False, wait=wait)
        ticket = state.claimed_total + cost
        return replace(state, tokens=remaining, claimed_total=ticket), Claim(granted=True, wait=wait, ticket=ticket)

    def wait_for(self, ticket: float, now: float) -> float:
        """Seconds until the claim holding `ticket` may send, from the bucket as it is now."""
        state = self.refilled(now)
        supplied = state.tokens + state.claimed_total  # claims move both terms: only refill, refunds, feeds move it
        wait = max(0.0, state.updated_at - now) + max(0.0, ticket - supplied) / state.refill_per_second
        return wait if wait > WAIT_EPSILON_SECONDS else 0.0

    def adjusted(self, now: float, points: float) -> "BucketState":
        state = self.refilled(now)
        return replace(state, tokens=min(state.capacity, state.tokens + points))

    def fed(
        self,
        now: float,
        *,
        available: float | None,
        capacity: float | None,
        refill_per_second: float | None,
        lower_only: bool = False,
    ) -> "BucketState":
        state = self.refilled(now)
        capacity = capacity if capacity and capacity > 0 else state.capacity
        refill = refill_per_second if refill_per_second and refill_per_second > 0 else state.refill_per_second
        if available is None:
            tokens = min(state.tokens, capacity)
        elif lower_only:
            tokens = min(state.tokens, max(0.0, available), capacity)
        else:
            tokens = max(0.0, min(available, capacity))
        return replace(state, tokens=tokens, capacity=capacity, refill_per_second=refill)

    def penalized(self, now: float, retry_after: float) -> "BucketState":
        state = self.refilled(now)
        until = max(state.blocked_until, now + max(0.0, retry_after))
        return replace(state, tokens=min(0.0, state.tokens), updated_at=until, blocked_until=until)


class ThrottleStore(Protocol):
    """Where bucket state lives; every method is one atomic read-modify-write."""

    def claim(
        self, key: str, *, cost: float, max_wait: float, now: float, capacity: float, refill_per_second: float
    ) -> Claim: ...

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float: ...

    def adjust(self, key: str, *, points: float, now: float, capacity: float, refill_per_second: float) -> None: ...

    def feed(
        self, key: str, *, now: float, capacity: float, refill_per_second: float, vendor: "VendorFigures"
    ) -> None: ...

    def penalize(
        self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float
    ) -> None: ...

    def state(self, key: str) -> BucketState | None: ...

    def learn_cost(self, key: str, *, operation: str, requested: float) -> float: ...

    def cost_estimate(self, key: str, *, operation: str) -> float | None: ...


@dataclass(frozen=True)
class VendorFigures:
    """What the vendor said about its bucket (any subset), and whether `available` may only lower ours."""

    available: float | None = None
    capacity: float | None = None
    refill_per_second: float | None = None
    lower_only: bool = False


class DatabaseThrottleStore:
    """Bucket state in `ThrottleBucket` rows, each change under a row lock in its own atomic block."""

    def claim(
        self, key: str, *, cost: float, max_wait: float, now: float, capacity: float, refill_per_second: float
    ) -> Claim:
        return self._update(key, now, capacity, refill_per_second, lambda state: state.claimed(cost, now, max_wait))

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float:
        return self._update(key, now, capacity, refill_per_second, lambda state: state.reserved(cost, now))

    def adjust(self, key: str, *, points: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._update(key, now, capacity, refill_per_second, lambda state: (state.adjusted(now, points), 0.0))

    def feed(self, key: str, *, now: float, capacity: float, refill_per_second: float, vendor: VendorFigures) -> None:
        def change(state: BucketState) -> tuple[BucketState, float]:
            fed = state.fed(
                now,
                available=vendor.available,
                capacity=vendor.capacity,
                refill_per_second=vendor.refill_per_second,
                lower_only=vendor.lower_only,
            )
            return fed, 0.0

        self._update(key, now, capacity, refill_per_second, change)

    def penalize(self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._update(key, now, capacity, refill_per_second, lambda state: (state.penalized(now, retry_after), 0.0))

    def state(self, key: str) -> BucketState | None:
        row = ThrottleBucket.objects.filter(key=key).first()
        return None if row is None else _row_state(row)

    def learn_cost(self, key: str, *, operation: str, requested: float) -> float:
        with transaction.atomic():
            row = ThrottleBucket.objects.select_for_update().filter(key=key).first()
            if row is None:  # the bucket is made by the first claim; costs are only learnt after a call
                return float(requested)
            costs = dict(row.operation_costs or {})
            costs[operation] = learned_cost(costs.get(operation), float(requested))
            row.operation_costs = costs
            row.save(update_fields=["operation_costs"])
        return costs[operation]

    def cost_estimate(self, key: str, *, operation: str) -> float | None:
        costs = ThrottleBucket.objects.filter(key=key).values_list("operation_costs", flat=True).first()
        value = (costs or {}).get(operation)
        return None if value is None else float(value)

    def _update(self, key: str, now: float, capacity: float, refill_per_second: float, change: Callable):
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
        claimed_total=row.claimed_total,
    )


# One script for every bucket operation, mirroring BucketState. Numbers go back as strings because
# Redis truncates Lua numbers to integers. ARGV: op, now, capacity, refill, ttl, then per operation.
_LUA = """
local key = KEYS[1]
local op, now = ARGV[1], tonumber(ARGV[2])
local s = redis.call('HMGET', key, 'tokens', 'capacity', 'refill_per_second', 'updated_at', 'blocked_until',
  'claimed_total')
local capacity = tonumber(s[2]) or tonumber(ARGV[3])
local refill = tonumber(s[3]) or tonumber(ARGV[4])
local tokens = tonumber(s[1]) or capacity
local updated = tonumber(s[4]) or now
local blocked = tonumber(s[5]) or 0
local claimed = tonumber(s[6]) or 0
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) * refill)
  updated = now
end
local result = '0'
if op == 'claim' then
  local cost = math.min(tonumber(ARGV[6]), capacity)
  local remaining = tokens - cost
  local wait = math.max(0, updated - now) + math.max(0, -remaining) / refill
  if wait > tonumber(ARGV[7]) then
    result = '0:' .. tostring(wait)
  else
    tokens = remaining
    claimed = claimed + cost
    result = '1:' .. tostring(wait) .. ':' .. string.format('%.17g', claimed)
  end
elseif op == 'reserve' then
  local cost = math.min(tonumber(ARGV[6]), capacity)
  if now < blocked then
    result = tostring(blocked - now)
  elseif tokens >= cost then
    tokens = tokens - cost
    claimed = claimed + cost
  else
    result = tostring((cost - tokens) / refill)
  end
elseif op == 'adjust' then
  tokens = math.min(capacity, tokens + tonumber(ARGV[6]))
elseif op == 'feed' then
  local new_capacity, new_refill = tonumber(ARGV[7]), tonumber(ARGV[8])
  if new_capacity and new_capacity > 0 then capacity = new_capacity end
  if new_refill and new_refill > 0 then refill = new_refill end
  if ARGV[6] == '' then
    tokens = math.min(tokens, capacity)
  elseif ARGV[9] == '1' then
    tokens = math.min(tokens, math.max(0, tonumber(ARGV[6])), capacity)
  else
    tokens = math.max(0, math.min(tonumber(ARGV[6]), capacity))
  end
elseif op == 'penalize' then
  local until_ = now + math.max(0, tonumber(ARGV[6]))
  if until_ > blocked then blocked = until_ end
  tokens = math.min(0, tokens)
  updated = blocked
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'capacity', tostring(capacity),
  'refill_per_second', tostring(refill), 'updated_at', tostring(updated), 'blocked_until', tostring(blocked),
  'claimed_total', string.format('%.17g', claimed))
redis.call('EXPIRE', key, tonumber(ARGV[5]))
return result
"""

# learned_cost() in Lua: ARGV operation, requested, step, ttl.
_LEARN_LUA = """
local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
local requested = tonumber(ARGV[2])
local new = requested
if old and requested < old then new = old - tonumber(ARGV[3]) * (old - requested) end
redis.call('HSET', KEYS[1], ARGV[1], tostring(new))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return tostring(new)
"""


class RedisThrottleStore:
    """Bucket state in Redis hashes, changed by one atomic Lua script."""

    def __init__(self, client) -> None:
        self._client = client
        self._script = client.register_script(_LUA)
        self._learn = client.register_script(_LEARN_LUA)

    @classmethod
    def from_url(cls, url: str) -> "RedisThrottleStore":
        return cls(_redis_client(url))

    def claim(
        self, key: str, *, cost: float, max_wait: float, now: float, capacity: float, refill_per_second: float
    ) -> Claim:
        granted, wait, *ticket = self._run("claim", key, now, capacity, refill_per_second, cost, max_wait).split(":")
        return Claim(granted=granted == "1", wait=float(wait), ticket=float(ticket[0]) if ticket else 0.0)

    def reserve(self, key: str, *, cost: float, now: float, capacity: float, refill_per_second: float) -> float:
        return float(self._run("reserve", key, now, capacity, refill_per_second, cost))

    def adjust(self, key: str, *, points: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._run("adjust", key, now, capacity, refill_per_second, points)

    def feed(self, key: str, *, now: float, capacity: float, refill_per_second: float, vendor: VendorFigures) -> None:
        figures = (vendor.available, vendor.capacity, vendor.refill_per_second)
        self._run("feed", key, now, capacity, refill_per_second, *figures, "1" if vendor.lower_only else "")

    def penalize(self, key: str, *, retry_after: float, now: float, capacity: float, refill_per_second: float) -> None:
        self._run("penalize", key, now, capacity, refill_per_second, retry_after)

    def state(self, key: str) -> BucketState | None:
        values = self._client.hgetall(REDIS_KEY_PREFIX + key)
        if not values:
            return None
        decoded = {_text(name): float(_text(value)) for name, value in values.items()}
        return BucketState(**decoded)

    def learn_cost(self, key: str, *, operation: str, requested: float) -> float:
        args = [operation, repr(float(requested)), repr(LOWER_COST_STEP), REDIS_COSTS_TTL_SECONDS]
        return float(_text(self._learn(keys=[REDIS_COSTS_PREFIX + key], args=args)))

    def cost_estimate(self, key: str, *, operation: str) -> float | None:
        value = self._client.hget(REDIS_COSTS_PREFIX + key, operation)
        return None if value is None else float(_text(value))

    def _run(self, op: str, key: str, now: float, capacity: float, refill: float, *args) -> str:
        argv = [op, repr(now), repr(float(capacity)), repr(float(refill)), REDIS_KEY_TTL_SECONDS]
        argv += ["" if value is None else (value if isinstance(value, str) else repr(float(value))) for value in args]
        return _text(self._script(keys=[REDIS_KEY_PREFIX + key], args=argv))


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

    def _bucket(self) -> dict:
        return {"now": self.clock(), "capacity": self.capacity, "refill_per_second": self.refill_per_second}

    def claim(self, cost: float = 1, *, max_wait: float) -> Claim:
        """Pay `cost` now and learn how long to wait before sending; nothing taken when longer than `max_wait`."""
        return self.store.claim(self.key, cost=float(cost), max_wait=float(max_wait), **self._bucket())

    def reserve(self, cost: float = 1) -> float:
        """Take `cost` tokens and return 0.0, or take nothing and return the seconds to wait."""
        return self.store.reserve(self.key, cost=float(cost), **self._bucket())

    def adjust(self, points: float) -> None:
        """Give back `points` (positive: charged less than claimed) or charge more (negative)."""
        if points:
            self.store.adjust(self.key, points=float(points), **self._bucket())

    def feed(
        self,
        *,
        available: float | None = None,
        capacity: float | None = None,
        refill_per_second: float | None = None,
        lower_only: bool = False,
    ) -> None:
        """Replace our estimate with the vendor's own figures (any subset of them)."""
        vendor = VendorFigures(
            available=available, capacity=capacity, refill_per_second=refill_per_second, lower_only=lower_only
        )
        self.store.feed(self.key, vendor=vendor, **self._bucket())

    def penalize(self, retry_after: float) -> None:
        """After a 429: nobody sharing this key calls for `retry_after` seconds."""
        self.store.penalize(self.key, retry_after=float(retry_after), **self._bucket())

    def state(self) -> BucketState | None:
        """The stored bucket, or None before its first use."""
        return self.store.state(self.key)

    def wait_for(self, ticket: float) -> float:
        """Seconds until the claim holding `ticket` may send, re-computed from the shared bucket now."""
        state = self.store.state(self.key)
        return 0.0 if state is None else state.wait_for(ticket, self.clock())

    def learn_cost(self, operation: str, requested: float) -> float:
        """Record what the vendor requested for `operation`; returns the new shared estimate."""
        return self.store.learn_cost(self.key, operation=operation, requested=float(requested))

    def cost_estimate(self, operation: str) -> float | None:
        """The shared estimate of what `operation` costs, or None before it was first called."""
        return self.store.cost_estimate(self.key, operation=operation)
