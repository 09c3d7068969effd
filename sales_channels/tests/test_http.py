"""The vendor HTTP session: retries, timeouts, 429, auth, throttle, call log and redaction."""

import json
import logging
import uuid
from email.utils import formatdate

import pytest
import requests
import responses
from django.db import DatabaseError

from sales_channels.exceptions import (
    AnswerLost,
    AuthExpired,
    InvalidVendorPayload,
    MappingMissing,
    RateLimited,
    RemoteObjectMissing,
    TransientVendorError,
    UnreadableAnswer,
    VendorValidationError,
)
from sales_channels.http import VendorSession, parse_retry_after, raise_for_vendor_status
from sales_channels.models import RemoteCallLog
from sales_channels.tasks import classify
from sales_channels.tests.http_support import BASE, SECRET, FakeClock, make_sales_channel
from sales_channels.throttle import DatabaseThrottleStore, Throttle
from sales_channels.vendor_answers import UnreadableReadAnswer, UnreadableWriteAnswer

URL = f"{BASE}/admin/api/products.json"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def sales_channel(company):
    return make_sales_channel(company)


@pytest.fixture
def make_session(sales_channel, clock):
    def make(**kwargs) -> VendorSession:
        options = {
            "company_id": sales_channel.multi_tenant_company_id,
            "sales_channel_id": sales_channel.pk,
            "secrets": [SECRET],
            "sleep": clock.sleep,
            "clock": clock,
        }
        return VendorSession(**{**options, **kwargs})

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def mocked():
    with responses.RequestsMock() as mock:
        yield mock


def statuses():
    return list(RemoteCallLog.objects.order_by("attempt").values_list("attempt", "status_code"))


# -- retries --------------------------------------------------------------------------------------


def test_get_is_retried_on_500_then_succeeds(session, mocked, clock):
    mocked.get(URL, status=500)
    mocked.get(URL, status=502)
    mocked.get(URL, json={"products": []})
    response = session.get(URL)
    assert response.json() == {"products": []}
    assert statuses() == [(1, 500), (2, 502), (3, 200)]
    assert len(clock.sleeps) == 2
    assert 0 <= clock.sleeps[0] <= 0.5
    assert 0 <= clock.sleeps[1] <= 1.0  # full jitter under an exponential ceiling


def test_exhausted_500s_raise_transient_error(session, mocked):
    mocked.get(URL, status=503)
    with pytest.raises(TransientVendorError) as raised:
        session.get(URL)
    assert raised.value.status_code == 503
    assert raised.value.retryable
    assert len(mocked.calls) == 4  # the first try and max_retries=3
    assert "4 attempt(s)" in raised.value.message


def test_post_is_not_retried_on_500(session, mocked):
    mocked.post(URL, status=500)
    with pytest.raises(TransientVendorError):
        session.post(URL, json={"title": "x"})
    assert len(mocked.calls) == 1


def test_post_marked_idempotent_is_retried_on_500(session, mocked):
    mocked.post(URL, status=500)
    mocked.post(URL, json={"ok": True})
    assert session.post(URL, json={"title": "x"}, idempotent=True).json() == {"ok": True}
    assert len(mocked.calls) == 2


def test_read_timeout_is_retried_then_exhausted(session, mocked):
    mocked.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(TransientVendorError) as raised:
        session.get(URL)
    assert "ReadTimeout" in raised.value.message
    assert len(mocked.calls) == 4
    assert statuses() == [(1, None), (2, None), (3, None), (4, None)]
    assert set(RemoteCallLog.objects.values_list("error", flat=True)) == {"ReadTimeout: read timed out"}


def test_connection_error_then_success(session, mocked):
    mocked.get(URL, body=requests.exceptions.ConnectionError("refused"))
    mocked.get(URL, json={"ok": True})
    assert session.get(URL).status_code == 200
    assert statuses() == [(1, None), (2, 200)]


def test_post_read_timeout_is_not_retried(session, mocked):
    mocked.post(URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(TransientVendorError):
        session.post(URL, json={})
    assert len(mocked.calls) == 1


def test_post_connect_timeout_is_retried_because_nothing_was_sent(session, mocked):
    mocked.post(URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    mocked.post(URL, json={"id": 1}, status=201)
    assert session.post(URL, json={}).status_code == 201


def test_default_timeouts_are_applied(make_session, mocked):
    mocked.get(URL, json={})
    make_session(connect_timeout=2.0, read_timeout=9.0).get(URL)
    assert mocked.calls[0].request.req_kwargs["timeout"] == (2.0, 9.0)


# -- 429, 401, 404 --------------------------------------------------------------------------------


def test_429_with_short_retry_after_is_retried_inline(session, mocked, clock):
    mocked.post(URL, status=429, headers={"Retry-After": "1"})
    mocked.post(URL, json={"id": 1})
    assert session.post(URL, json={}).json() == {"id": 1}  # not processed, so safe for POST
    assert clock.sleeps == [1.0]


def test_429_with_long_retry_after_raises_without_sleeping(session, mocked, clock):
    mocked.get(URL, status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as raised:
        session.get(URL)
    assert raised.value.retry_after == 120.0
    assert raised.value.status_code == 429  # the vendor answered (not our own throttle)
    assert not raised.value.consumes_attempt
    assert clock.sleeps == []
    assert len(mocked.calls) == 1


def test_429_penalizes_the_shared_throttle(make_session, mocked, clock):
    throttle = Throttle("shop:1", capacity=40, refill_per_second=2, store=DatabaseThrottleStore(), clock=clock)
    mocked.get(URL, status=429, headers={"Retry-After": formatdate(clock.now + 30, usegmt=True)})
    with pytest.raises(RateLimited):
        make_session(throttle=throttle).get(URL)
    neighbour = Throttle("shop:1", capacity=40, refill_per_second=2, store=DatabaseThrottleStore(), clock=clock)
    assert neighbour.reserve() == pytest.approx(30.0)


def test_503_with_retry_after_is_a_throttle_signal(session, mocked, clock):
    mocked.post(URL, status=503, headers={"Retry-After": "2"})
    mocked.post(URL, json={"id": 1})
    assert session.post(URL, json={}).status_code == 200
    assert clock.sleeps == [2.0]


def test_401_raises_auth_expired(session, mocked):
    mocked.get(URL, status=401, json={"errors": "[API] Invalid API key or access token"})
    with pytest.raises(AuthExpired):
        session.get(URL)
    assert len(mocked.calls) == 1


def test_404_is_returned_for_the_caller_to_decide(session, mocked):
    mocked.get(URL, status=404, json={"errors": "Not Found"})
    response = session.get(URL)
    assert response.status_code == 404
    with pytest.raises(RemoteObjectMissing) as raised:
        session.raise_for_vendor_status(response, remote_id="gid://shopify/Product/1")
    assert raised.value.remote_id == "gid://shopify/Product/1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0.5", 0.5), ("-1", 0.0), ("soon", None), (None, None)],
)
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date(clock):
    assert parse_retry_after(formatdate(clock.now + 45, usegmt=True), clock=clock) == pytest.approx(45.0)


# -- throttle -------------------------------------------------------------------------------------


def test_short_throttle_wait_is_slept(make_session, mocked, clock):
    throttle = Throttle("shop:2", capacity=1, refill_per_second=1, store=DatabaseThrottleStore(), clock=clock)
    mocked.get(URL, json={})
    session = make_session(throttle=throttle)
    session.get(URL)
    session.get(URL)
    assert sum(clock.sleeps) == pytest.approx(1.0)


def test_long_throttle_wait_raises_before_any_call(make_session, mocked, clock):
    throttle = Throttle("shop:3", capacity=1, refill_per_second=0.1, store=DatabaseThrottleStore(), clock=clock)
    mocked.get(URL, json={})
    session = make_session(throttle=throttle)
    session.get(URL)
    with pytest.raises(RateLimited) as raised:
        session.get(URL)
    assert raised.value.retry_after == pytest.approx(10.0)
    assert raised.value.status_code is None  # our own throttle held it back: the vendor was not asked
    assert clock.sleeps == []
    assert len(mocked.calls) == 1


def test_cost_and_operation_throttle_apply_to_sdk_calls(make_session, mocked, clock):
    default = Throttle("shop:4", capacity=100, refill_per_second=10, store=DatabaseThrottleStore(), clock=clock)
    operation = Throttle("shop:4:op", capacity=5, refill_per_second=1, store=DatabaseThrottleStore(), clock=clock)
    mocked.get(URL, json={})
    session = make_session(throttle=default)
    with session.call_options(cost=5, throttle=operation):
        session.requests_session.get(URL)  # what an SDK handed `.requests_session` does
    assert operation.state().tokens == 0
    assert default.state() is None


# -- SDK calls share the policy -------------------------------------------------------------------


def test_calls_on_the_underlying_requests_session_get_the_same_policy(session, mocked):
    mocked.get(URL, status=500)
    mocked.get(URL, json={"ok": True})
    assert session.requests_session.get(URL).json() == {"ok": True}
    assert statuses() == [(1, 500), (2, 200)]


# -- request ids, call log, redaction -------------------------------------------------------------


def test_every_attempt_carries_a_request_id_and_the_vendor_id_is_stored(session, mocked):
    mocked.get(URL, status=500)
    mocked.get(URL, json={}, headers={"x-amzn-RequestId": "amzn-req-1"})
    session.get(URL)
    sent = {call.request.headers["X-Request-ID"] for call in mocked.calls}
    assert len(sent) == 1
    uuid.UUID(sent.pop())
    rows = list(RemoteCallLog.objects.order_by("attempt"))
    assert [row.vendor_request_id for row in rows] == ["", "amzn-req-1"]
    assert rows[0].request_id == rows[1].request_id == mocked.calls[0].request.headers["X-Request-ID"]


def test_call_log_rows_are_complete(session, mocked, sales_channel):
    mocked.put(f"{BASE}/rest/all/V1/products/A-1", json={"sku": "A-1"})
    session.put(f"{BASE}/rest/all/V1/products/A-1", json={"product": {"sku": "A-1"}})
    row = RemoteCallLog.objects.get()
    assert (row.sales_channel, row.multi_tenant_company_id) == (sales_channel, sales_channel.multi_tenant_company_id)
    assert (row.method, row.url, row.status_code, row.attempt) == ("PUT", f"{BASE}/rest/all/V1/products/A-1", 200, 1)
    assert '{"product": {"sku": "A-1"}}' in row.request_excerpt
    assert '{"sku": "A-1"}' in row.response_excerpt
    assert row.duration_ms >= 0


def test_log_calls_false_stores_nothing(make_session, mocked):
    mocked.get(URL, json={})
    make_session(log_calls=False, sync_task_id=7).get(URL)
    assert not RemoteCallLog.objects.exists()


def test_no_secret_reaches_the_call_log_or_the_logger(make_session, mocked, caplog):
    mocked.post(URL, status=500, body=f"upstream echoed {SECRET}")
    mocked.post(
        URL,
        json={"access_token": "freshly-minted-token-value", "echo": SECRET},
        headers={"Set-Cookie": f"session={SECRET}"},
    )
    session = make_session(sync_task_id=42)
    with caplog.at_level(logging.INFO, logger="sales_channels.http"):
        session.post(
            f"{URL}?access_token={SECRET}&client_secret=other-secret-value&page=1",
            headers={"X-Shopify-Access-Token": SECRET, "Authorization": f"Bearer {SECRET}"},
            data=json.dumps({"client_secret": "other-secret-value", "note": SECRET}),
            idempotent=True,
        )
    rows = list(RemoteCallLog.objects.values())
    assert len(rows) == 2
    assert {row["sync_task_id"] for row in rows} == {42}
    stored = json.dumps(rows, default=str) + caplog.text
    for leaked in (SECRET, "other-secret-value", "freshly-minted-token-value"):
        assert leaked not in stored
    assert "page=1" in rows[0]["url"]
    assert len(caplog.records) == 2


def test_a_failing_log_write_does_not_break_the_call(session, mocked, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(RemoteCallLog.objects, "create", broken)
    mocked.get(URL, json={"ok": True})
    assert session.get(URL).json() == {"ok": True}


# -- response helpers -----------------------------------------------------------------------------


def test_malformed_json_of_a_read_is_retryable_with_a_redacted_excerpt(session, mocked):
    mocked.get(URL, body=f'{{"products": [ truncated {SECRET}', content_type="application/json")
    with pytest.raises(UnreadableAnswer) as raised:
        session.parse_json(session.get(URL))
    assert raised.value.retryable  # sent again in the session first (see test_http_answers.py)


def test_a_malformed_write_answer_raises_unreadable_write_answer_with_a_redacted_excerpt(session, mocked):
    mocked.post(URL, body=f'{{"products": [ truncated {SECRET}', content_type="application/json")
    with pytest.raises(UnreadableWriteAnswer) as raised:
        session.parse_json(session.post(URL, json={}))
    assert len(mocked.calls) == 1  # a write is never sent again blindly
    assert raised.value.outcome_unknown
    assert isinstance(raised.value, AnswerLost)  # a create step looks the object up before deciding
    assert "truncated" in raised.value.raw_excerpt
    assert SECRET not in raised.value.raw_excerpt


def test_a_cut_off_read_is_sent_again(session, mocked):
    mocked.get(URL, body='{"products": [', content_type="application/json")
    mocked.get(URL, json={"products": []})
    assert session.parse_json(session.get(URL)) == {"products": []}
    assert len(mocked.calls) == 2


def test_json_lines_are_not_mistaken_for_a_cut_off_json_answer(session, mocked):
    mocked.get(URL, body='{"id": 1}\n{"id": 2}\n', content_type="application/jsonl")
    assert session.get(URL).text.count("\n") == 2
    assert len(mocked.calls) == 1


def test_a_read_cut_off_every_time_is_transient(session, mocked):
    mocked.get(URL, body='{"products": [', content_type="application/json")
    with pytest.raises(UnreadableReadAnswer) as raised:
        session.get(URL)
    assert len(mocked.calls) == session.max_retries + 1
    assert isinstance(raised.value, TransientVendorError)
    assert raised.value.retryable
    assert classify(raised.value).kind == "transient"


def test_scalar_json_is_an_invalid_payload(session, mocked):
    mocked.get(URL, json="ok")
    with pytest.raises(InvalidVendorPayload):
        session.parse_json(session.get(URL))


@pytest.mark.parametrize(
    ("status", "body", "messages"),
    [
        (
            400,
            {"message": 'The "%1" attribute value is empty.', "parameters": ["sku"]},  # Magento
            ['The "sku" attribute value is empty.'],
        ),
        (422, {"errors": {"title": ["can't be blank"]}}, ["title: can't be blank"]),  # Shopify REST
        (400, {"code": "woocommerce_rest_product_invalid_id", "message": "Invalid ID.", "data": {"status": 400}}, None),
        (
            400,
            {"errors": [{"code": "InvalidInput", "message": "Request has missing or invalid parameters."}]},  # Amazon
            ["InvalidInput: Request has missing or invalid parameters."],
        ),
        (
            400,
            {
                "errors": [
                    {"errorId": 25002, "domain": "API_INVENTORY", "message": "A user error", "longMessage": "Long"}
                ]
            },
            ["25002: Long"],  # eBay
        ),
        (400, {"error": "invalid_grant", "error_description": "Code expired"}, ["Code expired"]),  # OAuth
    ],
)
def test_validation_errors_keep_the_vendor_messages(session, mocked, status, body, messages):
    mocked.post(URL, status=status, json=body)
    with pytest.raises(VendorValidationError) as raised:
        raise_for_vendor_status(session.post(URL, json={}))
    expected = messages or ["woocommerce_rest_product_invalid_id: Invalid ID."]
    assert raised.value.messages == expected
    assert not raised.value.retryable


def test_plain_text_errors_are_never_quoted(session, mocked):
    mocked.post(URL, status=413, body="Too large: internal banner")
    with pytest.raises(VendorValidationError) as raised:
        raise_for_vendor_status(session.post(URL, json={}))
    assert raised.value.messages == [f"HTTP 413 (Request Entity Too Large) from POST {URL}."]
    assert raised.value.status_code == 413


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, TransientVendorError), (401, AuthExpired), (429, RateLimited), (404, RemoteObjectMissing)],
)
def test_status_mapping_of_responses_built_elsewhere(status, error):
    response = requests.Response()
    response.status_code = status
    response.url = URL
    with pytest.raises(error):
        raise_for_vendor_status(response)


def test_success_statuses_do_not_raise():
    response = requests.Response()
    response.status_code = 204
    assert raise_for_vendor_status(response) is None


def test_validation_messages_are_redacted(session, mocked):
    mocked.post(URL, status=400, json={"message": f"token {SECRET} is not valid here"})
    with pytest.raises(VendorValidationError) as raised:
        session.raise_for_vendor_status(session.post(URL, json={}))
    assert SECRET not in raised.value.message


def test_mapping_missing_lists_every_missing_mapping():
    error = MappingMissing(["property color", "select value color=red", "currency EUR"])
    assert error.message == "Missing mappings: property color, select value color=red, currency EUR"
    assert not error.retryable
