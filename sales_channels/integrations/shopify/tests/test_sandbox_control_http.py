"""The Shopify sandbox mounts the framework's fault switches over HTTP, in test mode only."""

import requests

from sales_channels.integrations.shopify.sandbox import ShopifySandbox

QUERY = {"query": "query ShopName { shop { name } }"}


def _graphql(sandbox, token):
    return requests.post(sandbox.graphql_url, json=QUERY, headers={"X-Shopify-Access-Token": token}, timeout=10)


def test_faults_switched_over_http_hit_the_next_calls():
    with ShopifySandbox(test_mode=True) as sandbox:
        token = sandbox.issue_access_token()["access_token"]
        control = f"{sandbox.base_url}/__sandbox__/faults"
        assert requests.post(control, json={"rates": {"5xx": 1.0}}, timeout=10).status_code == 200
        assert _graphql(sandbox, token).status_code == 500
        requests.post(control, json={"rates": {"truncated_json": 1.0}}, timeout=10)
        truncated = _graphql(sandbox, token)
        assert truncated.status_code == 200
        assert truncated.content.startswith(b'{"data": {"product')
        requests.post(control, json={"rates": {"revoked_token": 1.0}}, timeout=10)
        assert _graphql(sandbox, token).status_code == 401
        described = requests.delete(control, timeout=10).json()
        assert described["injected"] == {"5xx": 1, "429": 0, "timeout": 0, "truncated_json": 1, "revoked_token": 1}
        fresh = sandbox.issue_access_token()["access_token"]
        assert _graphql(sandbox, fresh).status_code == 200
        state = requests.get(f"{sandbox.base_url}/__sandbox__/state", timeout=10).json()
        assert {name: state[name] for name in ("products", "variants", "media")} == sandbox.counts()
        assert len(state["listings"]) == sandbox.product_count
        assert all(isinstance(listing["skus"], list) for listing in state["listings"])


def test_without_test_mode_the_switches_do_not_exist():
    with ShopifySandbox() as sandbox:
        token = sandbox.issue_access_token()["access_token"]
        reply = requests.post(f"{sandbox.base_url}/__sandbox__/faults", json={"rates": {"5xx": 1.0}}, timeout=10)
        assert reply.status_code == 404
        assert requests.get(f"{sandbox.base_url}/__sandbox__/state", timeout=10).status_code == 404
        assert _graphql(sandbox, token).status_code == 200
