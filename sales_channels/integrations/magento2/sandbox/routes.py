"""The sandbox's REST routes: `/rest/<scope>/V1/<route>` -> a handler over the store state.

A route handler takes a `Call` (method, scope, path parameters, query, decoded body) and returns
the JSON answer or raises `MagentoError`. The table is matched in order; `{name}` segments match
one URL-encoded segment (SKUs may contain slashes encoded as %2F).
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from . import bulk, catalog, eav, prices
from .errors import SERVER_ERROR, MagentoError
from .search import parse, search
from .state import BASE_CURRENCY, StoreState


@dataclass
class Call:
    """One REST call as a route handler sees it."""

    method: str
    scope: str
    params: dict[str, str]
    query: list[tuple[str, str]]
    body: Any
    state: StoreState
    base_url: str
    option_answer: str


def _search_answer(call: Call, records: list[dict[str, Any]]) -> dict[str, Any]:
    items, total, echoed = search(records, parse(call.query))
    return {"items": items, "search_criteria": echoed, "total_count": total}


def _products(call: Call) -> dict[str, Any]:
    state = call.state
    store_id = catalog.ADMIN_STORE_ID if call.scope == "all" else catalog.scope_store_id(state, call.scope)
    records = [catalog.view_of(state, p, store_id) for p in sorted(state.products.values(), key=lambda p: p["id"])]
    return _search_answer(call, records)


def _operations(call: Call) -> dict[str, Any]:
    """GET /V1/bulk: Magento 2.4 keys the loaded operations by `id`, their index in their own bulk, so an
    answer holding two operations of different bulks with the same index fails (magento2#29579) with a
    server error (its message is only in Magento's log)."""
    answer = _search_answer(call, bulk.all_operations(call.state))
    ids = [item["id"] for item in answer["items"]]
    if len(ids) != len(set(ids)):
        raise MagentoError(500, SERVER_ERROR, [uuid.uuid4().hex[:12]])
    return answer


def _store_configs(call: Call) -> list[dict[str, Any]]:
    wanted = [value for key, value in call.query if key.startswith("storeCodes")]
    views = [v for v in call.state.views if v.code != "admin" and (not wanted or v.code in wanted)]
    return [view.as_config(base_url=call.base_url) for view in views]


def _currency(call: Call) -> dict[str, Any]:
    codes = sorted({BASE_CURRENCY, *(v.currency for v in call.state.views)})
    return {
        "base_currency_code": BASE_CURRENCY,
        "base_currency_symbol": "€",
        "default_display_currency_code": BASE_CURRENCY,
        "default_display_currency_symbol": "€",
        "available_currency_codes": codes,
        "exchange_rates": [{"currency_to": code, "rate": 1.0} for code in codes],
    }


def _remove_child(call: Call) -> bool:
    state = call.state
    with state.lock:
        parent = catalog._configurable(state, call.params["sku"])
        child = state.products.get(call.params["child"])
        links = parent["extension_attributes"].get("configurable_product_links") or []
        if child is None or child["id"] not in links:
            raise MagentoError(404, "The option that was requested doesn't exist. Verify the entity and try again.")
        links.remove(child["id"])
    return True


ROUTES: list[tuple[str, str, Callable[[Call], Any]]] = [
    ("GET", "store/websites", lambda c: [dict(w) for w in c.state.websites]),
    ("GET", "store/storeGroups", lambda c: [dict(g) for g in c.state.store_groups]),
    ("GET", "store/storeViews", lambda c: [view.as_store() for view in c.state.views]),
    ("GET", "store/storeConfigs", _store_configs),
    ("GET", "directory/currency", _currency),
    ("GET", "eav/attribute-sets/list", lambda c: _search_answer(c, eav.attribute_sets(c.state))),
    ("GET", "products/attribute-sets/groups/list", lambda c: _search_answer(c, eav.set_groups(c.state))),
    ("POST", "products/attribute-sets/attributes", lambda c: eav.assign_to_set(c.state, c.body)),
    ("GET", "products/attribute-sets/{set}/attributes", lambda c: eav.set_attributes(c.state, c.params["set"])),
    ("GET", "products/attributes", lambda c: _search_answer(c, [a.as_json() for a in c.state.attributes.values()])),
    ("POST", "products/attributes", lambda c: eav.create_attribute(c.state, c.body)),
    ("GET", "products/attributes/{code}/options", lambda c: eav.options(c.state, c.params["code"])),
    (
        "POST",
        "products/attributes/{code}/options",
        lambda c: eav.add_option(c.state, c.params["code"], c.body, answer_format=c.option_answer),
    ),
    ("GET", "products/attributes/{code}", lambda c: eav.get_attribute(c.state, c.params["code"]).as_json()),
    ("POST", "products/base-prices", lambda c: catalog.base_prices(c.state, c.body)),
    ("POST", "products/special-price", lambda c: prices.update(c.state, c.body)),
    ("POST", "products/special-price-delete", lambda c: prices.delete(c.state, c.body)),
    ("POST", "products/special-price-information", lambda c: prices.information(c.state, c.body)),
    ("GET", "products", _products),
    ("POST", "products", lambda c: catalog.save_product(c.state, c.scope, c.body)),
    (
        "GET",
        "products/{sku}/media",
        lambda c: catalog.get_product(c.state, "all", c.params["sku"])["media_gallery_entries"],
    ),
    ("POST", "products/{sku}/media", lambda c: catalog.add_media(c.state, c.params["sku"], c.body)),
    (
        "DELETE",
        "products/{sku}/media/{entry}",
        lambda c: catalog.delete_media(c.state, c.params["sku"], c.params["entry"]),
    ),
    ("PUT", "products/{sku}/stockItems/{item}", lambda c: catalog.save_stock_item(c.state, c.params["sku"], c.body)),
    ("GET", "products/{sku}", lambda c: catalog.get_product(c.state, c.scope, c.params["sku"])),
    ("PUT", "products/{sku}", lambda c: catalog.save_product(c.state, c.scope, c.body, sku=c.params["sku"])),
    ("DELETE", "products/{sku}", lambda c: catalog.delete_product(c.state, c.params["sku"])),
    ("GET", "configurable-products/{sku}/children", lambda c: catalog.children(c.state, c.params["sku"])),
    ("GET", "configurable-products/{sku}/options/all", lambda c: catalog.options_all(c.state, c.params["sku"])),
    ("POST", "configurable-products/{sku}/options", lambda c: catalog.add_option(c.state, c.params["sku"], c.body)),
    ("POST", "configurable-products/{sku}/child", lambda c: catalog.add_child(c.state, c.params["sku"], c.body)),
    ("DELETE", "configurable-products/{sku}/children/{child}", _remove_child),
    (
        "GET",
        "inventory/sources",
        lambda c: _search_answer(
            c,
            [
                {"source_code": s, "name": s.title(), "enabled": True, "country_id": "BE", "postcode": "1000"}
                for s in c.state.sources
            ],
        ),
    ),
    ("GET", "inventory/source-items", lambda c: _search_answer(c, list(c.state.source_items.values()))),
    ("POST", "inventory/source-items", lambda c: catalog.save_source_items(c.state, c.body)),
    ("GET", "bulk", _operations),
    ("GET", "bulk/{uuid}/detailed-status", lambda c: bulk.detailed_status(c.state, c.params["uuid"])),
    ("GET", "bulk/{uuid}/status", lambda c: bulk.short_status(c.state, c.params["uuid"])),
    ("GET", "orders", lambda c: _search_answer(c, c.state.orders)),
]

_COMPILED = [
    (method, re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route) + "$"), run)
    for method, route, run in ROUTES
]


def match(method: str, route: str) -> tuple[Callable[[Call], Any], dict[str, str]]:
    """The handler and path parameters of a route; a 404 Magento error when none matches."""
    for route_method, pattern, run in _COMPILED:
        found = pattern.match(route)
        if found and route_method == method:
            return run, {name: unquote(value) for name, value in found.groupdict().items()}
    raise MagentoError(404, "Request does not match any route.")
