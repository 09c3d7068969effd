"""The Sell Feed calls of the listing report (`responses`), the report's parsing and its warnings."""

import gzip
import io
import json
import zipfile

import pytest
import responses

from sales_channels.exceptions import InvalidVendorPayload, RemoteObjectMissing
from sales_channels.integrations.ebay.factories.imports import listings_report as report
from sales_channels.integrations.ebay.factories.imports.products import by_marketplace
from sales_channels.integrations.ebay.factories.sales_channels.tokens import USER_SCOPES
from sales_channels.integrations.ebay.sandbox.feed import active_inventory_report
from sales_channels.integrations.ebay.tests.channels import client_for, connected_channel

FEED = "https://api.ebay.com/sell/feed/v1"
TASK_URL = f"{FEED}/inventory_task/task-3-1234567890"
REPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<BulkDataExchangeResponses xmlns="urn:ebay:apis:eBLBaseComponents">
  <ActiveInventoryReport>
    <Timestamp>2026-12-03T10:00:00.000Z</Timestamp>
    <Ack>Success</Ack>
    <SKUDetails>
      <SKU>SCARF-1</SKU>
      <Price currencyID="USD">22.0</Price>
      <Quantity>5</Quantity>
      <ItemID>110540000001</ItemID>
    </SKUDetails>
    <SKUDetails>
      <ItemID>110540000002</ItemID>
      <Variations>
        <Variation><SKU>TOTE-RED</SKU><Price currencyID="USD">30.0</Price><Quantity>2</Quantity></Variation>
        <Variation><Price currencyID="USD">30.0</Price><Quantity>1</Quantity></Variation>
      </Variations>
    </SKUDetails>
    <SKUDetails>
      <Price currencyID="USD">9.0</Price>
      <Quantity>1</Quantity>
      <ItemID>110540000003</ItemID>
    </SKUDetails>
  </ActiveInventoryReport>
</BulkDataExchangeResponses>
"""


@pytest.fixture
def channel(company):
    return connected_channel(company)


def zipped(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.xml", xml)
    return buffer.getvalue()


@responses.activate
def test_the_task_is_created_with_its_feed_type_and_marketplace_and_named_by_its_location(channel):
    responses.post(f"{FEED}/inventory_task", status=202, headers={"Location": TASK_URL})

    assert client_for(channel).create_inventory_task(marketplace="EBAY_GB") == "task-3-1234567890"
    sent = responses.calls[0].request
    assert isinstance(sent.body, bytes)
    assert json.loads(sent.body) == {"feedType": "LMS_ACTIVE_INVENTORY_REPORT", "schemaVersion": "1.0"}
    assert sent.headers["X-EBAY-C-MARKETPLACE-ID"] == "EBAY_GB"
    assert sent.headers["Authorization"] == "Bearer v^user"


@responses.activate
def test_a_202_without_location_is_an_unreadable_answer(channel):
    responses.post(f"{FEED}/inventory_task", status=202)
    with pytest.raises(InvalidVendorPayload):
        client_for(channel).create_inventory_task(marketplace="EBAY_US")


@responses.activate
def test_the_task_status_and_its_file_are_read_and_an_unknown_task_is_missing(channel):
    responses.get(TASK_URL, json={"taskId": "task-3-1234567890", "status": "COMPLETED"})
    responses.get(f"{FEED}/task/task-3-1234567890/download_result_file", body=zipped(REPORT))
    error = {"errors": [{"errorId": 160003, "message": "Task nope does not exist.", "parameters": []}]}
    responses.get(f"{FEED}/inventory_task/nope", status=404, json=error)
    client = client_for(channel)

    assert client.inventory_task(task_id="task-3-1234567890")["status"] == "COMPLETED"
    assert [listing.item_id for listing in report.parse_report(client.result_file(task_id="task-3-1234567890"))] == [
        "110540000001",
        "110540000002",
        "110540000003",
    ]
    with pytest.raises(RemoteObjectMissing):
        client.inventory_task(task_id="nope")


@responses.activate
def test_offers_of_every_marketplace_in_one_call(channel):
    offers = [
        {"offerId": "1", "sku": "A", "marketplaceId": "EBAY_US", "format": "AUCTION"},
        {"offerId": "2", "sku": "A", "marketplaceId": "EBAY_US", "format": "FIXED_PRICE"},
        {"offerId": "3", "sku": "A", "marketplaceId": "EBAY_GB", "format": "FIXED_PRICE"},
    ]
    responses.get("https://api.ebay.com/sell/inventory/v1/offer", json={"offers": offers, "total": 3})

    found = by_marketplace(client_for(channel).offers_of(sku="A"))

    assert {marketplace: offer["offerId"] for marketplace, offer in found.items()} == {"EBAY_US": "2", "EBAY_GB": "3"}
    assert "marketplace_id" not in str(responses.calls[0].request.url)


@pytest.mark.parametrize("pack", [lambda xml: xml, zipped, gzip.compress])
def test_the_report_is_read_plain_zipped_or_gzipped(pack):
    scarf, tote, bare = report.parse_report(pack(REPORT))
    assert (scarf.item_id, scarf.sku, scarf.price, scarf.currency, scarf.quantity) == (
        "110540000001",
        "SCARF-1",
        "22.0",
        "USD",
        5,
    )
    assert [v["SKU"] for v in tote.variations] == ["TOTE-RED", ""]
    assert tote.problems() == ["1 of its 2 variations have no SKU"]
    assert bare.problems() == ["the listing has no SKU"]
    assert scarf.problems() == []


def test_the_sandbox_writes_what_the_parser_reads():
    listings = [{"ItemID": "1", "SKU": "A & B", "Price": "1.00", "currencyID": "GBP", "Quantity": 3}]
    [parsed] = report.parse_report(active_inventory_report(listings=listings, timestamp="2026-12-03T10:00:00.000Z"))
    assert (parsed.item_id, parsed.sku, parsed.currency, parsed.quantity) == ("1", "A & B", "GBP", 3)


@pytest.mark.parametrize(
    "body",
    [b"not xml", zipped(b"<a>")[:10] + b"broken", b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
)
def test_an_unreadable_or_entity_declaring_report_is_refused(body):
    with pytest.raises(InvalidVendorPayload):
        report.parse_report(body)


def test_unknown_listings_and_the_merchants_message():
    listings = report.parse_report(REPORT)
    unknown = report.unknown_listings(reported=listings, known={"110540000003"})
    assert [listing.item_id for listing in unknown] == ["110540000001", "110540000002"]
    message = report.warning_for(unknown[1])
    assert message.startswith("Not imported: eBay listing 110540000002 was made outside the Inventory API")
    assert "bulk_migrate_listing" in message
    assert "1 of its 2 variations have no SKU" in message


class Polled:
    """A client whose task answers the given statuses in turn."""

    def __init__(self, *statuses: str) -> None:
        self.statuses = list(statuses)
        self.downloads = 0

    def inventory_task(self, *, task_id: str) -> dict:
        return {"taskId": task_id, "status": self.statuses.pop(0)}

    def result_file(self, *, task_id: str) -> bytes:
        self.downloads += 1
        return REPORT


def test_read_polls_until_complete_and_downloads_once():
    client = Polled("QUEUED", "IN_PROCESS", "COMPLETED")
    found = report.read(client=client, state={"task": "t"}, sleep=lambda seconds: None)
    assert isinstance(found, list)
    assert len(found) == 3
    assert client.downloads == 1


def test_read_waits_for_a_running_task_and_reports_a_failed_one():
    with pytest.raises(report.ReportNotReady):
        report.read(client=Polled(*["IN_PROCESS"] * 4), state={"task": "t"}, sleep=lambda seconds: None)
    failed = report.read(client=Polled("FAILED"), state={"task": "t"}, sleep=lambda seconds: None)
    assert isinstance(failed, str)
    assert "ended FAILED" in failed


def test_a_consent_without_the_scope_is_said():
    assert report.scope_problem(scopes=" ".join(USER_SCOPES)) == ""
    assert "sell.inventory" in report.scope_problem(scopes="https://api.ebay.com/oauth/api_scope/sell.account")
