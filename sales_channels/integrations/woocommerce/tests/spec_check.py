"""Checks a request against the store's published route index (`wc-v3-index.json` in ../shared).

A request validates when its route matches an index route for its method, and every query argument
and body field it sends is declared there with a matching type and enum. Batch bodies are checked
item by item against the route's arguments (updates may carry `id`, deletes are ids). Fields the
index (a WooCommerce 3.5-era snapshot) predates are listed in `NEWER_FIELDS` / `NEWER_ROUTES`, each
confirmed by the docs tables or the vendor facts. Types follow WordPress: `object` accepts a JSON
object or list (PHP arrays), `date-time` a string.
"""

import json
import os
import re
from pathlib import Path
from typing import Any

# WooCommerce 9.2+ GTIN (vendor-facts 3); a variation's `status` (3.6+, listed with its enum in the docs tables).
NEWER_FIELDS = {"global_unique_id"}
NEWER_VARIATION_FIELDS = {"status"}
NEWER_ROUTES = {("GET", "data/currencies/current")}  # in the docs tables (data endpoints), not in the 3.5 index
AUTH_QUERY = {"oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method"}


def shared_dir() -> Path:
    return Path(os.environ.get("ONESILA_SHARED_DIR", "/work/shared"))


def index_path() -> Path:
    return shared_dir() / "vendor-specs" / "woocommerce" / "wc-v3-index.json"


class RouteIndex:
    """The index's routes as (compiled pattern, endpoints)."""

    def __init__(self, path: Path) -> None:
        routes = json.loads(path.read_text())["routes"]
        self.routes = []
        for route, spec in routes.items():
            if not route.startswith("/wc/v3/"):
                continue
            pattern = re.compile(route[len("/wc/v3/") :])
            self.routes.append((pattern, spec["endpoints"]))

    def args_for(self, method: str, route: str) -> dict[str, dict] | None:
        for pattern, endpoints in self.routes:
            if pattern.fullmatch(route):
                for endpoint in endpoints:
                    if method in endpoint["methods"]:
                        return endpoint["args"]
        return None

    def problems(self, *, method: str, route: str, query: dict[str, str], body: Any) -> list[str]:
        """Why this request does not validate (empty when it does)."""
        if (method, route) in NEWER_ROUTES:
            return []
        args = self.args_for(method, route)
        if args is None:
            return [f"{method} {route}: no such route in the index"]
        found = []
        for name, value in query.items():
            if name in AUTH_QUERY:
                continue
            found += _check(args, name, _query_value(args.get(name), value), where=f"{method} {route}?")
        if body is None:
            return found
        if route.endswith("/batch"):
            return found + _batch_problems(args, route=route, body=body)
        for name, value in body.items():
            found += _check(args, name, value, where=f"{method} {route}")
        return found


def _batch_problems(args: dict[str, dict], *, route: str, body: dict) -> list[str]:
    """Each item of create and update against the route's arguments (updates may carry `id`); deletes are ids."""
    found = []
    for item in body.get("delete", []):
        if not isinstance(item, int):
            found.append(f"{route} delete: {item!r} is not an id")
    for list_name in ("create", "update"):
        for item in body.get(list_name, []):
            for name, value in item.items():
                if (name == "id" and list_name == "update") or (
                    name in NEWER_VARIATION_FIELDS and "/variations" in route
                ):
                    continue
                found += _check(args, name, value, where=f"{route} {list_name}")
    return found


def _query_value(arg: dict | None, raw: str) -> Any:
    if arg is None:
        return raw
    kind = arg.get("type")
    if kind == "integer" and raw.lstrip("-").isdigit():
        return int(raw)
    if kind == "boolean" and raw in ("true", "false", "1", "0"):
        return raw in ("true", "1")
    if kind == "array":
        return raw.split(",")
    return raw


def _check(args: dict[str, dict], name: str, value: Any, *, where: str) -> list[str]:
    if name in NEWER_FIELDS:
        return []
    arg = args.get(name)
    if arg is None:
        return [f"{where}: '{name}' is not a declared argument"]
    kind, enum = arg.get("type"), arg.get("enum")
    ok = {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict | list),
        "date-time": value is None or isinstance(value, str),
    }.get(kind, True)
    if not ok:
        return [f"{where}: '{name}' should be {kind}, got {type(value).__name__}"]
    if enum is not None and value not in enum:
        return [f"{where}: '{name}' = {value!r} is not one of {enum}"]
    return []
