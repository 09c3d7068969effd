"""The sandbox's GraphQL schema (a subset of Shopify's Admin SDL) and document validation helpers.

`schema.graphql` beside this module holds only what `documents/*.graphql` use; the custom scalars
get strict parsers so a bad Money, Decimal, URL or DateTime variable fails like it does on Shopify.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLScalarType,
    GraphQLSchema,
    ParallelVisitor,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    build_schema,
    specified_rules,
    visit,
)
from graphql.language import FloatValueNode, IntValueNode, StringValueNode
from graphql.validation import ValidationContext

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")


def _build(path: Path) -> GraphQLSchema:
    return build_schema(path.read_text(encoding="utf-8"), assume_valid_sdl=True)


@cache
def load_schema(path: Path) -> GraphQLSchema:
    """A schema built from an SDL file, once per process (Shopify's full SDL takes ~2 s to build)."""
    return _build(path)


def validate_document(schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
    """Runs graphql-core's specified validation rules against a schema.

    Unlike `graphql.validate`, it does not first assert the schema itself is valid: Shopify's SDL has
    two implementation fields deprecated where the interface field is not, which graphql-core rejects.
    """
    errors: list[GraphQLError] = []
    type_info = TypeInfo(schema)
    context = ValidationContext(schema, document, type_info, errors.append)
    visit(document, TypeInfoVisitor(type_info, ParallelVisitor([rule(context) for rule in specified_rules])))
    return errors


def _decimal(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise GraphQLError(f"Invalid decimal value: {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise GraphQLError(f"Invalid decimal value: {value!r}") from exc
    if not number.is_finite():
        raise GraphQLError(f"Invalid decimal value: {value!r}")
    return str(number)


def _money(value: object) -> str:
    return str(Decimal(_decimal(value)).quantize(Decimal("0.01")))


def _url(value: object) -> str:
    parsed = urlparse(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise GraphQLError(f"Invalid url {value!r}, domain name or scheme is missing")
    return value  # type: ignore[return-value]


def _date_time(value: object) -> str:
    if not isinstance(value, str):
        raise GraphQLError(f"Invalid DateTime value: {value!r}")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise GraphQLError(f"Invalid DateTime value: {value!r}") from exc
    return value


def _literal(parse):
    def coerce_literal(node: ValueNode) -> str:
        if isinstance(node, StringValueNode | IntValueNode | FloatValueNode):
            return parse(node.value)
        raise GraphQLError("Expected a string literal")

    return coerce_literal


_PARSERS = {"Money": _money, "Decimal": _decimal, "URL": _url, "DateTime": _date_time}


@cache
def sandbox_schema() -> GraphQLSchema:
    """The executable sandbox schema with strict custom scalars (built once per process)."""
    schema = _build(SCHEMA_PATH)
    for name, parse in _PARSERS.items():
        scalar = schema.type_map[name]
        if isinstance(scalar, GraphQLScalarType):
            scalar.coerce_input_value = parse
            scalar.coerce_input_literal = _literal(parse)
    return schema
