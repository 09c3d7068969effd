"""The variables the builders produce are valid input for the documents, per the vendor SDL and the sandbox subset."""

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from graphql import build_schema, parse
from graphql.execution.values import get_variable_values

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.factories.products.payloads import Axis
from sales_channels.integrations.shopify.factories.properties.payloads import metafields_set_batches
from sales_prices.pricing import ResolvedPrice

VENDOR_SDL = Path(__file__).resolve().parents[6] / "shared" / "vendor-specs" / "shopify" / "admin_2025-04.graphql"
SANDBOX_SDL = Path(__file__).resolve().parents[2] / "sandbox" / "schema.graphql"


def schemas():
    found = [pytest.param(SANDBOX_SDL, id="sandbox")]
    if VENDOR_SDL.is_file():
        found.append(pytest.param(VENDOR_SDL, id="vendor"))
    return found


def variable_errors(sdl: Path, document: str, variables: dict) -> list[str]:
    schema = build_schema(sdl.read_text())
    operation = parse(load_document(document)).definitions[0]
    result = get_variable_values(schema, operation.variable_definitions, variables)
    return [str(error) for error in result] if isinstance(result, list) else []


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
    built = payloads.product_set_input(
        data=parent,
        translation=SimpleNamespace(name="P", description="d", url_key="p"),
        prices={2: price, 3: price},
        axes=[Axis(name="Size", values={2: "S", 3: "M"})],
        images=[("https://img.example.com/a.jpg", "A")],
        product_type="Tee",
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
    cases = [
        ("product_set", {"input": configurable_input(), "identifier": {"id": "gid://shopify/Product/1"}}),
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
                    compare=0,
                )
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
