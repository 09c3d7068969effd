"""Validation of sandbox exchanges against eBay's published OpenAPI 3 specs (openapi-core).

`validate(exchange)` checks the request the integration sent against the operation's request schema
(parameters, headers, body) and the sandbox's answer against its response schema. The specs come
from `$ONESILA_SHARED_DIR/vendor-specs/ebay/` (default `../shared`); `specs_or_skip()` skips a test
cleanly when they are absent. Three adjustments to the published files, all eBay's own documented
behaviour: `servers` use their `basePath` default (openapi-core does not expand a variable holding
slashes), and `aspects` (declared `string`) is the object {name: [values]} eBay documents and takes;
a feed's result file (declared as the Java `StreamingOutput` object) is the binary file it is.
OAuth (consent page, token endpoint) has no OpenAPI spec and is not validated here.
"""

import json
import os
import warnings
from functools import cache
from pathlib import Path

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from requests.structures import CaseInsensitiveDict

SPECS = {
    "/sell/inventory/v1": "sell_inventory_v1_oas3.json",
    "/sell/account/v1": "sell_account_v1_oas3.json",
    "/commerce/identity/v1": "commerce_identity_v1_oas3.json",
    "/commerce/notification/v1": "commerce_notification_v1_oas3.json",
    "/sell/fulfillment/v1": "sell_fulfillment_v1_oas3.json",
    "/commerce/taxonomy/v1": "commerce_taxonomy_v1_oas3.json",
    "/sell/feed/v1": "sell_feed_v1_oas3.json",
}
BINARY = {"type": "string", "format": "binary"}
ASPECTS = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}


def specs_dir() -> Path:
    shared = os.environ.get("ONESILA_SHARED_DIR") or str(Path(__file__).resolve().parents[5] / "shared")
    return Path(shared) / "vendor-specs" / "ebay"


def specs_or_skip() -> Path:
    found = specs_dir()
    if not (found / SPECS["/sell/inventory/v1"]).exists():
        pytest.skip(f"eBay OpenAPI specs not found in {found}")
    return found


@cache
def api_for(base_path: str) -> tuple[OpenAPI, str]:
    spec = json.loads((specs_dir() / SPECS[base_path]).read_text())
    server = spec["servers"][0]["url"].replace("{basePath}", base_path)
    spec["servers"] = [{"url": server}]
    for name in ("Product", "InventoryItemGroup"):
        schema = spec.get("components", {}).get("schemas", {}).get(name)
        if schema and "aspects" in schema.get("properties", {}):
            schema["properties"]["aspects"] = ASPECTS
    if "StreamingOutput" in spec.get("components", {}).get("schemas", {}):  # the Java type of a file download
        spec["components"]["schemas"]["StreamingOutput"] = BINARY
    return OpenAPI.from_dict(spec), server


def covered(path: str) -> str | None:
    """The spec base path of a sandbox path, or None (OAuth and control routes)."""
    return next((base for base in SPECS if path.startswith(base + "/") or path == base), None)


def _pair(exchange) -> tuple[RequestsOpenAPIRequest, RequestsOpenAPIResponse]:
    base = covered(exchange.path)
    api, server = api_for(base)
    url = server + exchange.path[len(base) :]
    request = requests.Request(
        exchange.method, url, headers=exchange.headers, params=exchange.query, data=exchange.body or None
    ).prepare()
    response = requests.Response()
    response.status_code = exchange.reply.status
    response._content = exchange.reply.body
    response.headers = CaseInsensitiveDict(exchange.reply.headers)
    response.request = request
    return RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response)


def validate(exchange) -> None:
    """Raise openapi-core's validation error when the request or the answer does not match eBay's spec."""
    api, _server = api_for(covered(exchange.path))
    request, response = _pair(exchange)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unsupported scheme type")
        api.validate_request(request)
        api.validate_response(request, response)


def problems(exchanges) -> list[str]:
    """Every exchange that does not match eBay's spec, one line each (all reported at once; none: [])."""
    found = []
    for exchange in exchanges:
        try:
            validate(exchange)
        except Exception as error:  # noqa: BLE001 - collected: every mismatch is reported at once
            found.append(
                f"{exchange.method} {exchange.path} {exchange.reply.status}: {type(error).__name__} {error}"[:400]
            )
    return found
