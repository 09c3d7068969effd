"""translationsRegister as a bulk mutation in the sandbox: one line per product, each line checked on its own."""

from __future__ import annotations

import hashlib
import json

import requests

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.tests.test_sandbox_bulk_mutations import (
    POLL,
    PRODUCT_SET,
    RUN,
    _line,
    _stage,
    call,
    clock,
    sandbox,
)

__all__ = ["call", "clock", "sandbox"]  # fixtures shared with test_sandbox_bulk_mutations
REGISTER = load_document("translations_register")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _products(call, clock, skus: list[str]) -> dict[str, str]:
    """Create the products in a first bulk mutation; their gids by SKU."""
    started = call(RUN, mutation=PRODUCT_SET, path=_stage(call, [_line(sku) for sku in skus]))
    clock.advance(1.0)
    done = call(POLL, id=started["data"]["bulkOperationRunMutation"]["bulkOperation"]["id"])["data"]["bulkOperation"]
    lines = [json.loads(line) for line in requests.get(done["url"], timeout=10).text.splitlines()]
    return {sku: line["data"]["productSet"]["product"]["id"] for sku, line in zip(skus, lines, strict=True)}


def test_translations_register_runs_once_per_line_with_each_lines_errors(sandbox, call, clock):
    ids = _products(call, clock, ["TR-1", "TR-2"])
    lines = [
        {
            "resourceId": ids["TR-1"],
            "translations": [
                {
                    "locale": "nl",
                    "key": "title",
                    "value": "Bulk TR-1 (nl)",
                    "translatableContentDigest": _digest("Bulk TR-1"),
                }
            ],
        },
        {  # a stale digest: this line alone is refused
            "resourceId": ids["TR-2"],
            "translations": [
                {"locale": "nl", "key": "title", "value": "Bulk TR-2 (nl)", "translatableContentDigest": "0" * 64}
            ],
        },
    ]
    started = call(RUN, mutation=REGISTER, path=_stage(call, lines))["data"]["bulkOperationRunMutation"]
    assert started["userErrors"] == []
    assert call(POLL, id=started["bulkOperation"]["id"])["data"]["bulkOperation"]["status"] == "RUNNING"
    before = sandbox.bucket.status()["currentlyAvailable"]

    clock.advance(1.0)
    done = call(POLL, id=started["bulkOperation"]["id"])["data"]["bulkOperation"]
    assert (done["status"], done["objectCount"]) == ("COMPLETED", "2")
    result = [json.loads(line) for line in requests.get(done["url"], timeout=10).text.splitlines()]
    assert [line["__lineNumber"] for line in result] == [0, 1]
    assert result[0]["data"]["translationsRegister"]["userErrors"] == []
    assert [e["code"] for e in result[1]["data"]["translationsRegister"]["userErrors"]] == [
        "INVALID_TRANSLATABLE_CONTENT"
    ]
    stored = sandbox.state.translations
    assert stored[ids["TR-1"]][("nl", "title")].value == "Bulk TR-1 (nl)"
    assert ("nl", "title") not in stored.get(ids["TR-2"], {})
    # the lines ran outside the cost bucket: only the poll was metered
    assert sandbox.bucket.status()["currentlyAvailable"] >= before - 2
