"""Claims on the shared throttle: paid before sending, served in order, bounded, atomic across workers."""

import os
import threading

import pytest
from django.db import connection, connections

from sales_channels.throttle import (
    BucketState,
    DatabaseThrottleStore,
    Throttle,
    learned_cost,
)

REDIS_URL = os.environ.get("REDIS_URL")


def make(key, store, clock, *, capacity=10.0, refill_per_second=2.0):
    return Throttle(key, capacity=capacity, refill_per_second=refill_per_second, store=store, clock=clock)


def test_bucket_state_claims_go_into_debt_in_order():
    state = BucketState.new(capacity=10, refill_per_second=2, now=0)
    state, first = state.claimed(10, 0, max_wait=5)
    state, second = state.claimed(4, 0, max_wait=5)
    state, refused = state.claimed(8, 0, max_wait=5)
    assert (first.granted, first.wait) == (True, 0.0)
    assert (second.granted, second.wait) == (True, 2.0)
    assert (refused.granted, refused.wait) == (False, 6.0)
    assert state.tokens == -4  # the refused claim took nothing


def test_claims_are_served_in_claim_order_and_bounded(store, key, clock):
    throttle = make(key, store, clock)
    waits = [throttle.claim(4, max_wait=2.5) for _ in range(4)]
    assert [claim.granted for claim in waits] == [True, True, True, False]
    assert [claim.wait for claim in waits[:3]] == [0.0, 0.0, pytest.approx(1.0)]
    assert waits[3].wait == pytest.approx(3.0)
    clock.advance(1.0)  # the third caller's turn: it sends now, the bucket is exactly empty
    assert throttle.state().refilled(clock()).tokens == pytest.approx(0.0)


def test_a_large_claim_is_not_starved_by_small_ones(store, key, clock):
    throttle = make(key, store, clock, capacity=10, refill_per_second=1)
    throttle.claim(8, max_wait=100)
    big = throttle.claim(10, max_wait=100)  # needs 8 more seconds of refill
    small = throttle.claim(1, max_wait=100)  # queues behind it instead of taking the refill
    assert big.wait == pytest.approx(8.0)
    assert small.wait == pytest.approx(9.0)


def test_adjust_gives_back_unspent_points_up_to_capacity(store, key, clock):
    throttle = make(key, store, clock)
    throttle.claim(10, max_wait=0)
    throttle.adjust(6)
    assert throttle.state().tokens == pytest.approx(6.0)
    throttle.adjust(100)
    assert throttle.state().tokens == pytest.approx(10.0)
    throttle.adjust(-12)  # charged more than claimed
    assert throttle.state().tokens == pytest.approx(-2.0)


def test_a_lower_only_feed_never_forgets_claims_the_vendor_has_not_seen(store, key, clock):
    throttle = make(key, store, clock, capacity=2000, refill_per_second=100)
    throttle.claim(1800, max_wait=0)  # another worker's call, still in flight
    throttle.feed(available=1500, capacity=2000, refill_per_second=100, lower_only=True)
    assert throttle.state().tokens == pytest.approx(200.0)
    throttle.feed(available=50, lower_only=True)
    assert throttle.state().tokens == pytest.approx(50.0)


def test_penalize_keeps_outstanding_debt(store, key, clock):
    throttle = make(key, store, clock, capacity=10, refill_per_second=1)
    throttle.claim(15, max_wait=100)  # clamped to the capacity: tokens 0
    throttle.claim(5, max_wait=100)  # tokens -5
    throttle.penalize(10)
    assert throttle.claim(1, max_wait=100).wait == pytest.approx(16.0)  # block 10 s, then 6 points of refill


def test_learned_cost_rises_at_once_and_falls_gradually():
    assert learned_cost(None, 610) == 610
    assert learned_cost(50, 610) == 610
    assert learned_cost(610, 210) == pytest.approx(510)


def test_learned_costs_are_shared_by_every_worker(store, key, clock):
    first, second = make(key, store, clock), make(key, store, clock)
    first.claim(1, max_wait=0)  # the bucket exists once a call was paid for
    assert second.cost_estimate("ProductsBySku") is None
    first.learn_cost("ProductsBySku", 610)
    assert second.cost_estimate("ProductsBySku") == pytest.approx(610)
    second.learn_cost("ProductsBySku", 210)
    assert first.cost_estimate("ProductsBySku") == pytest.approx(510)
    assert first.cost_estimate("ProductSet") is None


# -- many workers, one bucket ---------------------------------------------------------------------


def _claim_concurrently(make_throttle, *, workers: int, claims_each: int) -> list:
    results = []
    lock = threading.Lock()
    barrier = threading.Barrier(workers)

    def worker():
        try:
            throttle = make_throttle()
            barrier.wait()
            for _ in range(claims_each):
                claim = throttle.claim(1, max_wait=5)
                with lock:
                    results.append(claim)
        finally:
            connections.close_all()  # this thread's own database connections

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _assert_exact_schedule(results) -> None:
    # Capacity 10 plus 5 s of refill at 1/s: exactly 15 claims granted, each a distinct turn.
    granted = sorted(claim.wait for claim in results if claim.granted)
    assert granted == [0.0] * 10 + [pytest.approx(float(turn)) for turn in range(1, 6)]
    assert all(claim.wait > 5 for claim in results if not claim.granted)


def test_concurrent_claims_redis(redis_store, key, clock):
    results = _claim_concurrently(
        lambda: make(key, redis_store, clock, capacity=10, refill_per_second=1), workers=8, claims_each=5
    )
    _assert_exact_schedule(results)


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_database(key, clock):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite cannot share a database between threads; covered on PostgreSQL")
    store = DatabaseThrottleStore()
    results = _claim_concurrently(
        lambda: make(key, store, clock, capacity=10, refill_per_second=1), workers=4, claims_each=6
    )
    _assert_exact_schedule(results)
