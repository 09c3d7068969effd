"""The shared token-bucket throttle: pure rules, both stores, sharing, vendor feed and penalties."""

import os
import threading

import pytest
from django.db import connection, connections

from sales_channels.models import ThrottleBucket
from sales_channels.throttle import (
    BucketState,
    DatabaseThrottleStore,
    RedisThrottleStore,
    Throttle,
    default_store,
)

REDIS_URL = os.environ.get("REDIS_URL")


def make(key, store, clock, *, capacity=10.0, refill_per_second=2.0):
    return Throttle(key, capacity=capacity, refill_per_second=refill_per_second, store=store, clock=clock)


# -- the pure rules ------------------------------------------------------------------------------


def test_bucket_state_refills_up_to_capacity():
    state = BucketState(tokens=1.0, capacity=5.0, refill_per_second=2.0, updated_at=100.0)
    assert state.refilled(101.0).tokens == 3.0
    assert state.refilled(200.0).tokens == 5.0
    assert state.refilled(99.0) is state


def test_bucket_state_reserve_takes_only_when_available():
    state = BucketState(tokens=1.5, capacity=5.0, refill_per_second=2.0, updated_at=100.0)
    taken, wait = state.reserved(1.0, 100.0)
    assert (taken.tokens, wait) == (0.5, 0.0)
    untouched, wait = taken.reserved(1.5, 100.0)
    assert (untouched.tokens, wait) == (0.5, 0.5)


def test_throttle_rejects_a_bucket_that_never_refills():
    with pytest.raises(ValueError):
        Throttle("x", capacity=1, refill_per_second=0, store=DatabaseThrottleStore())


# -- both stores ----------------------------------------------------------------------------------


def test_reserve_takes_tokens_until_empty_then_returns_the_wait(store, key, clock):
    throttle = make(key, store, clock, capacity=3, refill_per_second=2)
    assert [throttle.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.reserve() == pytest.approx(0.5)
    assert throttle.reserve(2) == pytest.approx(1.0)  # nothing was taken by the refused calls
    clock.advance(0.5)
    assert throttle.reserve() == 0.0
    assert throttle.state().tokens == pytest.approx(0.0)


def test_a_cost_above_capacity_is_clamped_so_it_can_be_satisfied(store, key, clock):
    throttle = make(key, store, clock, capacity=4, refill_per_second=1)
    assert throttle.reserve(1000) == 0.0
    assert throttle.reserve(1000) == pytest.approx(4.0)


def test_two_throttles_with_the_same_key_share_the_budget(store, key, clock):
    first = make(key, store, clock, capacity=2, refill_per_second=1)
    second = make(key, store, clock, capacity=2, refill_per_second=1)
    other = make(f"{key}-other", store, clock, capacity=2, refill_per_second=1)
    assert first.reserve() == 0.0
    assert second.reserve() == 0.0
    assert first.reserve() == pytest.approx(1.0)
    assert second.reserve() == pytest.approx(1.0)
    assert other.reserve() == 0.0


def test_stored_state_wins_over_constructor_defaults(store, key, clock):
    make(key, store, clock, capacity=10, refill_per_second=1).feed(capacity=50, refill_per_second=5)
    later = make(key, store, clock, capacity=10, refill_per_second=1)
    # Capacity 50 and 5/s from the feed: 20 fits, and 10 missing tokens take 2 s (not clamped to 10).
    assert later.reserve(20) == pytest.approx(2.0)
    assert later.state().capacity == 50


def test_feed_applies_shopify_throttle_status(store, key, clock):
    throttle = make(key, store, clock, capacity=1000, refill_per_second=50)
    # extensions.cost.throttleStatus of a response: maximumAvailable 2000, currentlyAvailable 50,
    # restoreRate 100 (current Standard-plan figures, read from the response, never hard-coded).
    throttle.feed(available=50, capacity=2000, refill_per_second=100)
    state = throttle.state()
    assert (state.tokens, state.capacity, state.refill_per_second) == (50, 2000, 100)
    assert throttle.reserve(100) == pytest.approx(0.5)
    clock.advance(0.5)
    assert throttle.reserve(100) == 0.0


def test_feed_only_changes_what_is_given_and_clamps_to_capacity(store, key, clock):
    throttle = make(key, store, clock, capacity=10, refill_per_second=2)
    throttle.feed(refill_per_second=5)  # e.g. Amazon x-amzn-RateLimit-Limit: 5.0
    assert throttle.state().refill_per_second == 5
    assert throttle.state().tokens == 10
    throttle.feed(available=99)
    assert throttle.state().tokens == 10
    throttle.feed(available=-3)
    assert throttle.state().tokens == 0


def test_penalize_blocks_everyone_then_refills_gradually(store, key, clock):
    throttle = make(key, store, clock, capacity=10, refill_per_second=2)
    neighbour = make(key, store, clock, capacity=10, refill_per_second=2)
    throttle.penalize(30)
    assert neighbour.reserve() == pytest.approx(30.0)
    clock.advance(20)
    assert neighbour.reserve() == pytest.approx(10.0)
    clock.advance(10)
    assert neighbour.reserve() == pytest.approx(0.5)  # empty at the end of the block, no burst
    clock.advance(0.5)
    assert neighbour.reserve() == 0.0


def test_a_shorter_penalty_never_shortens_a_longer_one(store, key, clock):
    throttle = make(key, store, clock)
    throttle.penalize(60)
    throttle.penalize(5)
    assert throttle.reserve() == pytest.approx(60.0)


def test_state_is_none_before_first_use(store, key, clock):
    assert make(key, store, clock).state() is None


# -- concurrency ----------------------------------------------------------------------------------


def _reserve_concurrently(make_throttle, workers: int) -> list[float]:
    results: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def worker():
        try:
            throttle = make_throttle()
            barrier.wait()
            wait = throttle.reserve()
            with lock:
                results.append(wait)
        finally:
            connections.close_all()  # this thread's own database connections

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_reservations_never_exceed_the_budget_redis(redis_store, key, clock):
    results = _reserve_concurrently(lambda: make(key, redis_store, clock, capacity=10, refill_per_second=1), 40)
    assert sorted(results)[:10] == [0.0] * 10
    assert all(wait > 0 for wait in sorted(results)[10:])


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_never_exceed_the_budget_database(key, clock):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite cannot share a database between threads; covered on PostgreSQL")
    store = DatabaseThrottleStore()

    def make_throttle():
        return make(key, store, clock, capacity=10, refill_per_second=1)

    results = _reserve_concurrently(make_throttle, 12)
    assert sorted(results)[:10] == [0.0] * 10
    assert all(wait > 0 for wait in sorted(results)[10:])
    assert ThrottleBucket.objects.get(key=key).tokens == pytest.approx(0.0)


# -- store selection ------------------------------------------------------------------------------


def test_default_store_is_the_database_without_redis(settings, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings.REDIS_URL = None
    assert isinstance(default_store(), DatabaseThrottleStore)


def test_default_store_is_redis_when_configured(settings, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # building the client does not connect
    assert isinstance(default_store(), RedisThrottleStore)


def test_database_store_keeps_one_row_per_key(db, key, clock):
    throttle = make(key, DatabaseThrottleStore(), clock)
    throttle.reserve()
    throttle.feed(available=3)
    throttle.penalize(1)
    assert ThrottleBucket.objects.filter(key=key).count() == 1
