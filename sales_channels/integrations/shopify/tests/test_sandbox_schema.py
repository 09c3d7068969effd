"""The sandbox's `schema.graphql` is a faithful subset of Shopify's Admin 2026-01 SDL."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    validate_schema,
)

from sales_channels.integrations.shopify.sandbox.schema import SCHEMA_PATH, load_schema, sandbox_schema
from sales_channels.integrations.shopify.tests.vendor_sdl import VENDOR_SDL

SUBSET = load_schema(SCHEMA_PATH)
BUILT_INS = {"String", "Int", "Float", "Boolean", "ID"}
CUSTOM_TYPES = sorted(name for name in SUBSET.type_map if not name.startswith("__") and name not in BUILT_INS)


def _names(*kinds: type) -> list[str]:
    return [name for name in CUSTOM_TYPES if isinstance(SUBSET.type_map[name], kinds)]


@pytest.fixture(scope="session")
def vendor_schema() -> GraphQLSchema:
    if not VENDOR_SDL.is_file():
        pytest.skip(f"vendor SDL not available at {VENDOR_SDL}")
    return load_schema(VENDOR_SDL)


def _required(arguments) -> set[str]:
    return {
        name for name, arg in arguments.items() if isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
    }


def test_subset_is_a_valid_executable_schema():
    assert validate_schema(sandbox_schema()) == []


def test_subset_uses_the_vendor_root_type_names(vendor_schema):
    assert SUBSET.query_type.name == vendor_schema.query_type.name == "QueryRoot"
    assert SUBSET.mutation_type.name == vendor_schema.mutation_type.name == "Mutation"


def test_directives_are_vendor_ones(vendor_schema):
    ours = {directive.name: directive for directive in SUBSET.directives}
    assert "idempotent" in ours
    for name, directive in ours.items():
        theirs = vendor_schema.get_directive(name)
        assert theirs is not None, f"@{name} is not in the vendor SDL"
        assert {a: str(arg.type) for a, arg in directive.args.items()} == {
            a: str(arg.type) for a, arg in theirs.args.items()
        }
        assert set(directive.locations) <= set(theirs.locations)


def test_subset_is_far_smaller_than_the_vendor_sdl():
    assert SCHEMA_PATH.stat().st_size < 100_000


@pytest.mark.parametrize("type_name", CUSTOM_TYPES)
def test_type_exists_in_the_vendor_sdl_with_the_same_kind(vendor_schema, type_name):
    vendor_type = vendor_schema.type_map.get(type_name)
    assert vendor_type is not None, f"{type_name} is not in the vendor SDL"
    assert type(vendor_type) is type(SUBSET.type_map[type_name])


@pytest.mark.parametrize("type_name", _names(GraphQLObjectType, GraphQLInterfaceType))
def test_fields_and_arguments_have_the_vendor_types(vendor_schema, type_name):
    ours, theirs = SUBSET.type_map[type_name], vendor_schema.type_map[type_name]
    for field_name, field in ours.fields.items():
        vendor_field = theirs.fields.get(field_name)
        assert vendor_field is not None, f"{type_name}.{field_name} is not in the vendor SDL"
        assert str(field.type) == str(vendor_field.type), f"{type_name}.{field_name}"
        assert not vendor_field.deprecation_reason, f"{type_name}.{field_name} is deprecated"
        for arg_name, arg in field.args.items():
            assert arg_name in vendor_field.args, f"{type_name}.{field_name}({arg_name}) is not in the vendor SDL"
            assert str(arg.type) == str(vendor_field.args[arg_name].type), f"{type_name}.{field_name}({arg_name})"
            assert not vendor_field.args[arg_name].deprecation_reason, (
                f"{type_name}.{field_name}({arg_name}) is deprecated"
            )
        assert _required(vendor_field.args) <= set(field.args), f"{type_name}.{field_name} misses a required argument"


@pytest.mark.parametrize("type_name", _names(GraphQLInputObjectType))
def test_input_fields_have_the_vendor_types_and_keep_required_ones(vendor_schema, type_name):
    ours, theirs = SUBSET.type_map[type_name], vendor_schema.type_map[type_name]
    for field_name, field in ours.fields.items():
        assert field_name in theirs.fields, f"{type_name}.{field_name} is not in the vendor SDL"
        assert str(field.type) == str(theirs.fields[field_name].type), f"{type_name}.{field_name}"
        assert not theirs.fields[field_name].deprecation_reason, f"{type_name}.{field_name} is deprecated"
    assert _required(theirs.fields) <= set(ours.fields), f"{type_name} misses a required input field"


@pytest.mark.parametrize("type_name", _names(GraphQLEnumType))
def test_enums_keep_every_vendor_value(vendor_schema, type_name):
    ours, theirs = SUBSET.type_map[type_name], vendor_schema.type_map[type_name]
    assert set(ours.values) == set(theirs.values)


@pytest.mark.parametrize("type_name", _names(GraphQLUnionType))
def test_union_members_are_vendor_members(vendor_schema, type_name):
    ours, theirs = SUBSET.type_map[type_name], vendor_schema.type_map[type_name]
    assert {t.name for t in ours.types} <= {t.name for t in theirs.types}


@pytest.mark.parametrize("type_name", _names(GraphQLObjectType, GraphQLInterfaceType))
def test_implemented_interfaces_are_vendor_ones(vendor_schema, type_name):
    ours, theirs = SUBSET.type_map[type_name], vendor_schema.type_map[type_name]
    assert {t.name for t in ours.interfaces} <= {t.name for t in theirs.interfaces}
