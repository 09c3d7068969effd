"""The client with the transport mocked (`responses`): signing, Bearer, errors, pages; and retries re-signed."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from sales_channels.exceptions import RemoteObjectMissing, VendorValidationError
from sales_channels.http import VendorSession
from sales_channels.integrations.magento2.client import Credentials, Magento2Client, Magento2CredentialsRefused
from sales_channels.integrations.magento2.sandbox import Magento2Sandbox

BASE = "https://shop.example.com"
CREDENTIALS = Credentials(consumer_key="ck", consumer_secret="cs", access_token="at", access_token_secret="ats")

pytestmark = pytest.mark.django_db


def client(*, bearer: bool = False, base_url: str = BASE, credentials: Credentials = CREDENTIALS) -> Magento2Client:
    session = VendorSession(company_id=1, sales_channel_id=1, log_calls=False, sleep=lambda s: None)
    return Magento2Client(base_url=base_url, session=session, credentials=credentials, bearer=bearer)


@responses.activate
def test_requests_are_signed_with_oauth1_hmac_sha256_through_all():
    responses.get(f"{BASE}/rest/all/V1/store/storeViews", json=[])
    client().get("store/storeViews")
    header = responses.calls[0].request.headers["Authorization"].decode()
    assert header.startswith("OAuth ")
    assert 'oauth_signature_method="HMAC-SHA256"' in header
    assert 'oauth_consumer_key="ck"' in header
    assert 'oauth_token="at"' in header


@responses.activate
def test_bearer_only_when_the_merchant_says_so():
    responses.get(f"{BASE}/rest/all/V1/store/storeViews", json=[])
    client(bearer=True).get("store/storeViews")
    assert responses.calls[0].request.headers["Authorization"] == "Bearer at"


@pytest.mark.parametrize(
    ("message", "bearer", "expected"),
    [
        ("A consumer having the specified key does not exist", False, "consumer key"),
        ("Specified token does not exist", False, "access token"),
        ("The signature is invalid. Verify and try again.", False, "consumer secret or the access token secret"),
        ("The consumer isn't authorized to access %resources.", True, "standalone Bearer tokens"),
    ],
)
@responses.activate
def test_a_401_names_the_refused_credential(message, bearer, expected):
    responses.get(f"{BASE}/rest/all/V1/store/storeViews", status=401, json={"message": message})
    with pytest.raises(Magento2CredentialsRefused) as refused:
        client(bearer=bearer).get("store/storeViews")
    assert expected in refused.value.message


@responses.activate
def test_a_400_carries_magentos_rendered_message_and_a_404_is_missing():
    body = {"message": 'The value of attribute "%1" is invalid.', "parameters": ["color"]}
    responses.post(f"{BASE}/rest/all/V1/products", status=400, json=body)
    responses.get(
        f"{BASE}/rest/all/V1/products/NOPE",
        status=404,
        json={"message": "The product that was requested doesn't exist."},
    )
    with pytest.raises(VendorValidationError) as invalid:
        client().post("products", body={"product": {"sku": "A"}})
    with pytest.raises(RemoteObjectMissing):
        client().get("products/NOPE", remote_id="NOPE")
    assert invalid.value.messages == ['The value of attribute "color" is invalid.']


@responses.activate
def test_search_stops_on_total_count_not_on_a_repeated_page():
    def page(request):
        current = int(parse_qs(urlsplit(request.url).query)["searchCriteria[currentPage]"][0])
        items = [{"sku": "A"}, {"sku": "B"}] if current == 1 else [{"sku": "C"}]  # any later page repeats the last
        return 200, {}, json.dumps({"items": items, "total_count": 3, "search_criteria": {}})

    responses.add_callback(responses.GET, f"{BASE}/rest/all/V1/products", callback=page)
    found = [item["sku"] for item in client().search_all("products", page_size=2)]
    assert found == ["A", "B", "C"]
    assert len(responses.calls) == 2


@responses.activate
def test_bulk_submission_reports_rejected_items_by_index():
    answer = {
        "bulk_uuid": "u-1",
        "request_items": [
            {"id": 0, "data_hash": "h", "status": "accepted"},
            {"id": 1, "data_hash": "h", "status": "rejected", "error_message": '"product" is required.'},
        ],
        "errors": True,
    }
    responses.post(f"{BASE}/rest/all/async/bulk/V1/products", status=202, json=answer)
    accepted = client().submit_bulk("products", items=[{"product": {}}, {}])
    assert accepted.bulk_uuid == "u-1"
    assert accepted.rejected == {1: '"product" is required.'}


def test_a_retried_request_is_signed_again_with_a_fresh_nonce():
    with Magento2Sandbox() as sandbox:
        sandbox.inject_fault("500")
        credentials = Credentials(**sandbox.credentials())
        views = client(base_url=sandbox.base_url, credentials=credentials).get("store/storeViews")
    assert [view["code"] for view in views] == ["admin", "default", "de"]
