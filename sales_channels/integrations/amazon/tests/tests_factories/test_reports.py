"""Reports and restrictions at the HTTP transport (`responses`): request bodies, GZIP documents, readable failures."""

import gzip
import json

import pytest
import responses

from sales_channels.exceptions import InvalidVendorPayload, RateLimited, UnreadableAnswer
from sales_channels.integrations.amazon.factories.import_report import ListingsReportPager, report_skus
from sales_channels.integrations.amazon.tests.tests_factories.test_client import API, LWA, TOKEN, channel, client_of

pytestmark = pytest.mark.django_db
__all__ = ["channel"]  # the fixture, imported for these tests

REPORTS = f"{API}/reports/2021-06-30/reports"
DOCUMENT = f"{API}/reports/2021-06-30/documents/DOC-1"
DOWNLOAD = "https://tortuga-prod-na.s3.amazonaws.com/report-1.txt"
FLAT_FILE = "item-name\tseller-sku\tprice\nTee\tSKU-1\t19.99\nCap\tSKU-2\t9.50\nTee again\tSKU-1\t19.99\n"


@responses.activate
def test_the_report_is_requested_with_its_type_and_marketplace_and_the_gzip_document_read(channel):
    responses.post(LWA, json=TOKEN)
    responses.post(REPORTS, json={"reportId": "ID323"}, status=202)
    responses.get(
        f"{REPORTS}/ID323", json={"reportId": "ID323", "processingStatus": "DONE", "reportDocumentId": "DOC-1"}
    )
    responses.get(DOCUMENT, json={"reportDocumentId": "DOC-1", "url": DOWNLOAD, "compressionAlgorithm": "GZIP"})
    responses.get(DOWNLOAD, body=gzip.compress(FLAT_FILE.encode()))
    pager = ListingsReportPager(client=client_of(channel), marketplace_id="ATVPDKIKX0DER", sleep=lambda s: None)

    skus, cursor, total = pager.advance({"mode": "report", "stage": "request"})
    assert (skus, cursor, total) == ([], {"mode": "report", "stage": "wait", "report_id": "ID323"}, None)
    sent = json.loads(responses.calls[1].request.body)
    assert sent == {"reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "marketplaceIds": ["ATVPDKIKX0DER"]}

    skus, cursor, total = pager.advance(cursor)
    assert (skus, total, cursor["stage"], cursor["offset"]) == ([], 2, "items", 0)
    skus, cursor, total = pager.advance(cursor)
    assert (skus, cursor) == (["SKU-1", "SKU-2"], None)  # each SKU once, in file order
    download = next(call for call in responses.calls if call.request.url == DOWNLOAD)
    assert "x-amz-access-token" not in download.request.headers  # a presigned URL gets no SP-API token


@responses.activate
def test_a_report_amazon_could_not_prepare_fails_the_import_readably(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(f"{REPORTS}/ID9", json={"reportId": "ID9", "processingStatus": "FATAL"})
    pager = ListingsReportPager(client=client_of(channel), marketplace_id="ATVPDKIKX0DER", sleep=lambda s: None)
    with pytest.raises(InvalidVendorPayload, match=r"could not prepare the listings report ID9 \(FATAL\)"):
        pager.advance({"mode": "report", "stage": "wait", "report_id": "ID9"})


@responses.activate
def test_a_report_still_in_progress_defers_the_import_after_the_wait(channel, settings):
    settings.AMAZON_REPORT_WAIT_SECONDS = 4.0
    settings.AMAZON_REPORT_POLL_SECONDS = 2.0
    responses.post(LWA, json=TOKEN)
    responses.get(f"{REPORTS}/ID7", json={"reportId": "ID7", "processingStatus": "IN_PROGRESS"})
    slept: list[float] = []
    pager = ListingsReportPager(client=client_of(channel), marketplace_id="ATVPDKIKX0DER", sleep=slept.append)
    with pytest.raises(RateLimited, match="still preparing the listings report ID7"):
        pager.advance({"mode": "report", "stage": "wait", "report_id": "ID7"})
    assert slept == [2.0, 2.0]
    assert len([call for call in responses.calls if "/reports/" in call.request.url]) == 3


@responses.activate
def test_a_document_that_is_not_the_announced_gzip_is_refused(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(DOCUMENT, json={"reportDocumentId": "DOC-1", "url": DOWNLOAD, "compressionAlgorithm": "GZIP"})
    responses.get(DOWNLOAD, body=FLAT_FILE.encode())
    with pytest.raises(InvalidVendorPayload, match="not the GZIP file"):
        client_of(channel).report_document(document_id="DOC-1")


def test_a_flat_file_without_the_sku_column_cannot_be_imported():
    with pytest.raises(InvalidVendorPayload, match="no 'seller-sku' column"):
        report_skus(b"item-name\tprice\nTee\t1\n")


@responses.activate
def test_restrictions_are_asked_for_one_asin_condition_and_marketplace(channel):
    responses.post(LWA, json=TOKEN)
    responses.get(
        f"{API}/listings/2021-08-01/restrictions",
        json={"restrictions": [{"marketplaceId": "ATVPDKIKX0DER", "reasons": [{"message": "Approval required"}]}]},
    )
    found = client_of(channel).listings_restrictions(
        asin="B0TEST", condition_type="new_new", marketplace_id="ATVPDKIKX0DER"
    )
    assert found[0]["reasons"][0]["message"] == "Approval required"
    query = responses.calls[1].request.params
    assert query == {
        "asin": "B0TEST",
        "sellerId": "SELLER1",
        "marketplaceIds": "ATVPDKIKX0DER",
        "conditionType": "new_new",
    }


@responses.activate
def test_a_cut_off_answer_without_the_id_is_transient_not_a_crash(channel):
    responses.post(LWA, json=TOKEN)
    responses.post(REPORTS, body=b'{"reportId": "ID3', status=202, content_type="application/json")
    responses.post(f"{API}/feeds/2021-06-30/documents", body=b'{"feedDocumentId": "a', content_type="application/json")
    client = client_of(channel)
    with pytest.raises(UnreadableAnswer, match="createReport answered without reportId"):
        client.create_report(report_type="GET_MERCHANT_LISTINGS_ALL_DATA", marketplace_ids=["ATVPDKIKX0DER"])
    with pytest.raises(UnreadableAnswer, match="createFeedDocument answered without url, feedDocumentId"):
        client.submit_listings_feed(marketplace_id="ATVPDKIKX0DER", document={"messages": []})
    assert UnreadableAnswer.retryable
