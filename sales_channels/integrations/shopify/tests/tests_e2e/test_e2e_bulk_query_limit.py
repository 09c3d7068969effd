"""2026-01: a shop runs up to five bulk queries at once; the sixth is refused with LIMIT_REACHED."""

import pytest
import requests

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.imports.bulk import BULK_PRODUCTS_QUERY

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_bulk_queries_run_at_once_and_a_sixth_is_refused_with_limit_reached(shopify_sandbox):
    shopify_sandbox.set_bulk_delay(60.0)  # every query stays RUNNING for the test
    token = shopify_sandbox.issue_access_token()["access_token"]

    def start() -> dict:
        answer = requests.post(
            shopify_sandbox.graphql_url,
            json={"query": load_document("bulk_operation_run_query"), "variables": {"query": BULK_PRODUCTS_QUERY}},
            headers={"X-Shopify-Access-Token": token},
            timeout=10,
        ).json()
        assert "errors" not in answer, answer
        return answer["data"]["bulkOperationRunQuery"]

    started = [start() for _ in range(5)]
    refused = start()

    assert all(answer["userErrors"] == [] and answer["bulkOperation"]["id"] for answer in started)
    assert len({answer["bulkOperation"]["id"] for answer in started}) == 5
    assert refused["bulkOperation"] is None
    assert [error["code"] for error in refused["userErrors"]] == ["LIMIT_REACHED"]
