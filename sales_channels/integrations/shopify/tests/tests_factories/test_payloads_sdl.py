"""The variables the builders produce are valid, deprecation-free input for the documents (vendor SDL and sandbox)."""

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, get_named_type, parse
from graphql.execution.values import get_variable_values
from graphql.utilities import type_from_ast

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.products import listing, payloads
from sales_channels.integrations.shopify.factories.products.listing import (
    CUSTOM_ID,
    custom_id_metafield,
    metafields_to_delete,
)
from sales_channels.integrations.shopify.factories.products.payloads import Axis
from sales_channels.integrations.shopify.factories.properties.payloads import metafields_set_batches
from sales_channels.integrations.shopify.sandbox.schema import load_schema
from sales_channels.integrations.shopify.tests.vendor_sdl import VENDOR_SDL
from sales_prices.pricing import ResolvedPrice

SANDBOX_SDL = Path(__file__).resolve().parents[2] / "sandbox" / "schema.graphql"


def schemas():
    found = [pytest.param(SANDBOX_SDL, id="sandbox")]
    if VENDOR_SDL.is_file():
        found.append(pytest.param(VENDOR_SDL, id="vendor"))
    return found


def variable_errors(sdl: Path, document: str, variables: dict) -> list[str]:
    """Coercion errors of the variables, plus every deprecated input field or enum value they use."""
    schema = load_schema(sdl)
    operation = parse(load_document(document)).definitions[0]
    result = get_variable_values(schema, operation.variable_definitions, variables)
    if isinstance(result, list):
        return [str(error) for error in result]
    found: list[str] = []
    for definition in operation.variable_definitions:
        name = definition.variable.name.value
        if name in variables:
            deprecated_inputs(type_from_ast(schema, definition.type), variables[name], name, found)
    return found


def deprecated_inputs(input_type, value, path: str, found: list[str]) -> None:
    """Walk a variables value along its input type, noting deprecated input fields and enum values."""
    named = get_named_type(input_type)
    if value is None:
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            deprecated_inputs(input_type, item, f"{path}.{index}", found)
    elif isinstance(named, GraphQLInputObjectType) and isinstance(value, dict):
        for key, item in value.items():
            field = named.fields.get(key)
            if field is not None and field.deprecation_reason:
                found.append(f"{path}.{key} is deprecated")
            if field is not None:
                deprecated_inputs(field.type, item, f"{path}.{key}", found)
    elif isinstance(named, GraphQLEnumType) and isinstance(value, str):
        enum_value = named.values.get(value)
        if enum_value is not None and enum_value.deprecation_reason:
            found.append(f"{path} = {value} is deprecated")


def test_the_variables_check_flags_a_deprecated_input_field():
    if not VENDOR_SDL.is_file():
        pytest.skip(f"vendor SDL not available at {VENDOR_SDL}")
    old = {
        "input": {
            "name": "available",
            "reason": "correction",
            "ignoreCompareQuantity": False,
            "quantities": [
                {
                    "inventoryItemId": "gid://shopify/InventoryItem/1",
                    "locationId": "l",
                    "quantity": 1,
                    "compareQuantity": 0,
                }
            ],
        },
        "idempotencyKey": "k",
    }

    assert variable_errors(VENDOR_SDL, "inventory_set_quantities", old) == [
        "input.ignoreCompareQuantity is deprecated",
        "input.quantities.0.compareQuantity is deprecated",
    ]


def configurable_input() -> dict:
    def data(pk, sku):
        return SimpleNamespace(
            id=pk,
            sku=sku,
            ean=None,
            variations=[],
            product=SimpleNamespace(is_configurable=False, active=True, allow_backorder=True),
        )

    variations = [data(2, "A"), data(3, "B")]
    parent = SimpleNamespace(
        id=1,
        sku="P",
        variations=variations,
        product=SimpleNamespace(is_configurable=True, active=True, allow_backorder=False),
    )
    price = ResolvedPrice(price=Decimal("5"), rrp=Decimal("6"), source="sales_price")
    material = {"namespace": "onesila", "key": "material", "type": "single_line_text_field", "value": "Cotton"}
    built = payloads.product_set_input(
        data=parent,
        translation=SimpleNamespace(name="P", description="d", url_key="p"),
        prices={2: price, 3: price},
        axes=[Axis(name="Size", values={2: "S", 3: "M"})],
        images=[("https://img.example.com/a.jpg", "A")],
        product_type="Tee",
        metafields=[material, custom_id_metafield(sku="P")],
        variant_metafields={3: [{**material, "value": "Linen"}]},
    )
    return payloads.with_remote_ids(
        payload=built,
        variant_ids={"A": "gid://shopify/ProductVariant/1"},
        file_ids=[None],
        new_quantities={"B": 2},
        location_id="gid://shopify/Location/1",
    )


@pytest.mark.parametrize("sdl", schemas())
def test_builder_variables_validate(sdl):
    sent = configurable_input()
    custom_id = payloads.identifier(payload=sent, custom_id=CUSTOM_ID, sku="P")
    cost = {"variantsFirst": 2, "mediaFirst": 1, "withVariants": True, "withMedia": True, "withFeaturedMedia": True}
    cases = [
        ("product_set", {"input": sent, "identifier": {"id": "gid://shopify/Product/1"}, **cost}),
        ("product_set", {"input": sent, "identifier": custom_id, **cost}),
        ("product_set", {"input": sent, "identifier": payloads.identifier(payload=sent, custom_id=None, sku="P")}),
        (
            "listing_follow_up",
            payloads.follow_up_variables(
                product_id="gid://shopify/Product/1",
                publish=["gid://shopify/Publication/1"],
                unpublish=["gid://shopify/Publication/2"],
                translations=payloads.register_inputs(
                    translations=[{"locale": "nl", "title": "Mok", "body_html": "<p>Mok</p>"}],
                    digests={"title": "a", "body_html": "b"},
                ),
                delete=metafields_to_delete(
                    product_id="gid://shopify/Product/1",
                    removed=[(None, "onesila", "material"), ("A", "onesila", "material")],
                    variant_ids={"A": "gid://shopify/ProductVariant/1"},
                ),
            ),
        ),
        ("translatable_resources_by_ids", {"resourceIds": ["gid://shopify/Product/1"], "first": 1}),
        ("media_status", {"ids": ["gid://shopify/MediaImage/1"]}),
        ("bulk_operation", {"id": "gid://shopify/BulkOperation/1"}),
        (
            "metafields_set",
            {
                "metafields": metafields_set_batches(
                    owner_id="gid://shopify/Product/1",
                    payloads=[
                        {"namespace": "onesila", "key": "material", "type": "single_line_text_field", "value": "x"}
                    ],
                )[0]
            },
        ),
        (
            "inventory_set_quantities",
            {
                "input": payloads.stock_input(
                    inventory_item_id="gid://shopify/InventoryItem/1",
                    location_id="gid://shopify/Location/1",
                    quantity=3,
                    change_from=0,
                ),
                "idempotencyKey": "onesila-stock-1",
            },
        ),
        (
            "product_variants_bulk_update",
            {
                "productId": "gid://shopify/Product/1",
                "variants": payloads.price_update_input(
                    variant_id="gid://shopify/ProductVariant/1", payload={"price": "1.00", "compareAtPrice": None}
                ),
            },
        ),
        (
            "translations_register",
            {
                "resourceId": "gid://shopify/Product/1",
                "translations": [{"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": "abc"}],
            },
        ),
        (
            "publishable_publish",
            {"id": "gid://shopify/Product/1", "input": [{"publicationId": "gid://shopify/Publication/1"}]},
        ),
        ("product_delete", {"input": {"id": "gid://shopify/Product/1"}}),
    ]
    for document, variables in cases:
        assert variable_errors(sdl, document, variables) == [], document


@pytest.mark.parametrize("sdl", schemas())
def test_the_custom_id_definition_variables_validate(sdl):
    sent = []

    class Recorder:
        def execute(self, *, document, variables=None):
            sent.append((document, variables))
            return {"metafieldDefinitionCreate": {"createdDefinition": {"id": "x"}, "userErrors": []}}

    class Channel:
        objects = SimpleNamespace(filter=lambda **_: SimpleNamespace(update=lambda **__: 1))
        custom_id_ready, pk = False, None

    assert listing.ensure_custom_id_definition(channel=Channel(), client=Recorder())
    [(document, variables)] = sent
    assert variable_errors(sdl, document, variables) == []
