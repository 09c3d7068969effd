"""The sandbox's own rules over HTTP: consent and grants, expiring tokens, quotas, bulk limits, revisions."""

import base64
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.inventory import REVISIONS_PER_DAY
from sales_channels.integrations.ebay.sandbox.oauth import APP_SCOPE, USER_SCOPES
from sales_channels.integrations.ebay.sandbox.server import INVENTORY


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sandbox(clock):
    with EbaySandbox(clock=clock) as running:
        yield running


def basic(sandbox) -> dict:
    pair = f"{sandbox.client_id}:{sandbox.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode()}


def user_grant(sandbox) -> dict:
    consent = requests.get(
        f"{sandbox.base_url}/oauth2/authorize",
        params={
            "client_id": sandbox.client_id,
            "redirect_uri": sandbox.runame,
            "response_type": "code",
            "scope": " ".join(USER_SCOPES),
            "state": "s-1",
        },
        allow_redirects=False,
        timeout=5,
    )
    callback = dict(parse_qsl(urlsplit(consent.headers["Location"]).query))
    assert callback["state"] == "s-1"
    answer = requests.post(
        f"{sandbox.base_url}/identity/v1/oauth2/token",
        data={"grant_type": "authorization_code", "code": callback["code"], "redirect_uri": sandbox.runame},
        headers=basic(sandbox),
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def bearer(token: str, **extra) -> dict:
    return {"Authorization": f"Bearer {token}", "Content-Language": "en-US", **extra}


def test_a_code_is_single_use_and_tokens_expire(sandbox, clock):
    grant = user_grant(sandbox)
    assert (grant["expires_in"], grant["refresh_token_expires_in"]) == (7200, 47_304_000)
    user = requests.get(
        f"{sandbox.base_url}/commerce/identity/v1/user/", headers=bearer(grant["access_token"]), timeout=5
    )
    assert user.json()["username"] == "onesila_seller"

    clock.now += 7200
    expired = requests.get(
        f"{sandbox.base_url}/commerce/identity/v1/user/", headers=bearer(grant["access_token"]), timeout=5
    )
    assert expired.status_code == 401
    assert expired.json()["errors"][0]["errorId"] == 1001

    refreshed = requests.post(
        f"{sandbox.base_url}/identity/v1/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"], "scope": " ".join(USER_SCOPES)},
        headers=basic(sandbox),
        timeout=5,
    )
    assert refreshed.status_code == 200
    assert "refresh_token" not in refreshed.json()


def test_the_client_credentials_grant_has_a_daily_quota(sandbox):
    sandbox.oauth.quotas["client_credentials"] = 2
    for expected in (200, 200, 429):
        answer = requests.post(
            f"{sandbox.base_url}/identity/v1/oauth2/token",
            data={"grant_type": "client_credentials", "scope": APP_SCOPE},
            headers=basic(sandbox),
            timeout=5,
        )
        assert answer.status_code == expected
    assert sandbox.control_state()["token_grants_today"]["client_credentials"] == 2


def test_api_quotas_bulk_limits_and_content_language(sandbox):
    token = user_grant(sandbox)["access_token"]
    too_many = {"requests": [{"sku": f"S{i}", "product": {"title": "t"}} for i in range(26)]}
    answer = requests.post(
        f"{sandbox.base_url}{INVENTORY}/bulk_create_or_replace_inventory_item",
        json=too_many,
        headers=bearer(token),
        timeout=5,
    )
    assert answer.json()["errors"][0]["errorId"] == 25728

    headers = {"Authorization": f"Bearer {token}"}
    missing = requests.put(
        f"{sandbox.base_url}{INVENTORY}/inventory_item/X1", json={"product": {"title": "t"}}, headers=headers, timeout=5
    )
    assert missing.json()["errors"][0]["errorId"] == 25709

    unknown = requests.put(
        f"{sandbox.base_url}{INVENTORY}/inventory_item/X1", json={"colour": "red"}, headers=bearer(token), timeout=5
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["errorId"]) == (400, 2004)

    sandbox.quotas["inventory"] = sandbox.calls_today("inventory")
    limited = requests.get(f"{sandbox.base_url}{INVENTORY}/inventory_item", headers=bearer(token), timeout=5)
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["errorId"] == 2001


def test_a_listing_is_revised_at_most_250_times_a_day(sandbox, clock):
    offer = next(o for o in sandbox.inventory.offers.values() if o["sku"] == "EBAY-MUG-1")
    offer.update(
        {
            "categoryId": "9355",
            "listingPolicies": {
                "fulfillmentPolicyId": "6200000000",
                "paymentPolicyId": "6200000001",
                "returnPolicyId": "6200000002",
            },
        }
    )
    sandbox.inventory.publish(offer["offerId"])
    change = {"requests": [{"offers": [{"offerId": offer["offerId"], "availableQuantity": 1}]}]}
    for _ in range(REVISIONS_PER_DAY):
        assert sandbox.inventory.bulk_price_quantity(change).status == 200
    refused = sandbox.inventory.bulk_price_quantity(change)
    assert refused.status == 207
    assert b"25025" in refused.body
    clock.now += 86_400
    assert sandbox.inventory.bulk_price_quantity(change).status == 200


def test_the_fault_switches_are_off_unless_in_test_mode(sandbox):
    assert requests.get(f"{sandbox.base_url}/__sandbox__/state", timeout=5).status_code == 404
    with EbaySandbox(test_mode=True) as testing:
        state = requests.get(f"{testing.base_url}/__sandbox__/state", timeout=5).json()
        assert state["inventory_items"] == 5
        assert state["listings"]  # the seeded offers: held by the seller, none published (no listing id)
        assert all(entry["id"].startswith(("offer:", "group:")) for entry in state["listings"])
