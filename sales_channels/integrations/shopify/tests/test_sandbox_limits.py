"""Cost, throttling and injected faults of the Shopify sandbox, over HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
import requests

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.testing import ManualClock

MUG_INPUT = {
    "title": "Fault Mug",
    "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
    "variants": [{"optionValues": [{"optionName": "Title", "name": "Default Title"}], "inventoryItem": {"sku": "F-1"}}],
}


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def sandbox(clock):
    with ShopifySandbox(clock=clock) as running:
        yield running


@pytest.fixture
def post(sandbox):
    token = sandbox.issue_access_token()["access_token"]

    def run(document: str, timeout: float = 5.0, **variables) -> requests.Response:
        body = {"query": load_document(document), "variables": variables}
        headers = {"X-Shopify-Access-Token": token}
        return requests.post(sandbox.graphql_url, json=body, headers=headers, timeout=timeout)

    return run


def test_every_response_carries_cost_and_throttle_status(post):
    body = post("products_page").json()
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 697
    assert 0 < cost["actualQueryCost"] < cost["requestedQueryCost"]
    assert cost["throttleStatus"] == {
        "maximumAvailable": 2000.0,
        "currentlyAvailable": 2000.0 - cost["actualQueryCost"],
        "restoreRate": 100.0,
    }


def test_a_mutation_costs_ten_whatever_objects_its_payload_selects(post):
    # as Shopify answers `webPixelCreate { userErrors {...} webPixel {...} }` with requestedQueryCost 10
    cost = post("product_delete", input={"id": "gid://shopify/Product/1"}).json()["extensions"]["cost"]
    assert (cost["requestedQueryCost"], cost["actualQueryCost"]) == (10, 10)


def test_throttled_when_the_requested_cost_does_not_fit_then_recovers_at_the_restore_rate(sandbox, post, clock):
    sandbox.inject_fault("throttle")  # an empty bucket, as after a burst of calls
    throttled = post("products_page").json()
    assert throttled["errors"] == [
        {
            "message": "Throttled",
            "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"},
        }
    ]
    assert "data" not in throttled
    assert throttled["extensions"]["cost"]["requestedQueryCost"] == 697
    assert throttled["extensions"]["cost"]["actualQueryCost"] is None
    clock.advance(5.0)  # 500 points back at 100 points/s: not enough for 697 ...
    assert post("products_page").json()["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert "errors" not in post("shop_locales").json()  # ... but a 1-point query fits
    clock.advance(2.0)
    recovered = post("products_page").json()
    assert "errors" not in recovered
    assert recovered["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] < 700


def test_the_bucket_never_refills_past_its_size(sandbox, post, clock):
    clock.advance(3600)
    status = post("shop_locales").json()["extensions"]["cost"]["throttleStatus"]
    assert status["currentlyAvailable"] == 1999.0


def test_queries_over_1000_points_are_refused(post):
    body = post("products_page", first=50).json()
    [error] = body["errors"]
    assert error["extensions"] == {"code": "MAX_COST_EXCEEDED", "cost": 6952, "maxCost": 1000}
    assert error["message"].startswith("Query cost is 6952, which exceeds the single query max cost limit (1000).")
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 2000.0


def test_429_fault_has_retry_after_and_does_not_execute(sandbox, post):
    sandbox.inject_fault("429", retry_after=1.5)
    response = post("product_set", input=MUG_INPUT)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1.5"
    assert sandbox.product_count == 3
    assert post("product_set", input=MUG_INPUT).status_code == 200
    assert sandbox.product_count == 4


def test_500_fault_hits_the_next_n_requests(sandbox, post):
    sandbox.inject_fault("500", times=2)
    assert [post("shop_locales").status_code for _ in range(3)] == [500, 500, 200]


def test_500_fault_after_execution_loses_only_the_response(sandbox, post):
    sandbox.inject_fault("500", status=502, execute=True)
    assert post("product_set", input=MUG_INPUT).status_code == 502
    assert sandbox.product_count == 4


def test_malformed_json_fault_applies_the_mutation_but_breaks_the_body(sandbox, post):
    sandbox.inject_fault("malformed_json")
    response = post("product_set", input=MUG_INPUT)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert sandbox.product_count == 4


def test_timeout_fault_outlasts_the_client_read_timeout(sandbox, post):
    sandbox.inject_fault("timeout", seconds=1.0)
    with pytest.raises(requests.exceptions.ReadTimeout):
        post("product_set", input=MUG_INPUT, timeout=0.2)
    assert sandbox.product_count == 4  # applied: a blind retry would create a duplicate


def test_timeout_fault_without_execution_answers_504_late_and_writes_nothing(sandbox, post):
    sandbox.inject_fault("timeout", seconds=0.1, execute=False)
    assert post("product_set", input=MUG_INPUT).status_code == 504
    assert sandbox.product_count == 3


def test_faults_can_target_one_operation(sandbox, post):
    sandbox.inject_fault("500", operation="ProductSet")
    assert post("shop_locales").status_code == 200
    assert post("product_set", input=MUG_INPUT).status_code == 500
    assert sandbox.faults.pending() == []


def test_unknown_fault_kind_is_refused(sandbox):
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.inject_fault("gremlins")


def test_request_log_and_reset(sandbox, post):
    post("product_set", input=MUG_INPUT)
    sandbox.inject_fault("500")
    assert [(entry["operation"], entry["status"]) for entry in sandbox.request_log] == [("ProductSet", 200)]
    sandbox.reset()
    assert sandbox.counts() == {"products": 3, "variants": 6, "media": 2}
    assert list(sandbox.request_log) == []
    assert sandbox.faults.pending() == []
    assert post("shop_locales").status_code == 200  # tokens survive a reset


def test_bad_request_bodies_get_400(sandbox):
    token = sandbox.issue_access_token()["access_token"]
    headers = {"X-Shopify-Access-Token": token, "Content-Type": "application/json"}
    response = requests.post(sandbox.graphql_url, data=b"{not json", headers=headers, timeout=5)
    assert response.status_code == 400
    assert response.json() == {"errors": {"query": "Required parameter missing or invalid"}}
