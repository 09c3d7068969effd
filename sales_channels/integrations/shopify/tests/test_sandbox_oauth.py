"""OAuth and access tokens of the Shopify sandbox, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.integrations.shopify.sandbox.oauth import verify_params
from sales_channels.integrations.shopify.sandbox.replies import INVALID_TOKEN
from sales_channels.integrations.shopify.sandbox.testing import ManualClock

REDIRECT_URI = "http://127.0.0.1:9/shopify/callback"
SHOP_QUERY = "query Shop { shop { name } }"


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def sandbox(clock):
    with ShopifySandbox(clock=clock, token_ttl=3600) as running:
        yield running


def _authorize(sandbox: ShopifySandbox, **overrides: str) -> requests.Response:
    params = {
        "client_id": "sandbox-client",
        "scope": "read_products,write_products",
        "redirect_uri": REDIRECT_URI,
        "state": "nonce-123",
        **overrides,
    }
    return requests.get(sandbox.authorize_url, params=params, allow_redirects=False, timeout=5)


def _callback_params(sandbox: ShopifySandbox) -> dict[str, str]:
    response = _authorize(sandbox)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return dict(parse_qsl(location.query))


def _exchange(sandbox: ShopifySandbox, **extra: str) -> requests.Response:
    code = _callback_params(sandbox)["code"]
    body = {"client_id": "sandbox-client", "client_secret": "sandbox-secret", "code": code, **extra}
    return requests.post(sandbox.token_url, json=body, timeout=5)


def _refresh(sandbox: ShopifySandbox, refresh_token: str) -> requests.Response:
    body = {
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
    }
    return requests.post(sandbox.token_url, data=body, timeout=5)


def _shop(sandbox: ShopifySandbox, token: str | None) -> requests.Response:
    headers = {"X-Shopify-Access-Token": token} if token else {}
    return requests.post(sandbox.graphql_url, json={"query": SHOP_QUERY}, headers=headers, timeout=5)


def test_authorize_redirects_with_code_state_shop_host_timestamp_and_hex_hmac(sandbox):
    params = _callback_params(sandbox)
    assert set(params) == {"code", "hmac", "host", "shop", "state", "timestamp"}
    assert params["state"] == "nonce-123"
    assert params["shop"] == "onesila-demo.myshopify.com"
    message = "&".join(f"{key}={params[key]}" for key in sorted(params) if key != "hmac")
    expected = hmac.new(b"sandbox-secret", message.encode(), hashlib.sha256).hexdigest()
    assert params["hmac"] == expected
    assert verify_params(params, "sandbox-secret")
    assert not verify_params({**params, "shop": "evil.myshopify.com"}, "sandbox-secret")


def test_authorize_rejects_an_unknown_client_id(sandbox):
    response = _authorize(sandbox, client_id="someone-else")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_code_exchange_returns_a_non_expiring_offline_token(sandbox):
    response = _exchange(sandbox)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "scope"}
    assert body["scope"] == "read_products,write_products"
    assert _shop(sandbox, body["access_token"]).status_code == 200


def test_code_exchange_accepts_a_form_body(sandbox):
    code = _callback_params(sandbox)["code"]
    body = {"client_id": "sandbox-client", "client_secret": "sandbox-secret", "code": code}
    response = requests.post(sandbox.token_url, data=body, timeout=5)
    assert response.status_code == 200
    assert response.json()["access_token"].startswith("shpat_")


def test_a_code_can_be_used_once(sandbox):
    code = _callback_params(sandbox)["code"]
    body = {"client_id": "sandbox-client", "client_secret": "sandbox-secret", "code": code}
    assert requests.post(sandbox.token_url, json=body, timeout=5).status_code == 200
    second = requests.post(sandbox.token_url, json=body, timeout=5)
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_request"


def test_wrong_client_secret_is_rejected(sandbox):
    response = _exchange(sandbox, client_secret="wrong")
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_client", "error_description": "Client credentials are invalid."}


def test_expiring_token_comes_with_a_refresh_token_and_expires(sandbox, clock):
    body = _exchange(sandbox, expiring="1").json()
    assert body["expires_in"] == 3600
    assert body["refresh_token"].startswith("shprt_")
    assert body["refresh_token_expires_in"] > 3600
    assert _shop(sandbox, body["access_token"]).status_code == 200
    clock.advance(3601)
    expired = _shop(sandbox, body["access_token"])
    assert expired.status_code == 401
    assert expired.json() == INVALID_TOKEN


def test_refresh_rotates_the_refresh_token(sandbox):
    first = _exchange(sandbox, expiring="1").json()
    second = _refresh(sandbox, first["refresh_token"]).json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert _shop(sandbox, second["access_token"]).status_code == 200
    # The old refresh token survives until the new one is used (a retry after a lost response works) ...
    retry = _refresh(sandbox, first["refresh_token"])
    assert retry.status_code == 200
    # ... and dies once its successor is used.
    assert _refresh(sandbox, retry.json()["refresh_token"]).status_code == 200
    dead = _refresh(sandbox, first["refresh_token"])
    assert dead.status_code == 400
    assert dead.json()["error"] == "invalid_grant"
    assert _refresh(sandbox, second["refresh_token"]).status_code == 400


def test_refresh_with_an_unknown_token_is_rejected(sandbox):
    assert _refresh(sandbox, "shprt_unknown").status_code == 400


def test_missing_or_unknown_token_gets_401(sandbox):
    for token in (None, "shpat_not-a-token"):
        response = _shop(sandbox, token)
        assert response.status_code == 401
        assert response.json() == INVALID_TOKEN


def test_revoke_token_fault_invalidates_access_tokens_but_not_refresh_tokens(sandbox):
    body = sandbox.issue_access_token(expiring=True)
    sandbox.inject_fault("revoke_token")
    assert _shop(sandbox, body["access_token"]).status_code == 401
    refreshed = _refresh(sandbox, body["refresh_token"])
    assert refreshed.status_code == 200
    assert _shop(sandbox, refreshed.json()["access_token"]).status_code == 200


def test_uninstall_like_revocation_also_kills_refresh_tokens(sandbox):
    body = sandbox.issue_access_token(expiring=True)
    sandbox.inject_fault("revoke_token", include_refresh_tokens=True)
    assert _refresh(sandbox, body["refresh_token"]).status_code == 400


def test_token_endpoint_faults_can_be_injected(sandbox):
    sandbox.inject_fault("500", endpoint="token")
    assert _exchange(sandbox).status_code == 500
    assert _exchange(sandbox).status_code == 200


def test_other_api_versions_and_paths_are_not_found(sandbox):
    token = sandbox.issue_access_token()["access_token"]
    url = sandbox.base_url + "/admin/api/2024-01/graphql.json"
    response = requests.post(url, json={"query": SHOP_QUERY}, headers={"X-Shopify-Access-Token": token}, timeout=5)
    assert response.status_code == 404


def _client_credentials(sandbox: ShopifySandbox, secret: str = "sandbox-secret") -> requests.Response:
    body = {"client_id": "sandbox-client", "client_secret": secret, "grant_type": "client_credentials"}
    return requests.post(sandbox.token_url, json=body, timeout=5)


def test_the_client_credentials_grant_gives_a_24h_token_without_refresh_token(sandbox, clock):
    answer = _client_credentials(sandbox).json()
    assert set(answer) == {"access_token", "scope", "expires_in"}
    assert answer["expires_in"] == 86399
    assert _shop(sandbox, answer["access_token"]).status_code == 200
    clock.advance(86400)
    assert _shop(sandbox, answer["access_token"]).status_code == 401
    assert _client_credentials(sandbox, secret="wrong").status_code == 400


def test_one_expiring_offline_token_per_shop_a_new_one_revokes_the_old(sandbox):
    granted = _client_credentials(sandbox).json()["access_token"]
    expiring = _exchange(sandbox, expiring="1").json()
    assert _shop(sandbox, granted).status_code == 401
    refreshed = _refresh(sandbox, expiring["refresh_token"]).json()
    assert _shop(sandbox, expiring["access_token"]).status_code == 401
    assert _shop(sandbox, refreshed["access_token"]).status_code == 200
    legacy = sandbox.issue_access_token()["access_token"]  # non-expiring tokens are not affected
    _client_credentials(sandbox)
    assert _shop(sandbox, legacy).status_code == 200
