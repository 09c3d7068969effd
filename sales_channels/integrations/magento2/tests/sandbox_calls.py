"""Test helper: signed REST calls to a sandbox (requests + requests-oauthlib), without the framework."""

from typing import Any

import requests
from requests_oauthlib import OAuth1

from sales_channels.integrations.magento2.sandbox import Magento2Sandbox


class SignedCalls:
    """Calls a sandbox with its integration's OAuth 1.0a credentials (HMAC-SHA256)."""

    def __init__(self, sandbox: Magento2Sandbox, **overrides: str) -> None:
        credentials = {**sandbox.credentials(), **overrides}
        self.base_url = sandbox.base_url
        self.auth = OAuth1(
            credentials["consumer_key"],
            credentials["consumer_secret"],
            credentials["access_token"],
            credentials["access_token_secret"],
            signature_method="HMAC-SHA256",
        )

    def call(self, method: str, path: str, *, body: Any = None, params: Any = None) -> requests.Response:
        return requests.request(method, self.base_url + path, json=body, params=params, auth=self.auth, timeout=10)

    def json(self, method: str, path: str, *, body: Any = None, params: Any = None) -> Any:
        response = self.call(method, path, body=body, params=params)
        assert response.status_code in (200, 202), (response.status_code, response.text)
        return response.json()
