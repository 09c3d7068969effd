"""Properties: metafield definitions pulled, auto-mapping by key and name, every missing mapping at once."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import responses

from properties.models import Property, PropertyTranslation
from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.integrations.shopify.factories.properties.mapping import (
    METAFIELD_TYPES,
    PropertyMapper,
    ShopifyMetafieldDefinitionsPull,
    auto_map_properties,
    check_axes,
    metafield_key,
)
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty, ShopifySalesChannel
from sales_channels.registry import spec_for_channel

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"


@pytest.fixture
def channel(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        access_token="shpat_fixture_access_0001",
        connection_status="connected",
    )


def prop(company, internal_name: str, kind: str = Property.Type.TEXT, name: str | None = None) -> Property:
    row = Property.objects.create(multi_tenant_company=company, type=kind, internal_name=internal_name)
    PropertyTranslation.objects.create(
        multi_tenant_company=company, property=row, language="en", name=name or internal_name
    )
    return row


def pull(channel):
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    context = StepContext(channel=channel, spec=spec, client=client, session=session)
    return ShopifyMetafieldDefinitionsPull(context=context).run()


@responses.activate
def test_definitions_are_pulled_as_unmapped_remote_properties(channel):
    responses.add(responses.POST, GRAPHQL, json=json.loads((FIXTURES / "prop_metafield_definitions.json").read_text()))

    outcome = pull(channel)

    assert outcome.kind == "updated"
    rows = ShopifyRemoteProperty.objects.filter(sales_channel=channel).order_by("remote_id")
    assert [(r.remote_id, r.namespace, r.key, r.metafield_type, r.remote_name, r.local_instance_id) for r in rows] == [
        ("gid://shopify/MetafieldDefinition/101", "custom", "material", "single_line_text_field", "Material", None),
        (
            "gid://shopify/MetafieldDefinition/102",
            "custom",
            "care_guide",
            "multi_line_text_field",
            "Care instructions",
            None,
        ),
    ]
    assert pull(channel).kind == "unchanged"


@responses.activate
def test_auto_mapping_by_key_then_name_then_our_own_namespace(company, channel):
    responses.add(responses.POST, GRAPHQL, json=json.loads((FIXTURES / "prop_metafield_definitions.json").read_text()))
    pull(channel)
    material = prop(company, "material", name="Fabric")
    care = prop(company, "care", kind=Property.Type.DESCRIPTION, name="Care instructions")
    weight = prop(company, "weight-grams", kind=Property.Type.INT, name="Weight")

    mapped = auto_map_properties(channel=channel, properties=[material, care, weight])

    assert (mapped[material.pk].namespace, mapped[material.pk].key) == ("custom", "material")
    assert (mapped[care.pk].namespace, mapped[care.pk].key) == ("custom", "care_guide")
    assert (mapped[weight.pk].remote_id, mapped[weight.pk].metafield_type) == ("onesila.weight-grams", "number_integer")
    assert auto_map_properties(channel=channel, properties=[material, care, weight]) == mapped


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("INT", "number_integer"),
        ("FLOAT", "number_decimal"),
        ("TEXT", "single_line_text_field"),
        ("DESCRIPTION", "multi_line_text_field"),
        ("BOOLEAN", "boolean"),
        ("DATE", "date"),
        ("DATETIME", "date_time"),
        ("SELECT", "single_line_text_field"),
        ("MULTISELECT", "list.single_line_text_field"),
    ],
)
def test_each_local_type_has_a_shopify_metafield_type(company, channel, kind, expected):
    row = prop(company, f"p-{kind.lower()}", kind=kind)

    assert (
        auto_map_properties(channel=channel, properties=[row])[row.pk].metafield_type
        == expected
        == METAFIELD_TYPES[kind]
    )


def test_keys_come_from_internal_names_within_2_to_64_characters():
    assert metafield_key("care-guide_2") == "care-guide_2"
    assert metafield_key("a") is None
    assert metafield_key("x" * 65) is None
    assert metafield_key("x" * 64) == "x" * 64


def test_every_unmappable_property_is_reported_at_once(company, channel):
    bad = [prop(company, "a"), prop(company, "y" * 70)]
    good = prop(company, "colour")
    values = [SimpleNamespace(property_id=p.pk, property=p) for p in [*bad, good]]

    with pytest.raises(MappingMissing) as raised:
        PropertyMapper(channel=channel).resolve(values)

    assert raised.value.missing == [
        "property 'a': no metafield key possible (2-64 characters)",
        f"property '{'y' * 70}': no metafield key possible (2-64 characters)",
    ]


def test_axes_problems_are_all_listed():
    axes = [
        SimpleNamespace(internal_name=n, type=t)
        for n, t in (("size", "SELECT"), ("color", "SELECT"), ("fit", "SELECT"), ("length", "INT"))
    ]
    variations = [SimpleNamespace(sku="V1"), SimpleNamespace(sku="V2"), SimpleNamespace(sku="V3")]
    combos = {"V1": ("S", "Red", "Slim", "1"), "V2": ("S", "Red", "Slim", "1"), "V3": ("S", None, "Slim", "1")}

    problems = check_axes(sku="TEE", axes=axes, variations=variations, values_of=lambda v: combos[v.sku])

    assert problems == [
        "configurable 'TEE': 4 axes (size, color, fit, length), Shopify allows 3 options",
        "axis 'length' of 'TEE' is INT: only select or boolean properties become options",
        "variations 'V1' and 'V2' have the same option values",
        "variation 'V3' has no value for color",
    ]
