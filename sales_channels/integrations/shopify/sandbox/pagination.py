"""Cursor connections and the search `query:` syntax as the sandbox understands them.

Cursors are opaque base64 JSON (`last_id`, `last_value`) like Shopify's, so pages stay stable when
objects are deleted between two calls. Search supports `field:value`, `field:>value` (also `>=`,
`<`, `<=`), quoted values, a trailing `*` wildcard, `-field:value` negation and free text (title).
"""

from __future__ import annotations

import base64
import binascii
import json
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError

MAX_PAGE_SIZE = 250


def _encode_cursor(item_id: int, value: object) -> str:
    raw = json.dumps({"last_id": item_id, "last_value": value}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[object, int]:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return decoded["last_value"], int(decoded["last_id"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise GraphQLError(f"Invalid cursor for current pagination sort: {cursor!r}") from exc


def check_first(first: int | None, *, max_first: int = MAX_PAGE_SIZE) -> int:
    """Shopify's page-size rules: `first` (or `last`) is required and at most 250."""
    if first is None:
        raise GraphQLError("you must provide one of first or last")
    if first < 0:
        raise GraphQLError("first must be greater than or equal to 0")
    if first > max_first:
        raise GraphQLError(f"first must be less than or equal to {max_first}")
    return first


def connection(
    items: Iterable[Any],
    *,
    first: int | None,
    after: str | None = None,
    sort_value: Callable[[Any], object] | None = None,
) -> dict[str, Any]:
    """One page of `items` as a connection dict with `nodes`, `edges` and `pageInfo`."""
    size = check_first(first)
    value_of = sort_value or (lambda item: item.id)
    ordered = sorted(items, key=lambda item: (value_of(item), item.id))
    if after:
        last_value, last_id = _decode_cursor(after)
        ordered = [item for item in ordered if (value_of(item), item.id) > (last_value, last_id)]
    page = ordered[:size]
    edges = [{"node": item, "cursor": _encode_cursor(item.id, value_of(item))} for item in page]
    return {
        "nodes": page,
        "edges": edges,
        "pageInfo": {
            "hasNextPage": len(ordered) > size,
            "hasPreviousPage": bool(after),
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


@dataclass(frozen=True)
class Term:
    """One search term: `field` is None for free text."""

    field: str | None
    op: str
    value: str
    negated: bool = False


def parse_search(query: str | None) -> list[Term]:
    """Splits a Shopify search query into terms joined by AND (`AND` tokens are optional)."""
    if not query:
        return []
    try:
        tokens = shlex.split(query)
    except ValueError as exc:
        raise GraphQLError(f"Invalid search query: {query!r}") from exc
    return [_term(token) for token in tokens if token.upper() != "AND"]


def _term(token: str) -> Term:
    negated = token.startswith("-")
    token = token.removeprefix("-")
    if ":" not in token:
        return Term(None, ":", token, negated)
    field, value = token.split(":", 1)
    op = next((candidate for candidate in (">=", "<=", ">", "<") if value.startswith(candidate)), ":")
    return Term(field.lower(), op, value[len(op) :] if op != ":" else value, negated)


def _compare(actual: str, term: Term) -> bool:
    if term.op == ":":
        wanted = term.value.lower()
        if wanted.endswith("*"):
            return actual.lower().startswith(wanted[:-1])
        return actual.lower() == wanted
    if actual.isdigit() and term.value.isdigit():
        left, right = int(actual), int(term.value)
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[term.op]
    return {">": actual > term.value, ">=": actual >= term.value, "<": actual < term.value, "<=": actual <= term.value}[
        term.op
    ]


def matches(terms: Sequence[Term], fields: Callable[[str | None], list[str] | None]) -> bool:
    """Whether every term matches one of the values `fields(name)` returns for the object.

    Like Shopify, a filter on a field the resource does not support (`fields` returns None) is ignored.
    """
    for term in terms:
        values = fields(term.field)
        if values is None:
            continue
        if term.field is None:
            hit = any(term.value.lower() in value.lower() for value in values)
        else:
            hit = any(_compare(value, term) for value in values)
        if hit == term.negated:
            return False
    return True
