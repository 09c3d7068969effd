"""Requests and answers checked against Magento's published admin REST schema (Swagger 2.0) with jsonschema.

`../shared/vendor-specs/magento/admin-schema-2.4.9.yaml` (or `ONESILA_SHARED_DIR`); tests that need it
skip cleanly when it is absent. Swagger 2.0 schema objects are JSON Schema draft 4, so each check
validates with `jsonschema.Draft4Validator` against the operation's body or 200 schema, the spec's
definitions embedded for `$ref`. Request bodies are checked strictly (`additionalProperties: false`
wherever the schema lists properties: Magento refuses unknown fields); answers as published.

Async bulk routes are not in the schema (Magento derives them from the synchronous ones): a bulk
body is an array whose items are checked against the synchronous route's body, a `bySku` segment
standing for the `{sku}` path parameter that each item carries.
"""

import copy
import functools
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from jsonschema import Draft4Validator

SHARED_DIR = Path(os.environ.get("ONESILA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
SPEC_PATH = SHARED_DIR / "vendor-specs" / "magento" / "admin-schema-2.4.9.yaml"
_REST = re.compile(r"^/rest/(?:[a-z][a-z0-9_]*/)?(?P<async>async/bulk/)?(?P<route>V1/.+)$")


def require_spec() -> dict[str, Any]:
    """The parsed schema, or skip the test when ../shared is absent."""
    if not SPEC_PATH.exists():
        pytest.skip(f"the Magento admin schema is not available at {SPEC_PATH}")
    return _load()


@functools.lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open() as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader (C or Python)


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _strict(value) for key, value in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


@functools.lru_cache(maxsize=1)
def _strict_definitions() -> dict[str, Any]:
    return _strict(_load()["definitions"])


@functools.lru_cache(maxsize=1)
def _templates() -> list[tuple[re.Pattern, str]]:
    found = []
    for template in _load()["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        found.append((re.compile(f"^{pattern}$"), template))
    # literal segments win over parameters: "/V1/products/attributes" before "/V1/products/{sku}"
    found.sort(key=lambda pair: (pair[1].count("{"), -len(pair[1])))
    return found


def operation(*, method: str, path: str) -> tuple[dict[str, Any], bool]:
    """(the Swagger operation of a REST path, whether the call is an async bulk one); fails when unpublished."""
    found = _REST.match(path)
    assert found, f"not a REST path: {path}"
    route = "/" + found.group("route").replace("/bySku", "/{sku}")
    for pattern, template in _templates():
        if pattern.match(route) or (found.group("async") and template == route):
            ops = _load()["paths"][template]
            assert method.lower() in ops, f"{method} {template} is not published"
            return ops[method.lower()], bool(found.group("async"))
    raise AssertionError(f"{method} {route} is not in Magento's admin REST schema")


def _validator(schema: dict[str, Any], *, strict: bool) -> Draft4Validator:
    definitions = _strict_definitions() if strict else _load()["definitions"]
    root = {**(_strict(copy.deepcopy(schema)) if strict else schema), "definitions": definitions}
    return Draft4Validator(root)


def _errors(validator: Draft4Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def request_errors(*, method: str, path: str, body: Any) -> list[str]:
    """Why a request body does not match the published body schema (empty: it does)."""
    op, is_bulk = operation(method=method, path=path)
    schemas = [p["schema"] for p in op.get("parameters", []) if p.get("in") == "body"]
    if not schemas:
        return [] if body in (None, {}, []) else [f"{method} {path} takes no body"]
    validator = _validator(schemas[0], strict=True)
    if not is_bulk:
        return _errors(validator, body)
    if not isinstance(body, list):
        return ["a bulk body must be an array"]
    by_sku = "/bySku" in path
    problems = []
    for item in body:
        item = {k: v for k, v in item.items() if k != "sku"} if by_sku and isinstance(item, dict) else item
        problems += _errors(validator, item)
    return problems


def answer_errors(*, method: str, path: str, answer: Any) -> list[str]:
    """Why an answer does not match the published 200 schema (bulk answers are not published: no check)."""
    op, is_bulk = operation(method=method, path=path)
    if is_bulk:
        return []
    schema = (op.get("responses", {}).get("200") or {}).get("schema")
    if schema is None:
        return []
    return _errors(_validator(schema, strict=False), answer)


def sent_request_errors(sandbox) -> dict[str, list[str]]:
    """The requests a sandbox received that do not match the published schema, with why (empty: all match).

    Without ../shared there is no schema to check against: empty, so the behaviour tests around it still run."""
    if not SPEC_PATH.exists():
        return {}
    problems = {
        f"{r['method']} {r['path']}": request_errors(method=r["method"], path=r["path"], body=r["body"])
        for r in sandbox.requests
    }
    return {key: errors for key, errors in problems.items() if errors}
