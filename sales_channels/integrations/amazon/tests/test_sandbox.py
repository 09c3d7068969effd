"""The Amazon sandbox over real HTTP: LWA, usage plans, listings with issues, feeds finishing later, faults."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from sales_channels.integrations.amazon.sandbox import AmazonSandbox
from sales_channels.integrations.amazon.sandbox.seed import CA, US

LISTING = "/listings/2021-08-01/items/A2SANDBOXSELLER1/{sku}"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def sandbox(clock):
    with AmazonSandbox(clock=clock, test_mode=True) as running:
        yield running


def _token(sandbox) -> dict:
    refresh = sandbox.lwa.issue_refresh_token()
    form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": sandbox.lwa.client_id}
    answer = requests.post(
        sandbox.base_url + "/auth/o2/token", data={**form, "client_secret": sandbox.lwa.client_secret}
    )
    return {"x-amz-access-token": answer.json()["access_token"]}


def _shirt(name: str = "Tee", marketplace: str = US) -> dict:
    return {
        "productType": "SHIRT",
        "requirements": "LISTING",
        "attributes": {
            "item_name": [{"value": name, "language_tag": "en_US", "marketplace_id": marketplace}],
            "brand": [{"value": "Acme", "language_tag": "en_US", "marketplace_id": marketplace}],
            "condition_type": [{"value": "new_new", "marketplace_id": marketplace}],
            "color": [{"value": "Red", "language_tag": "en_US", "marketplace_id": marketplace}],
        },
    }


def test_consent_then_code_exchange_gives_a_refresh_token_and_an_expiring_access_token(sandbox, clock):
    consent = requests.get(
        sandbox.base_url + "/apps/authorize/consent",
        params={"application_id": sandbox.lwa.application_id, "state": "s1", "redirect_uri": "http://127.0.0.1/cb"},
        allow_redirects=False,
    )
    assert consent.status_code == 302
    query = parse_qs(urlsplit(consent.headers["Location"]).query)
    assert query["state"] == ["s1"]
    assert query["selling_partner_id"] == ["A2SANDBOXSELLER1"]
    form = {
        "grant_type": "authorization_code",
        "code": query["spapi_oauth_code"][0],
        "redirect_uri": "http://127.0.0.1/cb",
        "client_id": sandbox.lwa.client_id,
        "client_secret": sandbox.lwa.client_secret,
    }
    answer = requests.post(sandbox.base_url + "/auth/o2/token", data=form).json()
    assert answer["refresh_token"].startswith("Atzr|")
    assert answer["expires_in"] == 3600
    again = requests.post(sandbox.base_url + "/auth/o2/token", data=form)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"

    headers = {"x-amz-access-token": answer["access_token"]}
    assert requests.get(sandbox.base_url + "/sellers/v1/marketplaceParticipations", headers=headers).status_code == 200
    clock.now += 3600
    expired = requests.get(sandbox.base_url + "/sellers/v1/marketplaceParticipations", headers=headers)
    assert expired.status_code == 403
    assert "expired" in expired.json()["errors"][0]["details"]


def test_a_wrong_client_secret_is_refused(sandbox):
    form = {"grant_type": "refresh_token", "refresh_token": "Atzr|x", "client_id": "x", "client_secret": "wrong"}
    answer = requests.post(sandbox.base_url + "/auth/o2/token", data=form)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_usage_plan_answers_429_with_the_rate_limit_header(sandbox):
    headers = _token(sandbox)
    url = sandbox.base_url + "/sellers/v1/marketplaceParticipations"
    answers = [requests.get(url, headers=headers) for _ in range(16)]
    assert [a.status_code for a in answers[:15]] == [200] * 15
    assert answers[15].status_code == 429
    assert answers[15].headers["x-amzn-RateLimit-Limit"] == "0.016"
    assert answers[15].json()["errors"][0]["code"] == "QuotaExceeded"


def test_listing_issues_preview_put_patch_delete(sandbox):
    headers = _token(sandbox)
    url = sandbox.base_url + LISTING.format(sku="NEW-1")
    incomplete = _shirt()
    del incomplete["attributes"]["brand"]
    refused = requests.put(url, params={"marketplaceIds": US}, json=incomplete, headers=headers).json()
    assert refused["status"] == "INVALID"
    assert [(i["code"], i["attributeNames"]) for i in refused["issues"]] == [("90220", ["brand"])]

    wrong_selector = requests.put(url, params={"marketplaceIds": US}, json=_shirt(marketplace=CA), headers=headers)
    assert {issue["code"] for issue in wrong_selector.json()["issues"]} == {"4000001"}

    preview = requests.put(
        url, params={"marketplaceIds": US, "mode": "VALIDATION_PREVIEW"}, json=_shirt(), headers=headers
    )
    assert preview.json()["status"] == "VALID"
    assert requests.get(url, params={"marketplaceIds": US}, headers=headers).status_code == 404

    assert (
        requests.put(url, params={"marketplaceIds": US}, json=_shirt(), headers=headers).json()["status"] == "ACCEPTED"
    )
    patch = {
        "productType": "SHIRT",
        "patches": [
            {
                "op": "replace",
                "path": "/attributes/fulfillment_availability",
                "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}],
            }
        ],
    }
    assert (
        requests.patch(url, params={"marketplaceIds": US}, json=patch, headers=headers).json()["status"] == "ACCEPTED"
    )
    item = requests.get(
        url, params={"marketplaceIds": US, "includedData": "summaries,fulfillmentAvailability"}, headers=headers
    ).json()
    assert item["fulfillmentAvailability"] == [{"fulfillmentChannelCode": "DEFAULT", "quantity": 4}]
    assert requests.delete(url, params={"marketplaceIds": US}, headers=headers).json()["status"] == "ACCEPTED"
    assert requests.delete(url, params={"marketplaceIds": US}, headers=headers).status_code == 404


def test_a_listings_feed_finishes_later_with_a_processing_report(sandbox, clock):
    headers = _token(sandbox)
    base = sandbox.base_url
    document = requests.post(
        base + "/feeds/2021-06-30/documents", json={"contentType": "application/json"}, headers=headers
    )
    assert document.status_code == 201
    bad = _shirt("Bad")
    del bad["attributes"]["color"]
    feed_body = {
        "header": {"sellerId": "A2SANDBOXSELLER1", "version": "2.0"},
        "messages": [
            {"messageId": 1, "sku": "F-1", "operationType": "UPDATE", **_shirt("One")},
            {"messageId": 2, "sku": "F-2", "operationType": "UPDATE", **bad},
        ],
    }
    assert requests.put(document.json()["url"], data=json.dumps(feed_body)).status_code == 200
    created = requests.post(
        base + "/feeds/2021-06-30/feeds",
        json={
            "feedType": "JSON_LISTINGS_FEED",
            "marketplaceIds": [US],
            "inputFeedDocumentId": document.json()["feedDocumentId"],
        },
        headers=headers,
    )
    assert created.status_code == 202
    feed_url = base + "/feeds/2021-06-30/feeds/" + created.json()["feedId"]
    assert requests.get(feed_url, headers=headers).json()["processingStatus"] == "IN_QUEUE"
    clock.now += 5
    done = requests.get(feed_url, headers=headers).json()
    assert done["processingStatus"] == "DONE"
    link = requests.get(base + "/feeds/2021-06-30/documents/" + done["resultFeedDocumentId"], headers=headers).json()
    report = requests.get(link["url"]).json()
    assert report["summary"]["messagesAccepted"] == 1
    assert report["summary"]["messagesInvalid"] == 1
    assert [(i["messageId"], i["code"]) for i in report["issues"]] == [(2, "90220")]
    assert sandbox.listings.get("F-1", US) is not None
    assert sandbox.listings.get("F-2", US) is None


def test_faults_and_control_routes(sandbox):
    headers = _token(sandbox)
    url = sandbox.base_url + "/sellers/v1/marketplaceParticipations"
    sandbox.inject_fault("500", operation="getMarketplaceParticipations")
    assert requests.get(url, headers=headers).status_code == 500
    sandbox.inject_fault("revoke_token")
    assert requests.get(url, headers=headers).status_code == 403
    state = requests.get(sandbox.base_url + "/__sandbox__/state").json()
    assert state["listings_count"] == 3
    assert requests.post(sandbox.base_url + "/__sandbox__/faults", json={"rates": {"429": 1.0}}).status_code == 200


def test_product_type_search_and_definition_with_a_downloadable_schema(sandbox):
    headers = _token(sandbox)
    base = sandbox.base_url
    found = requests.get(
        base + "/definitions/2020-09-01/productTypes",
        params={"marketplaceIds": US, "keywords": "shirt"},
        headers=headers,
    )
    assert [t["name"] for t in found.json()["productTypes"]] == ["SHIRT", "SWEATSHIRT"]
    definition = requests.get(
        base + "/definitions/2020-09-01/productTypes/SHIRT",
        params={"marketplaceIds": US, "requirements": "LISTING"},
        headers=headers,
    ).json()
    schema = requests.get(definition["schema"]["link"]["resource"]).json()
    assert schema["required"] == ["item_name", "brand", "condition_type"]
    assert schema["allOf"][0]["else"] == {"required": ["color"]}
