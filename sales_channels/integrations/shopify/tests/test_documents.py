"""Every document the integration sends is valid and deprecation-free for Shopify Admin 2026-01 and the sandbox."""

from __future__ import annotations

import re

import pytest
from graphql import (
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    get_operation_ast,
    parse,
    print_ast,
    visit,
)
from graphql.execution.values import get_variable_values

from sales_channels.integrations.shopify.documents import document_names, load_document
from sales_channels.integrations.shopify.sandbox.cost import SINGLE_QUERY_MAX_COST, query_cost
from sales_channels.integrations.shopify.sandbox.schema import load_schema, sandbox_schema, validate_document
from sales_channels.integrations.shopify.tests.vendor_sdl import VENDOR_SDL

NAMES = document_names()


@pytest.fixture(scope="session")
def vendor_schema() -> GraphQLSchema:
    if not VENDOR_SDL.is_file():
        pytest.skip(f"vendor SDL not available at {VENDOR_SDL}")
    return load_schema(VENDOR_SDL)


def _operation(name: str) -> OperationDefinitionNode:
    operations = [d for d in parse(load_document(name)).definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, f"{name}.graphql must hold exactly one operation"
    return operations[0]


def test_the_integration_has_its_documents():
    expected = {
        "shop_metadata",
        "shop_locales",
        "publications_page",
        "locations_page",
        "markets_page",
        "currency_settings_page",
        "metafield_definitions_page",
        "products_page",
        "product_variants_page",
        "products_by_sku",
        "product_by_id",
        "product_set",
        "product_delete",
        "product_variants_bulk_update",
        "metafields_set",
        "translatable_resource",
        "translations_register",
        "publishable_publish",
        "publishable_unpublish",
        "inventory_set_quantities",
        "inventory_item",
        "orders_page",
        "webhook_subscription_create",
        "bulk_operation_run_query",
        "bulk_operation",
        "inventory_levels_by_items",
        "products_verify",
        "listing_follow_up",
        "translatable_resources_by_ids",
        "metafield_definition_create",
        "media_status",
        "staged_uploads_create",
        "bulk_operation_run_mutation",
        "publication_update",
        "variant_inventory_items",
    }
    assert set(NAMES) == expected


@pytest.mark.parametrize("name", NAMES)
def test_document_has_one_named_operation_matching_its_file_name(name):
    operation = _operation(name)
    camel = "".join(part.capitalize() for part in name.split("_"))
    assert operation.name is not None
    assert operation.name.value.lower() == camel.lower()


@pytest.mark.parametrize("name", NAMES)
def test_document_passes_every_input_through_variables(name):
    literal_arguments = []

    class Literals(Visitor):
        def enter_argument(self, node, *_args):
            if node.value.kind != "variable":
                literal_arguments.append(node.name.value)

    visit(parse(load_document(name)), Literals())
    assert literal_arguments == []


@pytest.mark.parametrize("name", NAMES)
def test_document_validates_against_the_vendor_sdl(vendor_schema, name):
    errors = validate_document(vendor_schema, parse(load_document(name)))
    assert [error.message for error in errors] == []


@pytest.mark.parametrize("name", NAMES)
def test_document_uses_no_deprecated_vendor_field_argument_or_enum_value(vendor_schema, name):
    type_info = TypeInfo(vendor_schema)
    deprecated = []

    class Deprecated(Visitor):
        def enter_field(self, node, *_args):
            field = type_info.get_field_def()
            if field is not None and field.deprecation_reason:
                deprecated.append(f"{type_info.get_parent_type()}.{node.name.value}")

        def enter_argument(self, node, *_args):
            argument = type_info.get_argument()
            if argument is not None and argument.deprecation_reason:
                deprecated.append(f"argument {node.name.value}")

        def enter_object_field(self, node, *_args):
            input_type = type_info.get_parent_input_type()
            field = getattr(get_named_type(input_type), "fields", {}).get(node.name.value)
            if field is not None and field.deprecation_reason:
                deprecated.append(f"input field {node.name.value}")

        def enter_enum_value(self, node, *_args):
            enum = get_named_type(type_info.get_input_type())
            value = getattr(enum, "values", {}).get(node.value)
            if value is not None and value.deprecation_reason:
                deprecated.append(f"enum value {node.value}")

    visit(parse(load_document(name)), TypeInfoVisitor(type_info, Deprecated()))
    assert deprecated == []


def test_the_deprecation_check_fails_on_a_deprecated_field_and_argument(vendor_schema):
    document = parse("""query Old { currentBulkOperation(type: QUERY) { id } shop { plan { displayName } } }""")
    type_info = TypeInfo(vendor_schema)
    found = []

    class Deprecated(Visitor):
        def enter_field(self, node, *_args):
            field = type_info.get_field_def()
            if field is not None and field.deprecation_reason:
                found.append(node.name.value)

    visit(document, TypeInfoVisitor(type_info, Deprecated()))
    assert found == ["currentBulkOperation", "displayName"]


@pytest.mark.parametrize("name", NAMES)
def test_document_validates_against_the_sandbox_schema(name):
    errors = validate_document(sandbox_schema(), parse(load_document(name)))
    assert [error.message for error in errors] == []


@pytest.mark.parametrize("name", NAMES)
def test_requested_cost_with_default_variables_stays_under_the_single_query_maximum(name):
    """With the defaults (and 25 ids where the document takes a list of ids)."""
    schema = sandbox_schema()
    document = parse(load_document(name))
    operation = get_operation_ast(document)
    id_lists = [v for v in operation.variable_definitions or () if print_ast(v.type) == "[ID!]!"]
    defaults = [v for v in operation.variable_definitions or () if v.default_value is not None]
    sample = {v.variable.name.value: [f"gid://shopify/Node/{n}" for n in range(25)] for v in id_lists}
    variables = get_variable_values(schema, defaults + id_lists, sample)
    assert not isinstance(variables, list)
    assert 0 < query_cost(schema, document, variables) < SINGLE_QUERY_MAX_COST


def test_product_import_page_asks_for_sku_on_the_inventory_item():
    text = load_document("products_page")
    assert re.search(r"inventoryItem\s*{[^}]*\bsku\b", text)


def test_unknown_document_name_raises_key_error():
    with pytest.raises(KeyError):
        load_document("no_such_document")
