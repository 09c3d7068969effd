"""Shopify's calculated query cost and the per-shop leaky bucket that meters it.

Cost model (approximating shopify.dev's rate-limit page): scalars and enums 0, every object 1,
a connection 2 + first x (cost of one node), a list sized by an `ids` argument (`nodes(ids:)`) one
object per id, a mutation field 10, and the dynamic mutation costs of 2025-10
onwards (vendor-facts 1.9b; the productSet changelog): productSet and productVariantsBulk* add 0.2
per variant, 1.9 per product file, 0.6 per variant file and 0.4 per metafield (variant metafields
included), rounded up. Selections excluded by
`@include(if: false)` / `@skip(if: true)` cost nothing. The objects a mutation's payload selects
(the payload itself, `userErrors`, the created object) add nothing: Shopify's own examples answer
`requestedQueryCost: 10` for a mutation selecting `userErrors { code field message }` and the created
object (shopify.dev, "Build web pixels", `webPixelCreate`; likewise `customerAddressUpdate` in the
Customer Account API docs). Connections inside a payload (a product's `variants(first:)`) are still
charged 2 + one per node: no published example shows them free, so the sandbox stays on the costly
side. The requested cost is computed from the
document and variables before execution; the actual cost walks the returned data (connections and
`nodes` count the items returned), and the difference is refunded to the bucket.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_leaf_type,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_directive_values

SINGLE_QUERY_MAX_COST = 1000
MUTATION_COST = 10
CONNECTION_BASE_COST = 2
PER_VARIANT, PER_FILE, PER_VARIANT_FILE, PER_METAFIELD = 0.2, 1.9, 0.6, 0.4
DYNAMIC_MUTATIONS = {"productSet", "productVariantsBulkCreate", "productVariantsBulkUpdate"}


def dynamic_mutation_cost(name: str, arguments: dict[str, Any]) -> int:
    """What a mutation adds to its base 10 by the size of its input (productSet and productVariantsBulk*)."""
    if name not in DYNAMIC_MUTATIONS:
        return 0
    product = arguments.get("input") or {}
    variants = product.get("variants") if name == "productSet" else arguments.get("variants")
    variants = variants or []
    files = len(product.get("files") or [])
    variant_files = sum(1 for v in variants if isinstance(v, dict) and v.get("file"))
    metafields = len(product.get("metafields") or []) + sum(len(v.get("metafields") or []) for v in variants)
    dynamic = PER_VARIANT * len(variants) + PER_FILE * files + PER_VARIANT_FILE * variant_files
    return math.ceil(dynamic + PER_METAFIELD * metafields - 1e-9)


def arguments_of(field_def: Any, node: FieldNode, variables: VariableValues) -> dict[str, Any]:
    """The field's argument values; {} when a variable was not given (a cost estimate from defaults only)."""
    try:
        return get_argument_values(field_def, node, variables)
    except GraphQLError:
        return {}


def included(node: Any, variables: VariableValues) -> bool:
    """False when `@skip(if: true)` or `@include(if: false)` removes the selection."""
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip is not None and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include is not None and include.get("if") is False)


class _CostWalker:
    """Walks one operation's selections, optionally alongside its result data."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: VariableValues) -> None:
        self.schema = schema
        self.variables = variables
        self.object_cost = 1  # 0 while walking a mutation's payload (see the module docstring)
        self.fragments = {
            node.name.value: node for node in document.definitions if isinstance(node, FragmentDefinitionNode)
        }

    def fields(self, parent: Any, selection_set: SelectionSetNode | None) -> Iterator[tuple[Any, FieldNode]]:
        """(parent type, field node) pairs, with fragments flattened onto their type condition."""
        for selection in selection_set.selections if selection_set else ():
            if not included(selection, self.variables):
                continue
            if isinstance(selection, FieldNode):
                yield parent, selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                yield from self.fields(target, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                yield from self.fields(self.schema.get_type(fragment.type_condition.name.value), fragment.selection_set)

    def selection(self, parent: Any, selection_set: SelectionSetNode | None, data: Any, actual: bool) -> int:
        total = 0
        for parent_type, node in self.fields(parent, selection_set):
            name = node.name.value
            if name.startswith("__"):
                continue
            field_def = parent_type.fields[name]
            value = data.get((node.alias or node.name).value) if isinstance(data, dict) else None
            total += self.field(field_def, node, value, actual)
        return total

    def field(self, field_def: Any, node: FieldNode, value: Any, actual: bool) -> int:
        named = get_named_type(field_def.type)
        if is_leaf_type(named):
            return 0
        if actual and value is None:
            return 0
        if named.name.endswith("Connection") and isinstance(named, GraphQLObjectType):
            return self.connection(named, field_def, node, value, actual)
        sized = is_list_type(get_nullable_type(field_def.type)) and "ids" in field_def.args
        if sized:  # nodes(ids:): one object per id asked for (requested) or returned (actual)
            if actual:
                return sum(1 + self.selection(named, node.selection_set, item, actual) for item in value if item)
            ids = arguments_of(field_def, node, self.variables).get("ids") or []
            return len(ids) * (1 + self.selection(named, node.selection_set, None, actual))
        items = value if isinstance(value, list) else [value]
        if not actual:
            return self.object_cost + self.selection(named, node.selection_set, None, actual)
        selected = max((self.selection(named, node.selection_set, item, actual) for item in items), default=0)
        return self.object_cost + selected

    def connection(self, named: GraphQLObjectType, field_def: Any, node: FieldNode, value: Any, actual: bool) -> int:
        if actual:
            nodes = value.get("nodes")
            if nodes is None:
                nodes = [edge.get("node") for edge in value.get("edges") or []]
            return CONNECTION_BASE_COST + sum(self.node_cost(named, node, item) for item in nodes)
        first = arguments_of(field_def, node, self.variables).get("first") or 0
        return CONNECTION_BASE_COST + first * self.node_cost(named, node, None)

    def node_cost(self, named: GraphQLObjectType, node: FieldNode, item: Any) -> int:
        """The cost of one node of a connection: the node object and what is selected inside it."""
        actual = item is not None
        node_type = get_named_type(named.fields["nodes"].type)
        total = 1
        for parent_type, child in self.fields(named, node.selection_set):
            if child.name.value == "nodes":
                total += self.selection(node_type, child.selection_set, item, actual)
            elif child.name.value == "edges":
                edge_type = get_named_type(parent_type.fields["edges"].type)
                for _edge_parent, edge_child in self.fields(edge_type, child.selection_set):
                    if edge_child.name.value == "node":
                        total += self.selection(node_type, edge_child.selection_set, item, actual)
        return total


def _root(schema: GraphQLSchema, operation: OperationDefinitionNode) -> tuple[GraphQLObjectType, int]:
    if operation.operation == OperationType.MUTATION:
        return schema.mutation_type, MUTATION_COST  # type: ignore[return-value]
    return schema.query_type, 0  # type: ignore[return-value]


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: VariableValues,
    operation_name: str | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """The requested cost (data None; `variables` as coerced by graphql-core) or the actual cost of a result."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    walker = _CostWalker(schema, document, variables)
    root, per_root_field = _root(schema, operation)
    if per_root_field:
        walker.object_cost = 0
    actual = data is not None
    total = 0
    for _parent, node in walker.fields(root, operation.selection_set):
        if node.name.value.startswith("__"):
            continue
        value = data.get((node.alias or node.name).value) if actual else None
        if actual and value is None and per_root_field == 0:
            continue
        field_def = root.fields[node.name.value]
        extra = 0
        if per_root_field and node.name.value in DYNAMIC_MUTATIONS:
            extra = dynamic_mutation_cost(node.name.value, arguments_of(field_def, node, variables))
        total += per_root_field + extra + walker.field(field_def, node, value, actual)
    return total


class LeakyBucket:
    """A cost bucket that refills at `restore_rate` points per second up to `size` (per app and shop)."""

    def __init__(self, *, size: float, restore_rate: float, clock: Callable[[], float]) -> None:
        self.size = size
        self.restore_rate = restore_rate
        self.clock = clock
        self.available = size
        self.updated = clock()
        self.lock = threading.Lock()

    def _refill(self) -> None:
        now = self.clock()
        self.available = min(self.size, self.available + max(0.0, now - self.updated) * self.restore_rate)
        self.updated = now

    def take(self, cost: float) -> bool:
        """Takes `cost` points if they are available now; False (nothing taken) when throttled."""
        with self.lock:
            self._refill()
            if cost > self.available:
                return False
            self.available -= cost
            return True

    def refund(self, points: float) -> None:
        """Gives back the difference between the requested and the actual cost."""
        with self.lock:
            self._refill()
            self.available = min(self.size, self.available + max(0.0, points))

    def exhaust(self) -> None:
        """Empties the bucket, as a burst of expensive calls would."""
        with self.lock:
            self._refill()
            self.available = 0.0

    def refill_fully(self) -> None:
        with self.lock:
            self.available = self.size
            self.updated = self.clock()

    def status(self) -> dict[str, float]:
        """Shopify's `throttleStatus` object."""
        with self.lock:
            self._refill()
            return {
                "maximumAvailable": float(self.size),
                "currentlyAvailable": float(int(self.available)),
                "restoreRate": float(self.restore_rate),
            }
