"""Every request the integration sends validates against the store's published route index (../shared)."""

import json

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.tests.spec_check import RouteIndex, index_path
from sales_channels.integrations.woocommerce.tests.tests_e2e.test_e2e_store import tee_family
from sales_channels.models import ImportProcess, SalesChannelView
from sales_channels.tasks_imports import execute_import
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not index_path().exists(), reason="../shared/vendor-specs/woocommerce is not available"),
]


def test_connect_import_and_push_requests_validate_against_the_route_index(company, woo_channel, woo_sandbox):
    catalog.currency(company)
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    catalog.image(company, mug, url=woo_sandbox.image_url("mug.png"), main=True)
    tee = tee_family(company)
    since = last_task_id()
    flows.assign_products(view=SalesChannelView.objects.get(sales_channel=woo_channel), product_ids=[mug.pk, tee.pk])
    run_all(since=since)
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=woo_channel, kind="products")
    execute_import(import_process_id=process.pk)

    index = RouteIndex(index_path())
    checked = list(woo_sandbox.request_log)
    assert {entry["route"] for entry in checked} >= {"system_status", "products", "products/batch"}
    problems = []
    for entry in checked:
        body = json.loads(entry["body"]) if entry["body"] else None
        problems += index.problems(method=entry["method"], route=entry["route"], query=entry["query"], body=body)
    assert problems == []


def test_the_checker_catches_a_wrong_type_and_an_unknown_field():
    if not index_path().exists():
        pytest.skip("no index")
    index = RouteIndex(index_path())
    problems = index.problems(
        method="POST", route="products/batch", query={}, body={"create": [{"regular_price": 3, "colour": "red"}]}
    )
    assert problems == [
        "products/batch create: 'regular_price' should be string, got int",
        "products/batch create: 'colour' is not a declared argument",
    ]
