"""Bulk mutations in the sandbox (ready for the bulk push): staged upload, productSet per JSONL line, limits."""

from __future__ import annotations

import json

import pytest
import requests

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.bulk_mutations import MAX_RUNNING
from sales_channels.integrations.shopify.sandbox.testing import ManualClock

STAGE = """mutation Stage($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { message }
  }
}"""
RUN = """mutation Run($mutation: String!, $path: String!) {
  bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) {
    bulkOperation { id status type } userErrors { code field message }
  }
}"""
POLL = "query Poll($id: ID!) { bulkOperation(id: $id) { id status type objectCount rootObjectCount url } }"
PRODUCT_SET = load_document("product_set")


def _line(sku: str) -> dict:
    return {
        "input": {
            "title": f"Bulk {sku}",
            "handle": sku.lower(),
            "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
            "variants": [
                {"optionValues": [{"optionName": "Title", "name": "Default Title"}], "inventoryItem": {"sku": sku}}
            ],
        },
        "identifier": {"handle": sku.lower()},
    }


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def sandbox(clock):
    with ShopifySandbox(clock=clock) as running:
        yield running


@pytest.fixture
def call(sandbox):
    token = sandbox.issue_access_token()["access_token"]

    def run(query: str, **variables):
        body = {"query": query, "variables": variables}
        answer = requests.post(sandbox.graphql_url, json=body, headers={"X-Shopify-Access-Token": token}, timeout=10)
        return answer.json()

    return run


def _stage(call, lines: list[dict], *, multipart: bool = True) -> str:
    targets = call(
        STAGE,
        input=[
            {
                "resource": "BULK_MUTATION_VARIABLES",
                "filename": "vars.jsonl",
                "mimeType": "text/jsonl",
                "httpMethod": "POST" if multipart else "PUT",
            }
        ],
    )["data"]["stagedUploadsCreate"]["stagedTargets"]
    [target] = targets
    fields = {p["name"]: p["value"] for p in target["parameters"]}
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    if multipart:
        uploaded = requests.post(target["url"], data=fields, files={"file": ("vars.jsonl", body)}, timeout=10)
    else:
        uploaded = requests.put(target["url"], data=body, timeout=10)
    assert uploaded.status_code == 201
    return fields["key"]


def test_product_set_runs_once_per_line_and_the_result_names_each_line(sandbox, call, clock):
    before = sandbox.product_count
    path = _stage(call, [_line("BULK-1"), _line("BULK-2"), {"input": {"title": ""}}])

    started = call(RUN, mutation=PRODUCT_SET, path=path)["data"]["bulkOperationRunMutation"]
    assert started["userErrors"] == []
    assert (started["bulkOperation"]["status"], started["bulkOperation"]["type"]) == ("RUNNING", "MUTATION")
    assert call(POLL, id=started["bulkOperation"]["id"])["data"]["bulkOperation"]["url"] is None

    clock.advance(1.0)
    done = call(POLL, id=started["bulkOperation"]["id"])["data"]["bulkOperation"]
    assert (done["status"], done["objectCount"]) == ("COMPLETED", "3")
    lines = [json.loads(line) for line in requests.get(done["url"], timeout=10).text.splitlines()]
    assert [line["__lineNumber"] for line in lines] == [0, 1, 2]
    assert lines[0]["data"]["productSet"]["userErrors"] == []
    assert lines[2]["data"]["productSet"]["userErrors"][0]["field"] == ["input", "title"]  # that line's failure
    assert sandbox.product_count == before + 2


def test_a_put_upload_works_too_and_unknown_paths_or_bad_lines_are_refused(sandbox, call, clock):
    path = _stage(call, [_line("BULK-9")], multipart=False)
    assert call(RUN, mutation=PRODUCT_SET, path=path)["data"]["bulkOperationRunMutation"]["userErrors"] == []
    clock.advance(1.0)  # the first operation completes: one bulk mutation runs at a time
    missing = call(RUN, mutation=PRODUCT_SET, path="tmp/0/none.jsonl")["data"]["bulkOperationRunMutation"]
    assert [error["code"] for error in missing["userErrors"]] == ["NO_SUCH_FILE"]
    bad = _stage(call, [])
    stage_url = sandbox.base_url + "/staged-uploads/" + bad
    requests.put(stage_url, data=b"not json\n", timeout=10)
    refused = call(RUN, mutation=PRODUCT_SET, path=bad)["data"]["bulkOperationRunMutation"]
    assert [error["code"] for error in refused["userErrors"]] == ["INVALID_STAGED_UPLOAD_FILE"]
    query = call(RUN, mutation="query Q { shop { name } }", path=path)["data"]["bulkOperationRunMutation"]
    assert [error["code"] for error in query["userErrors"]] == ["INVALID_MUTATION"]


def test_one_bulk_mutation_runs_at_a_time_per_shop(sandbox, call, clock):
    path = _stage(call, [_line(f"LIM-{n}") for n in range(3)])
    for _ in range(MAX_RUNNING):
        assert call(RUN, mutation=PRODUCT_SET, path=path)["data"]["bulkOperationRunMutation"]["userErrors"] == []
    second = call(RUN, mutation=PRODUCT_SET, path=path)["data"]["bulkOperationRunMutation"]
    assert [error["code"] for error in second["userErrors"]] == ["OPERATION_IN_PROGRESS"]
    clock.advance(1.0)
    assert call(RUN, mutation=PRODUCT_SET, path=path)["data"]["bulkOperationRunMutation"]["userErrors"] == []
