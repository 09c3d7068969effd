"""Failed attempts give their claimed points back; a waiter in debt re-checks its turn in slices (both stores)."""

import pytest
import requests
import responses

from sales_channels.exceptions import AnswerLost, AuthExpired, RateLimited
from sales_channels.http import VendorSession
from sales_channels.tests.http_support import BASE, make_sales_channel
from sales_channels.throttle import BucketState, Throttle

URL = f"{BASE}/admin/api/graphql.json"


def make(key, store, clock, *, capacity=100.0, refill_per_second=10.0) -> Throttle:
    return Throttle(key, capacity=capacity, refill_per_second=refill_per_second, store=store, clock=clock)


@pytest.fixture
def make_session(company, clock):
    channel = make_sales_channel(company)

    def build(throttle: Throttle, **kwargs) -> VendorSession:
        options = {"sleep": clock.sleep, "clock": clock, "backoff_base": 0.0, "max_inline_wait": 20.0}
        return VendorSession(
            company_id=company.pk, sales_channel_id=channel.pk, throttle=throttle, **{**options, **kwargs}
        )

    return build


@pytest.fixture
def mocked():
    with responses.RequestsMock() as mock:
        yield mock


def tokens(throttle: Throttle, clock) -> float:
    state = throttle.state()
    assert state is not None, "the bucket is made by the first claim"
    return state.refilled(clock()).tokens


# -- tickets: a waiter's turn re-computed from the bucket -----------------------------------------


def test_a_ticket_turn_follows_refunds_and_ignores_later_claims():
    state = BucketState.new(capacity=10, refill_per_second=1, now=0)
    state, first = state.claimed(10, 0, max_wait=100)
    state, waiter = state.claimed(6, 0, max_wait=100)
    assert waiter.wait == pytest.approx(6.0)
    state, _later = state.claimed(4, 0, max_wait=100)  # queues behind: the waiter's turn does not move
    assert state.wait_for(waiter.ticket, 0) == pytest.approx(6.0)
    assert state.wait_for(waiter.ticket, 2) == pytest.approx(4.0)
    state = state.adjusted(2, 5)  # the first call failed and gave 5 points back
    assert state.wait_for(waiter.ticket, 2) == pytest.approx(0.0)
    assert state.wait_for(first.ticket, 2) == 0.0


def test_a_ticket_waits_out_a_penalty():
    state = BucketState.new(capacity=10, refill_per_second=1, now=0)
    state, claim = state.claimed(12, 0, max_wait=100)  # clamped: the bucket is exactly empty
    state = state.penalized(0, 5)
    assert state.wait_for(claim.ticket, 1) == pytest.approx(4.0)


def test_tickets_are_kept_by_both_stores(store, key, clock):
    throttle = make(key, store, clock, capacity=10, refill_per_second=1)
    throttle.claim(10, max_wait=0)
    waiter = throttle.claim(6, max_wait=100)
    throttle.claim(3, max_wait=100)
    assert throttle.wait_for(waiter.ticket) == pytest.approx(6.0)
    throttle.adjust(4)
    assert throttle.wait_for(waiter.ticket) == pytest.approx(2.0)
    clock.advance(2.0)
    assert throttle.wait_for(waiter.ticket) == 0.0


# -- the session: refunds per failed attempt -------------------------------------------------------


def test_a_transport_error_gives_its_claim_back_before_the_retry(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock)
    mocked.get(URL, body=requests.ConnectionError("connection refused"))
    mocked.get(URL, json={"ok": True})
    assert make_session(throttle).get(URL, cost=30).json() == {"ok": True}
    assert tokens(throttle, clock) == pytest.approx(70.0)


def test_a_lost_write_gives_its_claim_back(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock)
    mocked.post(URL, body=requests.ConnectionError("connection reset"))
    with pytest.raises(AnswerLost):
        make_session(throttle).post(URL, json={}, cost=30)
    assert tokens(throttle, clock) == pytest.approx(100.0)


def test_a_refused_token_gives_its_claim_back(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock)
    mocked.post(URL, status=401, json={"errors": "Invalid API key or access token"})
    with pytest.raises(AuthExpired):
        make_session(throttle).post(URL, json={}, cost=30)
    assert tokens(throttle, clock) == pytest.approx(100.0)


def test_a_429_gives_its_claim_back_to_the_waiters_behind_it(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock)
    neighbour = make(key, store, clock)
    waiting = []

    def throttled(request):
        waiting.append(neighbour.claim(100, max_wait=100))  # another worker queues behind the call in flight
        return 429, {"Retry-After": "30"}, ""

    mocked.add_callback(responses.POST, URL, callback=throttled)
    with pytest.raises(RateLimited):
        make_session(throttle).post(URL, json={}, cost=40)
    # The 429 call ran nothing: the neighbour waits out the block only, not the 40 points as well.
    assert neighbour.wait_for(waiting[0].ticket) == pytest.approx(30.0)


# -- the session: a waiter in debt goes as soon as its turn comes ---------------------------------


def test_a_waiter_goes_when_a_refund_brings_its_turn_forward(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock)
    neighbour = make(key, store, clock)
    neighbour.claim(100, max_wait=0)  # another worker's call takes the whole bucket

    def sleep_then_neighbour_fails(seconds: float) -> None:
        clock.sleep(seconds)
        if len(clock.sleeps) == 1:
            neighbour.adjust(100)  # its call failed before the vendor answered: refunded

    mocked.get(URL, json={"ok": True})
    make_session(throttle, sleep=sleep_then_neighbour_fails).get(URL, cost=50)  # 5 s wait when claimed
    assert clock.sleeps == [0.5]


def test_a_waiter_never_sleeps_longer_than_its_first_wait(store, key, clock, make_session, mocked):
    throttle = make(key, store, clock, capacity=10, refill_per_second=1)
    throttle.claim(10, max_wait=0)
    mocked.get(URL, json={"ok": True})
    make_session(throttle, wait_slice=1.0).get(URL, cost=3)
    assert clock.sleeps == [1.0, 1.0, 1.0]
    assert sum(clock.sleeps) == pytest.approx(3.0)
