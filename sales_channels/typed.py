"""Typed vendor answers: parse a vendor's JSON once, at the client edge, into small frozen dataclasses.

    @dataclass(frozen=True)
    class PageInfo:
        has_next_page: bool = field(metadata={"key": "hasNextPage"})
        end_cursor: str | None = field(default=None, metadata={"key": "endCursor"})

    page = parse_answer(answer_type=PageInfo, data=data["pageInfo"], path="products.pageInfo")

Supported field types: str, int, float, bool, Decimal (from a string or a number), Any, dict,
`X | None`, `list[X]`, `tuple[X, ...]` and nested dataclasses. A field's JSON key is its name, or
`metadata={"key": ...}`; a field without a default is required. A value of the wrong shape raises
`InvalidVendorPayload` naming the path that was wrong (e.g. `orders.nodes[3].id: expected str, got
int`), so steps read attributes instead of digging through dicts with `.get(...) or {}`.
"""

import dataclasses
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from sales_channels.exceptions import InvalidVendorPayload

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")
SCALARS = (str, int, float, bool)


def _fail(path: str, expected: str, value: Any) -> InvalidVendorPayload:
    shown = repr(value)[:80]
    return InvalidVendorPayload(f"{path}: expected {expected}, got {type(value).__name__} {shown}", raw_excerpt=shown)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _scalar(kind: type, value: Any, path: str) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
    elif kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif isinstance(value, kind):
        return value
    raise _fail(path, kind.__name__, value)


def _decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _fail(path, "a decimal", value)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _fail(path, "a decimal", value) from None


def _union(args: tuple, value: Any, path: str) -> Any:
    if value is None and type(None) in args:
        return None
    options = [arg for arg in args if arg is not type(None)]
    for option in options[:-1]:
        try:
            return _convert(option, value, path)
        except InvalidVendorPayload:
            continue
    return _convert(options[-1], value, path)


def _sequence(origin: type, args: tuple, value: Any, path: str) -> list | tuple:
    if not isinstance(value, list):
        raise _fail(path, "a list", value)
    items = [_convert(args[0] if args else Any, item, f"{path}[{n}]") for n, item in enumerate(value)]
    return items if origin is list else tuple(items)


def _convert(hint: Any, value: Any, path: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        return _union(args, value, path)
    if origin in (list, tuple):
        return _sequence(origin, args, value, path)
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise _fail(path, "an object", value)
        return value
    if hint is Decimal:
        return _decimal(value, path)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return parse_answer(answer_type=hint, data=value, path=path)
    if hint in SCALARS:
        return _scalar(hint, value, path)
    raise TypeError(f"{path}: unsupported field type {hint!r}")


def parse_answer(*, answer_type: type[T], data: Any, path: str = "$") -> T:
    """`data` as an `answer_type` dataclass; InvalidVendorPayload naming the first path of the wrong shape."""
    cls = answer_type
    if not isinstance(data, dict):
        raise _fail(path, f"an object ({cls.__name__})", data)
    hints = _hints(cls)
    values = {}
    for field in dataclasses.fields(cls):
        key = field.metadata.get("key", field.name)
        where = f"{path}.{key}"
        if key not in data or (data[key] is None and not _optional(hints[field.name])):
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise InvalidVendorPayload(f"{where}: missing")
            continue
        values[field.name] = _convert(hints[field.name], data[key], where)
    return cls(**values)


def _optional(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in typing.get_args(hint)
