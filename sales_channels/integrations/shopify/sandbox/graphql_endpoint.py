"""The Admin GraphQL endpoint: parse, validate, coerce variables, cost, throttle, execute, refund.

Like Shopify, every outcome that is not an HTTP-level problem is a 200 with `errors` and/or `data`,
and every such response carries `extensions.cost` with the bucket's `throttleStatus`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    execute,
    get_operation_ast,
    parse,
    validate,
)
from graphql.execution.values import VariableValues, get_variable_values

from .cost import SINGLE_QUERY_MAX_COST, LeakyBucket, query_cost
from .replies import Reply, json_reply
from .resolvers import field_resolver, type_resolver
from .schema import sandbox_schema
from .state import SandboxState

logger = logging.getLogger(__name__)

RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits"
MISSING_QUERY = {"errors": {"query": "Required parameter missing or invalid"}}


@dataclass
class GraphQLRequest:
    """A decoded GraphQL POST body."""

    query: str
    variables: dict[str, Any]
    operation_name: str | None


def parse_request(body: bytes, content_type: str) -> GraphQLRequest | Reply:
    """Decodes an application/json or application/graphql body; a 400 reply when it is unusable."""
    if content_type.split(";")[0].strip() == "application/graphql":
        return GraphQLRequest(body.decode("utf-8", "replace"), {}, None)
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        return json_reply(400, MISSING_QUERY)
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return json_reply(400, MISSING_QUERY)
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict):
        return json_reply(400, {"errors": {"variables": "must be a JSON object"}})
    return GraphQLRequest(payload["query"], variables, payload.get("operationName") or None)


def _error(message: str, code: str | None = None, **extensions: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"code": code, **extensions}
    return error


class GraphQLEndpoint:
    """Executes requests against the sandbox state, metered by one shop's leaky bucket."""

    def __init__(self, state: SandboxState, bucket: LeakyBucket) -> None:
        self.state = state
        self.bucket = bucket
        self.schema = sandbox_schema()

    def _reply(self, body: dict[str, Any], requested: int | None, actual: int | None) -> Reply:
        cost = {"requestedQueryCost": requested, "actualQueryCost": actual, "throttleStatus": self.bucket.status()}
        return json_reply(200, {**body, "extensions": {"cost": cost}})

    def handle(self, request: GraphQLRequest) -> Reply:
        try:
            document = parse(request.query)
        except GraphQLError as exc:
            return self._reply({"errors": [exc.formatted]}, 0, 0)
        errors = validate(self.schema, document)
        if errors:
            return self._reply({"errors": [error.formatted for error in errors]}, 0, 0)
        operation = get_operation_ast(document, request.operation_name)
        if operation is None:
            message = "An operation name is required" if request.operation_name is None else "Unknown operation"
            return self._reply({"errors": [_error(message)]}, 0, 0)
        coerced = get_variable_values(self.schema, operation.variable_definitions or (), request.variables)
        if isinstance(coerced, list):
            return self._reply({"errors": [_variable_error(error) for error in coerced]}, 0, 0)
        requested = query_cost(self.schema, document, coerced, request.operation_name)
        if requested > SINGLE_QUERY_MAX_COST:
            return self._reply({"errors": [_max_cost_error(requested)]}, requested, None)
        if not self.bucket.take(requested):
            throttled = _error("Throttled", "THROTTLED", documentation=RATE_LIMIT_DOCS)
            return self._reply({"errors": [throttled]}, requested, None)
        return self._execute(document, request, requested, coerced)

    def _execute(
        self, document: DocumentNode, request: GraphQLRequest, requested: int, coerced: VariableValues
    ) -> Reply:
        with self.state.lock:
            result = execute(
                self.schema,
                document,
                context_value=self.state,
                variable_values=request.variables,
                operation_name=request.operation_name,
                field_resolver=field_resolver,
                type_resolver=type_resolver,
            )
        assert isinstance(result, ExecutionResult)  # every resolver is synchronous
        actual = min(requested, query_cost(self.schema, document, coerced, request.operation_name, result.data or {}))
        self.bucket.refund(requested - actual)
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            for error in result.errors:
                if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
                    logger.error("sandbox resolver failed", exc_info=error.original_error)
            body["errors"] = [error.formatted for error in result.errors]
        return self._reply(body, requested, actual)


def _variable_error(error: GraphQLError) -> dict[str, Any]:
    formatted = dict(error.formatted)
    formatted["extensions"] = {**formatted.get("extensions", {}), "code": "INVALID_VARIABLE"}
    return formatted


def _max_cost_error(requested: int) -> dict[str, Any]:
    message = (
        f"Query cost is {requested}, which exceeds the single query max cost limit ({SINGLE_QUERY_MAX_COST}).\n\n"
        f"See {RATE_LIMIT_DOCS} for more information on how the cost of a query is calculated.\n\n"
        "To query larger amounts of data with fewer limits, bulk operations should be used instead."
    )
    return _error(message, "MAX_COST_EXCEEDED", cost=requested, maxCost=SINGLE_QUERY_MAX_COST)
