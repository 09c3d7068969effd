"""The products bulk job with the transport mocked: open, per-operation failures (2, 3, 5), the second stage."""

import json

import pytest
import responses

from sales_channels.exceptions import TransientVendorError, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.http import VendorSession
from sales_channels.integrations.magento2.client import Credentials, Magento2Client
from sales_channels.integrations.magento2.factories.products.jobs import Magento2ProductsJob, operation_errors
from sales_channels.models import RemoteJob

BASE = "https://shop.example.com"
pytestmark = pytest.mark.django_db


def operation(index: int, status: int, message: str = "") -> dict:
    return {"id": index, "bulk_uuid": "u", "topic_name": "t", "serialized_data": "{}", "result_serialized_data": "",
            "status": status, "result_message": message, "error_code": 0}  # fmt: skip


def handler(company, result: dict) -> Magento2ProductsJob:
    from sales_channels.integrations.magento2.models import Magento2SalesChannel  # noqa: PLC0415 - app registry

    channel = Magento2SalesChannel.objects.create(multi_tenant_company=company, name="S", base_url=BASE)
    job = RemoteJob.objects.create(
        multi_tenant_company=company, sales_channel=channel, kind="products_bulk", remote_id="u", result=result
    )
    session = VendorSession(company_id=company.pk, sales_channel_id=channel.pk, log_calls=False, sleep=lambda s: None)
    client = Magento2Client(base_url=BASE, session=session, credentials=Credentials("k", "s", "t", "ts"))
    context = StepContext(channel=channel, spec=None, client=client, session=session)
    return Magento2ProductsJob(context=context, job=job)


def test_operation_errors_by_owner():
    errors = operation_errors(
        [operation(0, 1), operation(1, 3, "bad"), operation(2, 2, "deadlock"), operation(3, 5, "rejected")],
        ["A", "B", "C", "D"],
    )
    assert errors == {"B": ["failed", "bad"], "C": ["retry", "deadlock"], "D": ["failed", "rejected"]}


def search_answer(*operations) -> dict:
    return {"items": list(operations), "search_criteria": {}, "total_count": len(operations)}


@responses.activate
def test_an_open_bulk_is_polled_again(company):
    responses.get(f"{BASE}/rest/all/V1/bulk", json=search_answer(operation(1, 4)))
    state = handler(company, {"stage": "products", "skus": ["A", "B"], "follow_up": {}}).poll()
    assert state.status == "running"


@responses.activate
def test_each_sku_gets_its_own_result_and_the_second_stage_goes_to_the_saved_ones(company):
    responses.get(
        f"{BASE}/rest/all/V1/bulk",
        json=search_answer(operation(1, 3, "URL key for specified store already exists."), operation(2, 2, "x")),
    )
    responses.put(
        f"{BASE}/rest/de/async/bulk/V1/products/bySku",
        status=202,
        json={"bulk_uuid": "v", "request_items": [], "errors": False},
    )
    responses.get(f"{BASE}/rest/all/V1/bulk", json=search_answer())
    views = {"de": {"sku": "A", "name": "Becher", "custom_attributes": []}}
    result = {
        "stage": "products",
        "skus": ["A", "B", "C"],
        "follow_up": {
            sku: {"views": views, "images": [], "options": [], "children": [], "family": [], "stock": None}
            for sku in "ABC"
        },
    }
    job_handler = handler(company, result)
    first = job_handler.poll()
    assert first.status == "running"
    sent = json.loads(responses.calls[1].request.body)
    assert sent == [{"sku": "A", "product": views["de"]}]  # only the saved listing gets its second stage
    job_handler.job.result = first.result
    final = job_handler.poll()
    assert final.status == "completed"
    assert final.report["A"].remote_id == "A"
    assert isinstance(final.report["B"].error, VendorValidationError)
    assert final.report["B"].error.messages == ["URL key for specified store already exists."]
    assert isinstance(final.report["C"].error, TransientVendorError)


@responses.activate
def test_the_second_stage_polls_each_bulk_alone_until_it_settles(company):
    """One search per unsettled bulk (a search over several fails in Magento 2.4 when two share an index)."""
    result = {
        "stage": "follow_up",
        "skus": ["A", "B"],
        "errors": {},
        "bulks": [
            {"uuid": "m", "owners": ["A"], "keys": ["k"], "route": "products/bySku/media", "scope": "all"},
            {"uuid": "v", "owners": ["B"], "keys": ["de"], "route": "products/bySku", "scope": "de"},
        ],
    }
    responses.get(f"{BASE}/rest/all/V1/bulk", json=search_answer(operation(0, 3, "The image content is invalid.")))
    responses.get(f"{BASE}/rest/all/V1/bulk", json=search_answer(operation(0, 4)))
    job_handler = handler(company, result)
    first = job_handler.poll()
    assert first.status == "running"
    asked = [call.request.params["searchCriteria[filterGroups][0][filters][0][value]"] for call in responses.calls]
    assert asked == ["m", "v"]
    assert [call.request.params["searchCriteria[filterGroups][0][filters][0][conditionType]"] for call in
            responses.calls] == ["eq", "eq"]  # fmt: skip
    responses.replace(responses.GET, f"{BASE}/rest/all/V1/bulk", json=search_answer())
    job_handler.job.result = first.result
    final = job_handler.poll()
    assert final.status == "completed"
    assert len(responses.calls) == 3  # the settled media bulk is not asked again
    assert final.report["A"].error.messages == ["The image content is invalid."]
    assert final.report["B"].remote_id == "B"
