"""Checks a metafield value (always a string on the wire) against its Shopify metafield type.

Covers the common content types, measurement/money JSON shapes, references by gid kind and the
`list.` variants of each; a definition's `choices` validation is enforced too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlparse

from .state import GID_RE

_INTEGER = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_MAX_INTEGER = 9007199254740991
_UNITS = {
    "weight": {"oz", "lb", "g", "kg"},
    "dimension": {"in", "ft", "yd", "mm", "cm", "m"},
    "volume": {
        "ml",
        "cl",
        "l",
        "m3",
        "us_fl_oz",
        "us_pt",
        "us_qt",
        "us_gal",
        "imp_fl_oz",
        "imp_pt",
        "imp_qt",
        "imp_gal",
    },
}
_REFERENCE_KINDS = {
    "product_reference": {"Product"},
    "variant_reference": {"ProductVariant"},
    "collection_reference": {"Collection"},
    "file_reference": {"MediaImage", "GenericFile", "Video"},
    "page_reference": {"Page"},
    "metaobject_reference": {"Metaobject"},
    "customer_reference": {"Customer"},
    "company_reference": {"Company"},
}


def _json(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return _INVALID


_INVALID = object()


def _text_single(value: str) -> str | None:
    return "Value must be a single line of text." if "\n" in value or "\r" in value else None


def _integer(value: str) -> str | None:
    if not _INTEGER.match(value) or abs(int(value)) > _MAX_INTEGER:
        return "Value must be an integer."
    return None


def _decimal(value: str) -> str | None:
    return None if _DECIMAL.match(value) else "Value must be a decimal number."


def _boolean(value: str) -> str | None:
    return None if value in ("true", "false") else "Value must be true or false."


def _json_value(value: str) -> str | None:
    return "Value must be valid JSON." if _json(value) is _INVALID else None


def _rich_text(value: str) -> str | None:
    parsed = _json(value)
    if not isinstance(parsed, dict) or parsed.get("type") != "root":
        return 'Value must be a rich text JSON document with "type": "root".'
    return None


def _date(value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return "Value must be a date in YYYY-MM-DD format."
    return None


def _date_time(value: str) -> str | None:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "Value must be an ISO 8601 date and time."
    return None


def _url(value: str) -> str | None:
    parsed = urlparse(value)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return None
    if parsed.scheme in ("mailto", "sms", "tel") and parsed.path:
        return None
    return "Value must be a URL with an http, https, mailto, sms or tel scheme."


def _color(value: str) -> str | None:
    return None if _COLOR.match(value) else "Value must be a hex color code like #FF0000."


def _measurement(kind: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        parsed = _json(value)
        ok = (
            isinstance(parsed, dict)
            and isinstance(parsed.get("value"), int | float)
            and parsed.get("unit") in _UNITS[kind]
        )
        return None if ok else f'Value must be JSON like {{"value": 1.5, "unit": "..."}} with a valid {kind} unit.'

    return check


def _money(value: str) -> str | None:
    parsed = _json(value)
    ok = isinstance(parsed, dict) and _DECIMAL.match(str(parsed.get("amount", ""))) and parsed.get("currency_code")
    return None if ok else 'Value must be JSON like {"amount": "5.99", "currency_code": "EUR"}.'


def _rating(value: str) -> str | None:
    parsed = _json(value)
    keys = ("value", "scale_min", "scale_max")
    ok = isinstance(parsed, dict) and all(_DECIMAL.match(str(parsed.get(key, ""))) for key in keys)
    return None if ok else 'Value must be JSON like {"value": "3.5", "scale_min": "1.0", "scale_max": "5.0"}.'


def _reference(kinds: set[str]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        match = GID_RE.match(value)
        return None if match and match["kind"] in kinds else f"Value must be a gid of a {'/'.join(sorted(kinds))}."

    return check


CHECKS: dict[str, Callable[[str], str | None]] = {
    "single_line_text_field": _text_single,
    "multi_line_text_field": lambda value: None,
    "rich_text_field": _rich_text,
    "number_integer": _integer,
    "number_decimal": _decimal,
    "boolean": _boolean,
    "json": _json_value,
    "date": _date,
    "date_time": _date_time,
    "url": _url,
    "color": _color,
    "weight": _measurement("weight"),
    "dimension": _measurement("dimension"),
    "volume": _measurement("volume"),
    "money": _money,
    "rating": _rating,
    **{name: _reference(kinds) for name, kinds in _REFERENCE_KINDS.items()},
}
_LIST_BASES = set(CHECKS) - {"multi_line_text_field", "rich_text_field", "json", "boolean", "money"}


def is_known_type(type_name: str) -> bool:
    """Whether the sandbox knows this metafield type (unknown types are rejected like Shopify does)."""
    base = type_name.removeprefix("list.")
    return base in CHECKS if type_name == base else base in _LIST_BASES


def _items(type_name: str, value: str) -> list[str] | str:
    """The string form of each list item, or an error message."""
    parsed = _json(value)
    if not isinstance(parsed, list):
        return "Value must be a JSON array."
    return [item if isinstance(item, str) else json.dumps(item) for item in parsed]


def _choices(validations: list[tuple[str, str]]) -> list[str] | None:
    raw = dict(validations).get("choices")
    parsed = _json(raw) if raw else None
    return parsed if isinstance(parsed, list) else None


def value_error(type_name: str, value: str, validations: list[tuple[str, str]] | None = None) -> str | None:
    """Why the value is invalid for the type (and the definition's choices), or None when it is valid."""
    base = type_name.removeprefix("list.")
    items = _items(type_name, value) if base != type_name else [value]
    if isinstance(items, str):
        return items
    check = CHECKS[base]
    choices = _choices(validations or [])
    for item in items:
        error = check(item)
        if error:
            return error
        if choices is not None and item not in choices:
            return f"Value does not exist in provided choices: {json.dumps(choices)}."
    return None
