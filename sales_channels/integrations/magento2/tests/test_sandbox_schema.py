"""The sandbox's answers validate against Magento's published admin REST schema (skipped when ../shared is absent)."""

import pytest

from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.integrations.magento2.tests import swagger
from sales_channels.integrations.magento2.tests.sandbox_calls import SignedCalls

READS = [
    "/rest/all/V1/store/websites",
    "/rest/all/V1/store/storeGroups",
    "/rest/all/V1/store/storeViews",
    "/rest/all/V1/store/storeConfigs",
    "/rest/all/V1/directory/currency",
    "/rest/all/V1/eav/attribute-sets/list?searchCriteria[pageSize]=10",
    "/rest/all/V1/products/attributes?searchCriteria[pageSize]=50",
    "/rest/all/V1/products/attributes/color",
    "/rest/all/V1/products/attributes/color/options",
    "/rest/all/V1/products?searchCriteria[pageSize]=50",
    "/rest/de/V1/products/MUG-001",
    "/rest/all/V1/configurable-products/TEE/children",
    "/rest/all/V1/configurable-products/TEE/options/all",
    "/rest/all/V1/inventory/source-items?searchCriteria[pageSize]=50",
    "/rest/all/V1/inventory/sources?searchCriteria[pageSize]=5",
    "/rest/all/V1/orders?searchCriteria[pageSize]=5",
    "/rest/all/V1/bulk?searchCriteria[pageSize]=5",
]


@pytest.fixture(scope="module")
def spec():
    return swagger.require_spec()


@pytest.mark.parametrize("path", READS)
def test_read_answers_match_the_published_schema(spec, path):
    with Magento2Sandbox() as sandbox:
        answer = SignedCalls(sandbox).json("GET", path)
    assert swagger.answer_errors(method="GET", path=path.split("?")[0], answer=answer) == []


def test_bulk_status_and_write_answers_match_the_published_schema(spec):
    with Magento2Sandbox(consumer_delay=0) as sandbox:
        calls = SignedCalls(sandbox)
        product = {"product": {"sku": "S-1", "name": "S", "price": 2.5, "attribute_set_id": 4, "type_id": "simple"}}
        written = calls.json("POST", "/rest/all/V1/products", body=product)
        prices = calls.json(
            "POST", "/rest/all/V1/products/base-prices", body={"prices": [{"sku": "NOPE", "price": 1.0, "store_id": 0}]}
        )
        accepted = calls.json("POST", "/rest/all/async/bulk/V1/products", body=[product])
        status_path = f"/rest/all/V1/bulk/{accepted['bulk_uuid']}/detailed-status"
        status = calls.json("GET", status_path)
        short = calls.json("GET", f"/rest/all/V1/bulk/{accepted['bulk_uuid']}/status")
    assert swagger.answer_errors(method="POST", path="/rest/all/V1/products", answer=written) == []
    assert swagger.answer_errors(method="POST", path="/rest/all/V1/products/base-prices", answer=prices) == []
    assert prices[0]["parameters"] == ["NOPE"]
    assert swagger.answer_errors(method="GET", path=status_path, answer=status) == []
    assert swagger.answer_errors(method="GET", path="/rest/all/V1/bulk/x/status", answer=short) == []
