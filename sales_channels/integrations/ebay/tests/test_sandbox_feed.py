"""The sandbox's Sell Feed API over HTTP: the report task's rules, statuses, file and eBay's error answers."""

import dataclasses
import io
import zipfile

import pytest
import requests

from sales_channels.integrations.ebay.factories.imports.listings_report import parse_report
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.feed import OPEN_TASKS_ALLOWED
from sales_channels.integrations.ebay.tests.test_sandbox import bearer, user_grant

FEED = "/sell/feed/v1"
REPORT = {"feedType": "LMS_ACTIVE_INVENTORY_REPORT", "schemaVersion": "1.0"}


@pytest.fixture
def seller():
    with EbaySandbox() as sandbox:
        yield sandbox, bearer(user_grant(sandbox)["access_token"], **{"X-EBAY-C-MARKETPLACE-ID": "EBAY_US"})


def create(sandbox, headers, body=None) -> requests.Response:
    return requests.post(f"{sandbox.base_url}{FEED}/inventory_task", json=body or REPORT, headers=headers, timeout=5)


def first_error(answer: requests.Response) -> tuple[int, int]:
    found = answer.json()["errors"][0]
    assert set(found) >= {"errorId", "message"}
    return answer.status_code, found["errorId"]


def test_a_task_is_queued_then_in_process_then_completed_and_its_zip_holds_the_report(seller):
    sandbox, headers = seller
    created = create(sandbox, headers)
    assert (created.status_code, created.content) == (202, b"")
    url = created.headers["Location"]
    task_id = url.rsplit("/", 1)[-1]
    assert url == f"{sandbox.base_url}{FEED}/inventory_task/{task_id}"
    assert sandbox.feed.tasks[task_id]["status"] == "QUEUED"

    early = requests.get(f"{sandbox.base_url}{FEED}/task/{task_id}/download_result_file", headers=headers, timeout=5)
    assert first_error(early) == (404, 160014)
    statuses = [requests.get(url, headers=headers, timeout=5).json() for _ in range(3)]
    assert [s["status"] for s in statuses] == ["IN_PROCESS", "COMPLETED", "COMPLETED"]
    assert "completionDate" not in statuses[0]
    assert statuses[1]["feedType"] == "LMS_ACTIVE_INVENTORY_REPORT"
    assert statuses[1]["completionDate"]

    file = requests.get(f"{sandbox.base_url}{FEED}/task/{task_id}/download_result_file", headers=headers, timeout=5)
    assert file.headers["Content-Type"] == "application/octet-stream"
    assert file.headers["content-disposition"].startswith("attachment; filename=")
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        [name] = archive.namelist()
        xml = archive.read(name)
    assert xml.startswith(b"<?xml")
    assert b"<ActiveInventoryReport>" in xml
    assert [listing.item_id for listing in parse_report(file.content)] == ["110540000001", "110540000002"]


def test_published_listings_are_in_the_report_a_group_as_one_listing_with_variations(seller):
    sandbox, headers = seller
    for offer in sandbox.inventory.offers.values():
        if offer["sku"].startswith("EBAY-TEE"):
            offer.update({"status": "PUBLISHED", "listing": {"listingId": "110550000777", "listingStatus": "ACTIVE"}})
    xml = sandbox.feed.result_file(_completed(sandbox, headers)).body
    tee = next(listing for listing in parse_report(xml) if listing.item_id == "110550000777")
    assert tee.sku == "EBAY-TEE"
    assert [(v["SKU"], v["Price"], v["Quantity"]) for v in tee.variations] == [
        ("EBAY-TEE-S", "15.00", 4),
        ("EBAY-TEE-M", "15.00", 6),
    ]


def _completed(sandbox, headers) -> str:
    task_id = create(sandbox, headers).headers["Location"].rsplit("/", 1)[-1]
    sandbox.feed.read(task_id)
    sandbox.feed.read(task_id)
    return task_id


@pytest.mark.parametrize(
    ("body", "marketplace", "expected"),
    [
        ({"schemaVersion": "1.0"}, "EBAY_US", 160017),
        ({"feedType": "LMS_ORDER_REPORT"}, "EBAY_US", 160017),
        ({**REPORT, "schemaVersion": "9.9"}, "EBAY_US", 160018),
        ({**REPORT, "filterCriteria": {"listingFormat": "CLASSIFIED"}}, "EBAY_US", 160019),
        (REPORT, "EBAY_XX", 160027),
    ],
)
def test_a_wrong_request_is_refused_as_ebay_refuses_it(seller, body, marketplace, expected):
    sandbox, headers = seller
    answer = create(sandbox, {**headers, "X-EBAY-C-MARKETPLACE-ID": marketplace}, body)
    assert first_error(answer) == (400, expected)
    assert answer.json()["errors"][0]["domain"] == "API_FEED"
    assert sandbox.feed.tasks == {}


def test_an_unknown_task_is_404_and_open_tasks_are_limited_and_the_scope_is_needed(seller):
    sandbox, headers = seller
    unknown = requests.get(f"{sandbox.base_url}{FEED}/inventory_task/task-9-9", headers=headers, timeout=5)
    assert first_error(unknown) == (404, 160003)
    assert unknown.json()["errors"][0]["parameters"] == [{"name": "taskID", "value": "task-9-9"}]
    for _ in range(OPEN_TASKS_ALLOWED):
        assert create(sandbox, headers).status_code == 202
    assert first_error(create(sandbox, headers)) == (409, 160024)

    value = headers["Authorization"][7:]
    narrow = {"https://api.ebay.com/oauth/api_scope/sell.inventory.readonly"}
    sandbox.oauth.tokens[value] = dataclasses.replace(sandbox.oauth.tokens[value], scopes=frozenset(narrow))
    assert create(sandbox, headers).status_code == 403
