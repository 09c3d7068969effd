"""Bulk query operations: bulkOperationRunQuery, currentBulkOperation and the JSONL result file.

The sandbox runs the bulk query at once (connections get `first: 250`, the root connection is
paged to the end) and flattens the result like Shopify: one JSON object a line, every object of a
nested connection on its own line after its parent, carrying `__parentId`. The operation reports
RUNNING until `bulk_delay` seconds have passed, then COMPLETED with a URL served by the sandbox.
From 2026-01 a shop runs up to five bulk queries at once; a sixth is refused with LIMIT_REACHED.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLResolveInfo,
    IntValueNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    execute,
    get_named_type,
    parse,
    validate,
    visit,
)

from .state import SandboxState, gid, now_iso, parse_gid

BULK_PAGE = 250
FINISHED = ("COMPLETED", "FAILED", "CANCELED", "EXPIRED")

MAX_RUNNING_QUERIES = 5  # bulk queries a shop runs at once from 2026-01 (vendor-facts 1.9b)


@dataclass
class BulkOperation:
    """One bulk query and its flattened result lines."""

    id: int
    query: str
    lines: list[dict[str, Any]]
    root_count: int
    ready_at: float
    created_at: str
    error_code: str | None = None

    @property
    def gid(self) -> str:
        return gid("BulkOperation", self.id)


def operations(state: SandboxState) -> dict[int, BulkOperation]:
    """The shop's bulk operations by id (kept on the state, so `reset()` forgets them)."""
    return state.__dict__.setdefault("bulk_operations", {})


class _FirstEverywhere(Visitor):
    """Adds `first: 250` to every connection field that has none (a bulk query pages for you)."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info

    def enter_field(self, node: FieldNode, *_args: Any) -> FieldNode | None:
        field_type = self.type_info.get_type()
        arguments = tuple(node.arguments or ())
        named = get_named_type(field_type) if field_type is not None else None
        if named is None or not named.name.endswith("Connection") or any(a.name.value == "first" for a in arguments):
            return None
        first = ArgumentNode(name=NameNode(value="first"), value=IntValueNode(value=str(BULK_PAGE)))
        return replace(node, arguments=(*arguments, first))


def _with_first(document: DocumentNode, schema: Any) -> DocumentNode:
    type_info = TypeInfo(schema)
    return visit(document, TypeInfoVisitor(type_info, _FirstEverywhere(type_info)))


def _page_info_field() -> FieldNode:
    return FieldNode(
        name=NameNode(value="pageInfo"),
        selection_set=SelectionSetNode(
            selections=(FieldNode(name=NameNode(value="hasNextPage")), FieldNode(name=NameNode(value="endCursor")))
        ),
    )


def _page_root(document: DocumentNode, after: str | None) -> tuple[DocumentNode, FieldNode]:
    """The document with its one root field asking for the page after `after` and for its pageInfo.

    A bulk query does not select `pageInfo` (Shopify pages for you), so the sandbox adds it to know
    whether another page follows; without it the run stopped after the first 250 root objects.
    """
    operation = document.definitions[0]
    root = operation.selection_set.selections[0]
    arguments = [arg for arg in root.arguments or () if arg.name.value != "after"]
    if after:
        arguments.append(ArgumentNode(name=NameNode(value="after"), value=StringValueNode(value=after)))
    selections = tuple(root.selection_set.selections) if root.selection_set else ()
    if not any(isinstance(s, FieldNode) and s.name.value == "pageInfo" and not s.alias for s in selections):
        selections = (*selections, _page_info_field())
    root = replace(root, arguments=tuple(arguments), selection_set=SelectionSetNode(selections=selections))
    operation = replace(operation, selection_set=replace(operation.selection_set, selections=(root,)))
    return replace(document, definitions=(operation,)), root


def _flatten(node: Any, parent_id: str | None, lines: list[dict[str, Any]]) -> None:
    """One object as a line (nested connections removed) followed by its children's lines."""
    if not isinstance(node, dict):
        return
    own, children = {}, []
    for key, value in node.items():
        if isinstance(value, dict) and ("edges" in value or "nodes" in value):
            children.extend(_connection_nodes(value))
        else:
            own[key] = value
    if parent_id is not None:
        own["__parentId"] = parent_id
    lines.append(own)
    for child in children:
        _flatten(child, own.get("id"), lines)


def _connection_nodes(connection: dict[str, Any]) -> list[Any]:
    if "edges" in connection:
        return [(edge or {}).get("node") for edge in connection["edges"] or []]
    return list(connection.get("nodes") or [])


def _run(info: GraphQLResolveInfo, query: str) -> tuple[list[dict[str, Any]], int] | str:
    """The flattened lines and root object count, or a userError message."""
    from .resolvers import field_resolver, type_resolver  # noqa: PLC0415 - resolvers imports this module: cycle

    try:
        document = parse(query)
    except GraphQLError as error:
        return f"Invalid bulk query: {error.message}"
    errors = validate(info.schema, document)
    operation = document.definitions[0] if len(document.definitions) == 1 else None
    if errors or not isinstance(operation, OperationDefinitionNode) or operation.operation.value != "query":
        return "Invalid bulk query: " + "; ".join(e.message for e in errors) if errors else "Invalid bulk query."
    roots = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    if len(roots) != 1 or len(operation.selection_set.selections) != 1:
        return "Bulk queries must contain exactly one top-level connection field."
    document = _with_first(document, info.schema)
    lines, count, after = [], 0, None
    while True:
        paged, root = _page_root(document, after)
        result = execute(
            info.schema, paged, context_value=info.context, field_resolver=field_resolver, type_resolver=type_resolver
        )
        if result.errors:
            return "Bulk query failed: " + "; ".join(e.message for e in result.errors)
        connection = dict((result.data or {}).get(root.alias.value if root.alias else root.name.value) or {})
        page = connection.pop("pageInfo", None) or {}
        for node in _connection_nodes(connection):
            _flatten(node, None, lines)
            count += 1
        after = page.get("endCursor") if page.get("hasNextPage") else None
        if not after:
            return lines, count


def bulk_operation_run_query(_root: object, info: GraphQLResolveInfo, query: str) -> dict[str, Any]:
    state: SandboxState = info.context
    running = [op for op in operations(state).values() if _status(state, op) not in FINISHED]
    if len(running) >= MAX_RUNNING_QUERIES:
        message = "Bulk operations limit reached. Please try again later."
        return {"bulkOperation": None, "userErrors": [_user_error(message, "LIMIT_REACHED")]}
    outcome = _run(info, query)
    if isinstance(outcome, str):
        return {"bulkOperation": None, "userErrors": [_user_error(outcome, "INVALID", ["query"])]}
    lines, count = outcome
    delay = float(state.__dict__.get("bulk_delay", 0.0))
    failure = state.__dict__.pop("bulk_fail_next", None)
    operation = BulkOperation(
        id=state.next_id(),
        query=query,
        lines=lines,
        root_count=count,
        ready_at=time.monotonic() + delay,
        created_at=now_iso(),
        error_code=failure,
    )
    operations(state)[operation.id] = operation
    return {"bulkOperation": operation_view(state, operation), "userErrors": []}


def _user_error(message: str, code: str, field: list[str] | None = None) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def _status(_state: SandboxState, operation: BulkOperation) -> str:
    if time.monotonic() < operation.ready_at:
        return "RUNNING"
    return "FAILED" if operation.error_code else "COMPLETED"


def operation_view(state: SandboxState, operation: BulkOperation) -> dict[str, Any]:
    """The BulkOperation object as the API returns it now."""
    status = _status(state, operation)
    done = status == "COMPLETED"
    base_url = state.__dict__.get("bulk_base_url", "http://127.0.0.1")
    return {
        "__typename": "BulkOperation",
        "id": operation.gid,
        "status": status,
        "type": "QUERY",
        "errorCode": operation.error_code if status == "FAILED" else None,
        "objectCount": str(len(operation.lines) if done else 0),
        "rootObjectCount": str(operation.root_count if done else 0),
        "url": f"{base_url}/bulk/{operation.id}.jsonl" if done and operation.lines else None,
        "createdAt": operation.created_at,
        "completedAt": now_iso() if status in FINISHED else None,
        "query": operation.query,
    }


def current_bulk_operation(_root: object, info: GraphQLResolveInfo, type: str = "QUERY") -> dict[str, Any] | None:
    found = operations(info.context)
    if type != "QUERY" or not found:
        return None
    return operation_view(info.context, found[max(found)])


def jsonl(state: SandboxState, operation_id: int) -> bytes | None:
    """The JSONL result of a completed operation, or None (unknown, running or failed)."""
    operation = operations(state).get(operation_id)
    if operation is None or _status(state, operation) != "COMPLETED":
        return None
    return "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in operation.lines).encode()


RESOLVERS = {
    ("Mutation", "bulkOperationRunQuery"): bulk_operation_run_query,
    ("QueryRoot", "currentBulkOperation"): current_bulk_operation,
}


def operation_by_gid(state: SandboxState, value: str) -> dict[str, Any] | None:
    """A bulk operation by gid (for `nodes`), as the API shows it."""
    number = parse_gid(value, "BulkOperation")
    operation = operations(state).get(number) if number is not None else None
    return operation_view(state, operation) if operation is not None else None
