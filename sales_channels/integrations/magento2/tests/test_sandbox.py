"""The sandbox over real HTTP: OAuth 1.0a and the Bearer switch, searchCriteria, strict writes, scopes, EAV."""

import requests

from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.integrations.magento2.sandbox.auth import BAD_SIGNATURE, UNKNOWN_CONSUMER, UNKNOWN_TOKEN
from sales_channels.integrations.magento2.tests.sandbox_calls import SignedCalls


def test_signed_calls_pass_and_each_wrong_credential_is_named():
    with Magento2Sandbox() as sandbox:
        assert SignedCalls(sandbox).call("GET", "/rest/all/V1/store/storeViews").status_code == 200
        wrong_key = SignedCalls(sandbox, consumer_key="nope").call("GET", "/rest/all/V1/store/storeViews")
        wrong_token = SignedCalls(sandbox, access_token="nope").call("GET", "/rest/all/V1/store/storeViews")
        wrong_secret = SignedCalls(sandbox, consumer_secret="nope").call("GET", "/rest/all/V1/store/storeViews")
        wrong_token_secret = SignedCalls(sandbox, access_token_secret="x").call("GET", "/rest/all/V1/store/storeViews")
    assert (wrong_key.status_code, wrong_key.json()) == (401, {"message": UNKNOWN_CONSUMER})
    assert (wrong_token.status_code, wrong_token.json()) == (401, {"message": UNKNOWN_TOKEN})
    assert wrong_secret.json() == wrong_token_secret.json() == {"message": BAD_SIGNATURE}


def test_bearer_is_refused_unless_the_store_allows_it():
    with Magento2Sandbox() as sandbox:
        headers = {"Authorization": f"Bearer {sandbox.credentials()['access_token']}"}
        refused = requests.get(f"{sandbox.base_url}/rest/all/V1/store/storeViews", headers=headers, timeout=5)
        sandbox.auth.bearer_allowed = True
        allowed = requests.get(f"{sandbox.base_url}/rest/all/V1/store/storeViews", headers=headers, timeout=5)
    assert refused.status_code == 401
    assert refused.json()["parameters"] == {"resources": "Magento_Catalog::products"}
    assert allowed.status_code == 200


def test_a_replayed_nonce_is_refused():
    with Magento2Sandbox() as sandbox:
        calls = SignedCalls(sandbox)
        first = calls.call("GET", "/rest/all/V1/store/websites")
        prepared = first.request.copy()
        replay = requests.Session().send(prepared, timeout=5)
    assert first.status_code == 200
    assert replay.status_code == 401


def test_pages_stop_on_total_count_and_a_page_past_the_end_repeats_the_last():
    with Magento2Sandbox() as sandbox:
        calls = SignedCalls(sandbox)
        params = {"searchCriteria[pageSize]": 2, "searchCriteria[currentPage]": 3}
        last = calls.json("GET", "/rest/all/V1/products", params=params)
        past = calls.json("GET", "/rest/all/V1/products", params={**params, "searchCriteria[currentPage]": 9})
        too_big = calls.call("GET", "/rest/all/V1/products", params={"searchCriteria[pageSize]": 301})
    assert last["total_count"] == 5
    assert [p["sku"] for p in last["items"]] == [p["sku"] for p in past["items"]] == ["TEE"]
    assert too_big.status_code == 400


def test_filters_in_a_group_are_or_and_groups_are_and():
    with Magento2Sandbox() as sandbox:
        group = "searchCriteria[filterGroups][0][filters]"
        params = {
            f"{group}[0][field]": "sku",
            f"{group}[0][value]": "MUG-001",
            f"{group}[1][field]": "sku",
            f"{group}[1][value]": "CAP%",
            f"{group}[1][conditionType]": "like",
            "searchCriteria[filterGroups][1][filters][0][field]": "type_id",
            "searchCriteria[filterGroups][1][filters][0][value]": "simple",
        }
        found = SignedCalls(sandbox).json("GET", "/rest/all/V1/products", params=params)
    assert sorted(p["sku"] for p in found["items"]) == ["CAP-001", "MUG-001"]


def test_unknown_fields_and_missing_names_are_refused_like_magento():
    with Magento2Sandbox() as sandbox:
        calls = SignedCalls(sandbox)
        unknown = calls.call(
            "POST", "/rest/all/V1/products", body={"product": {"sku": "X", "name": "X", "price": 1, "colour": "red"}}
        )
        nameless = calls.call("POST", "/rest/all/V1/products", body={"product": {"sku": "X", "price": 1}})
        bad_option = calls.call(
            "POST",
            "/rest/all/V1/products",
            body={
                "product": {
                    "sku": "X",
                    "name": "X",
                    "price": 1,
                    "custom_attributes": [{"attribute_code": "color", "value": "999"}],
                }
            },
        )
    assert unknown.status_code == 400
    assert unknown.json()["parameters"]["fieldName"] == "colour"
    assert nameless.json() == {
        "message": 'The "%1" attribute value is empty. Set the attribute and try again.',
        "parameters": ["name"],
    }
    assert bad_option.json() == {"message": 'The value of attribute "%1" is invalid.', "parameters": ["color"]}


def test_a_store_view_write_keeps_an_override_and_all_writes_global_values():
    with Magento2Sandbox() as sandbox:
        calls = SignedCalls(sandbox)
        calls.json("PUT", "/rest/default/V1/products/CAP-001", body={"product": {"name": "Kappe"}})
        calls.json("PUT", "/rest/all/V1/products/CAP-001", body={"product": {"name": "Baseball cap"}})
        global_name = calls.json("GET", "/rest/all/V1/products/CAP-001")["name"]
        default_name = calls.json("GET", "/rest/default/V1/products/CAP-001")["name"]
    assert global_name == "Baseball cap"
    assert default_name == "Kappe"  # the override written through `default` stays: REST cannot undo it


def test_option_create_answer_is_unreliable_and_the_id_is_read_back_by_label():
    with Magento2Sandbox(option_answer="true") as sandbox:
        calls = SignedCalls(sandbox)
        answer = calls.json(
            "POST", "/rest/all/V1/products/attributes/color/options", body={"option": {"label": "Green", "value": "77"}}
        )
        options = calls.json("GET", "/rest/all/V1/products/attributes/color/options")
    assert answer == "true"
    green = next(option for option in options if option["label"] == "Green")
    assert green["value"] != "77"


def test_async_bulk_accepts_then_the_consumer_finishes_each_operation_later():
    clock = [100.0]
    with Magento2Sandbox(clock=lambda: clock[0], consumer_delay=5) as sandbox:
        calls = SignedCalls(sandbox)
        body = [
            {"product": {"sku": "NEW-1", "name": "New", "price": 3.0, "attribute_set_id": 4}},
            {"product": {"sku": "NEW-2", "price": 3.0}},
            {"nothing": True},
        ]
        accepted = calls.json("POST", "/rest/all/async/bulk/V1/products", body=body)
        path = f"/rest/all/V1/bulk/{accepted['bulk_uuid']}/detailed-status"
        before = [op["status"] for op in calls.json("GET", path)["operations_list"]]
        clock[0] += 6
        after = calls.json("GET", path)["operations_list"]
    assert [item["status"] for item in accepted["request_items"]] == ["accepted", "accepted", "rejected"]
    assert accepted["errors"] is True
    assert before == [4, 4, 5]
    assert [op["status"] for op in after] == [1, 3, 5]
    assert after[1]["result_message"] == 'The "name" attribute value is empty. Set the attribute and try again.'


def test_the_host_limiter_answers_429_with_retry_after():
    with Magento2Sandbox() as sandbox:
        sandbox.limit(requests_per_second=1)
        calls = SignedCalls(sandbox)
        statuses = [calls.call("GET", "/rest/all/V1/store/websites") for _ in range(3)]
    assert statuses[0].status_code == 200
    assert statuses[-1].status_code == 429
    assert int(statuses[-1].headers["Retry-After"]) >= 1


def test_injected_faults_and_the_test_mode_control_routes():
    with Magento2Sandbox(test_mode=True) as sandbox:
        sandbox.inject_fault("500")
        calls = SignedCalls(sandbox)
        failed = calls.call("GET", "/rest/all/V1/store/websites")
        state = requests.get(f"{sandbox.base_url}/__sandbox__/state", timeout=5).json()
    with Magento2Sandbox() as closed:
        hidden = requests.get(f"{closed.base_url}/__sandbox__/state", timeout=5)
    assert failed.status_code == 500
    assert "Report ID" in failed.json()["message"]
    assert state["products"] == 5
    assert {"id": "TEE", "skus": ["TEE", "TEE-BLUE-M", "TEE-RED-S"]} in state["listings"]
    assert hidden.status_code == 404
