"""Resolver dispatch: explicit resolvers by (type, field), else the snake_case attribute of the source.

Sources are the dataclasses of `state.py` (attributes in snake_case, `gid` for `id`) or plain dicts
already shaped like the GraphQL type (camelCase keys, `__typename` for abstract types).
"""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLAbstractType, GraphQLResolveInfo

from . import bulk, bulk_mutations, media, resolvers_content, resolvers_products, resolvers_query, resolvers_stock

RESOLVERS = {
    **resolvers_query.RESOLVERS,
    **resolvers_products.RESOLVERS,
    **resolvers_content.RESOLVERS,
    **resolvers_stock.RESOLVERS,
    **bulk.RESOLVERS,
    **bulk_mutations.RESOLVERS,
    **media.RESOLVERS,  # after bulk: its nodes(ids:) also resolves media
}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """camelCase -> snake_case, for attribute names and resolver keyword arguments."""
    return _CAMEL.sub("_", name).lower()


def field_resolver(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """Resolves one field of the sandbox schema."""
    resolver = RESOLVERS.get((info.parent_type.name, info.field_name))
    if resolver is not None:
        return resolver(source, info, **{snake(key): value for key, value in args.items()})
    if isinstance(source, dict):
        return source.get(info.field_name)
    if info.field_name == "id":
        return source.gid
    return getattr(source, snake(info.field_name))


def type_resolver(value: Any, _info: GraphQLResolveInfo, _abstract_type: GraphQLAbstractType) -> str:
    """The concrete GraphQL type name of a value returned for an interface or union field."""
    return value["__typename"] if isinstance(value, dict) else type(value).typename
