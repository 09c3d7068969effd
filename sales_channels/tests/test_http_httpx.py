"""httpx-based SDKs go through the same VendorSession policy (mocked with `responses` underneath)."""

import json

import httpx
import pytest
import responses

from sales_channels.exceptions import AuthExpired, RateLimited
from sales_channels.http import VendorSession
from sales_channels.http_httpx import VendorPolicyTransport, build_httpx_client
from sales_channels.models import RemoteCallLog
from sales_channels.tests.http_support import SECRET, FakeClock, make_sales_channel
from sales_channels.throttle import DatabaseThrottleStore, Throttle

SP_API = "https://sellingpartnerapi-eu.amazon.com"
LISTING = f"{SP_API}/listings/2021-08-01/items/A1SELLER/SKU-1"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def session(company, clock):
    channel = make_sales_channel(company)
    return VendorSession(
        company_id=company.pk, sales_channel_id=channel.pk, secrets=[SECRET], sleep=clock.sleep, clock=clock
    )


@pytest.fixture
def client(session):
    with build_httpx_client(session) as client:
        yield client


@pytest.fixture
def mocked():
    with responses.RequestsMock() as mock:
        yield mock


def test_a_get_returns_an_httpx_response_and_is_logged(client, mocked):
    mocked.get(LISTING, json={"sku": "SKU-1", "summaries": []}, headers={"x-amzn-RequestId": "req-9"})
    response = client.get(LISTING, params={"marketplaceIds": "A1PA6795UKMFR9"})
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert response.json() == {"sku": "SKU-1", "summaries": []}
    assert response.headers["x-amzn-RequestId"] == "req-9"
    assert response.request.url.params["marketplaceIds"] == "A1PA6795UKMFR9"
    row = RemoteCallLog.objects.get()
    assert (row.method, row.status_code, row.vendor_request_id) == ("GET", 200, "req-9")


def test_the_body_and_headers_reach_the_vendor_and_secrets_stay_out_of_the_log(client, mocked):
    mocked.put(LISTING, json={"status": "ACCEPTED", "submissionId": "s-1"})
    payload = {"productType": "SHIRT", "requirements": "LISTING", "attributes": {"item_name": [{"value": "T"}]}}
    client.put(LISTING, json=payload, headers={"x-amz-access-token": SECRET})
    sent = mocked.calls[0].request
    assert json.loads(sent.body) == payload
    assert sent.headers["x-amz-access-token"] == SECRET
    assert "host" not in {name.lower() for name in sent.headers}
    stored = json.dumps(list(RemoteCallLog.objects.values()), default=str)
    assert SECRET not in stored
    assert "SHIRT" in stored


def test_retries_happen_inside_the_policy(client, mocked):
    mocked.get(LISTING, status=500)
    mocked.get(LISTING, json={"sku": "SKU-1"})
    assert client.get(LISTING).json() == {"sku": "SKU-1"}
    assert list(RemoteCallLog.objects.order_by("attempt").values_list("status_code", flat=True)) == [500, 200]


def test_a_vendor_error_status_is_returned_for_the_sdk_to_interpret(client, mocked):
    errors = {"errors": [{"code": "InvalidInput", "message": "Invalid marketplace", "details": ""}]}
    mocked.get(LISTING, status=400, json=errors)
    response = client.get(LISTING)
    assert response.status_code == 400
    assert response.json() == errors


def test_policy_exceptions_propagate_through_httpx(client, mocked, clock):
    mocked.get(LISTING, status=429, headers={"Retry-After": "300"})
    with pytest.raises(RateLimited) as raised:
        client.get(LISTING)
    assert raised.value.retry_after == 300.0
    assert clock.sleeps == []
    mocked.get(f"{SP_API}/sellers/v1/marketplaceParticipations", status=401)
    with pytest.raises(AuthExpired):
        client.get(f"{SP_API}/sellers/v1/marketplaceParticipations")


def test_timeouts_come_from_the_session_unless_the_sdk_sets_them(session, mocked):
    mocked.get(LISTING, json={})
    with build_httpx_client(session) as client:
        client.get(LISTING)
    with httpx.Client(transport=VendorPolicyTransport(session), timeout=httpx.Timeout(3.0, read=7.0)) as client:
        client.get(LISTING)
    assert [call.request.req_kwargs["timeout"] for call in mocked.calls] == [(5.0, 30.0), (3.0, 7.0)]


def test_per_operation_throttle_applies_to_sdk_calls(session, client, mocked, clock):
    # putListingsItem: 5 requests/s, burst 10 (SP-API usage plan)
    store = DatabaseThrottleStore()
    put_listing = Throttle("amazon:1:putListingsItem", capacity=10, refill_per_second=5, store=store, clock=clock)
    mocked.put(LISTING, json={"status": "ACCEPTED"})
    with session.call_options(throttle=put_listing, cost=10):
        client.put(LISTING, json={})
        client.put(LISTING, json={})  # the burst is spent: 10 tokens at 5/s is a 2 s inline wait
    client.put(LISTING, json={})  # outside the block: default options, and the session has no throttle
    assert sum(clock.sleeps) == pytest.approx(2.0)
    assert put_listing.state().refilled(clock()).tokens == pytest.approx(0.0)
