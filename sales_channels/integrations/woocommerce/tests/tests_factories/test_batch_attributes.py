"""A batch's global attributes and terms ensured together (HTTP mocked at the transport, calls counted),
and remembered ids the store no longer holds found in its answers, forgotten and ensured again."""

from collections import Counter
from types import SimpleNamespace

import pytest
import responses

from properties.models import Property
from sales_channels.exceptions import MappingMissing, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.integrations.woocommerce.factories.properties.attributes import (
    ensure_attribute,
    forget,
    prepare_attributes,
    stale_names,
)
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.registry import spec_for_channel

pytestmark = pytest.mark.django_db
STORE = "https://shop.example.com/wp-json/wc/v3"
COLOURS = ["Red", "Blue", "Green", "Black", "White"]
MATERIALS = ["Cotton", "Wool", "Linen"]


def make_context(company, *, dry_run: bool = False) -> StepContext:
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Store",
        store_url="https://shop.example.com",
        consumer_key="ck_" + "a" * 40,
        consumer_secret="cs_" + "b" * 40,
        requests_per_second=1000,
        burst=1000,
    )
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    return StepContext(channel=channel, spec=spec, client=client, session=session, dry_run=dry_run)


@pytest.fixture
def context(company):
    return make_context(company)


def prop(pk: int, name: str, kind: str) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, type=kind, internal_name=name.lower(), name=lambda language, name=name: name)


def option(label: str) -> SimpleNamespace:
    return SimpleNamespace(value=lambda language, label=label: label)


def select(pk: int, name: str, label: str) -> SimpleNamespace:
    return SimpleNamespace(
        property_id=pk, property=prop(pk, name, Property.Type.SELECT), value_select_id=1, value_select=option(label)
    )


def multi(pk: int, name: str, labels: list[str]) -> SimpleNamespace:
    return SimpleNamespace(
        property_id=pk,
        property=prop(pk, name, Property.Type.MULTISELECT),
        value_select_id=None,
        value_multi_select=SimpleNamespace(all=lambda labels=labels: [option(label) for label in labels]),
    )


def listing(index: int, *, colour: str, materials: list[str]) -> SimpleNamespace:
    return SimpleNamespace(
        id=index,
        sku=f"SKU-{index}",
        product=SimpleNamespace(is_configurable=False),
        variations=[],
        properties=[select(1, "Colour", colour), multi(2, "Material", materials)],
    )


def batch_of(count: int) -> list[SimpleNamespace]:
    return [
        listing(i, colour=COLOURS[i % len(COLOURS)], materials=MATERIALS[: 1 + i % len(MATERIALS)])
        for i in range(count)
    ]


def pages(items):
    return {"json": items, "headers": {"X-WP-Total": str(len(items)), "X-WP-TotalPages": "1"}}


def routes() -> Counter:
    return Counter(
        f"{c.request.method} {c.request.url.split('?')[0].removeprefix(STORE + '/')}" for c in responses.calls
    )


def empty_store() -> None:
    responses.get(f"{STORE}/products/attributes", json=[])
    responses.post(f"{STORE}/products/attributes", json={"id": 3, "name": "Colour", "slug": "pa_colour"}, status=201)
    responses.post(
        f"{STORE}/products/attributes", json={"id": 4, "name": "Material", "slug": "pa_material"}, status=201
    )
    for attribute_id in (3, 4):
        responses.get(f"{STORE}/products/attributes/{attribute_id}/terms", **pages([]))
        responses.post(f"{STORE}/products/attributes/{attribute_id}/terms/batch", json={"create": []})


@responses.activate
def test_a_batch_sharing_attributes_makes_one_terms_batch_per_attribute_and_its_listings_no_call(context):
    empty_store()

    prepare_attributes(context=context, datas=batch_of(30), language="en")
    for data in batch_of(30):  # each listing's payload builder: everything is known now
        assert ensure_attribute(context=context, name="Colour", terms={data.properties[0].value_select.value("en")})
        assert ensure_attribute(context=context, name="Material", terms={"Cotton"}) == 4

    assert routes() == Counter(
        {
            "GET products/attributes": 1,
            "POST products/attributes": 2,
            "GET products/attributes/3/terms": 1,
            "GET products/attributes/4/terms": 1,
            "POST products/attributes/3/terms/batch": 1,
            "POST products/attributes/4/terms/batch": 1,
        }
    )
    sent = [c.request.body for c in responses.calls if c.request.url.split("?")[0].endswith("3/terms/batch")]
    assert all(colour.encode() in sent[0] for colour in COLOURS)
    channel = WooCommerceSalesChannel.objects.get(pk=context.channel.pk)
    assert channel.global_attributes == {
        "colour": {"id": 3, "terms": sorted(COLOURS)},
        "material": {"id": 4, "terms": sorted(MATERIALS)},
    }

    prepare_attributes(context=context, datas=batch_of(30), language="en")  # the next batch: all remembered
    assert len(responses.calls) == 7


@responses.activate
def test_more_than_100_missing_terms_go_100_a_terms_batch(context):
    responses.get(f"{STORE}/products/attributes", json=[{"id": 5, "name": "Colour", "slug": "pa_colour"}])
    responses.get(f"{STORE}/products/attributes/5/terms", **pages([]))
    responses.post(f"{STORE}/products/attributes/5/terms/batch", json={"create": []})
    datas = [listing(i, colour=f"Shade {i:03d}", materials=[]) for i in range(150)]
    for data in datas:
        data.properties = data.properties[:1]

    prepare_attributes(context=context, datas=datas, language="en")

    batches = [c for c in responses.calls if c.request.url.split("?")[0].endswith("terms/batch")]
    assert [body.count(b'"name"') for body in (c.request.body for c in batches)] == [100, 50]


@responses.activate
def test_a_dry_run_batch_reads_but_creates_nothing_and_reports_the_missing_attribute(company):
    context = make_context(company, dry_run=True)
    responses.get(f"{STORE}/products/attributes", json=[{"id": 4, "name": "Material", "slug": "pa_material"}])
    responses.get(f"{STORE}/products/attributes/4/terms", **pages([{"id": 20, "name": "Cotton"}]))

    prepare_attributes(context=context, datas=batch_of(10), language="en")

    with pytest.raises(MappingMissing, match="global attribute 'Colour'"):
        ensure_attribute(context=context, name="Colour", terms={"Red"})
    assert ensure_attribute(context=context, name="Material", terms={"Cotton", "Wool"}) == 4
    assert routes() == Counter({"GET products/attributes": 1, "GET products/attributes/4/terms": 1})
    assert WooCommerceSalesChannel.objects.get(pk=context.channel.pk).global_attributes in ({}, None)


@responses.activate
def test_a_refused_term_fails_only_the_listings_of_that_attribute_without_more_calls(context):
    responses.get(f"{STORE}/products/attributes", json=[{"id": 3, "name": "Colour"}, {"id": 4, "name": "Material"}])
    responses.get(f"{STORE}/products/attributes/3/terms", **pages([]))
    responses.get(f"{STORE}/products/attributes/4/terms", **pages([]))
    refused = {"id": 0, "error": {"code": "invalid_term", "message": "Invalid term name."}}
    responses.post(f"{STORE}/products/attributes/3/terms/batch", json={"create": [refused] * 5})
    responses.post(f"{STORE}/products/attributes/4/terms/batch", json={"create": []})

    prepare_attributes(context=context, datas=batch_of(10), language="en")
    calls = len(responses.calls)

    with pytest.raises(VendorValidationError, match="Invalid term name"):
        ensure_attribute(context=context, name="Colour", terms={"Red"})
    assert ensure_attribute(context=context, name="Material", terms={"Wool"}) == 4
    assert len(responses.calls) == calls


def test_stale_names_finds_ids_the_store_did_not_keep_and_terms_it_dropped():
    sent = [
        {"id": 1, "name": "Colour", "options": ["Red"]},
        {"id": 2, "name": "Size", "options": ["S", "M"]},
        {"id": 3, "name": "Fit", "options": ["Slim"]},
        {"id": 4, "name": "Brand", "options": ["A & B"]},
        {"id": 0, "name": "Local", "options": ["x"]},
    ]
    answered = [
        {"id": 0, "name": "", "options": []},  # WooCommerce: an id it does not hold saves a nameless attribute
        {"id": 2, "name": "Size", "options": ["S"]},  # term M was deleted on the store
        {"id": 3, "name": "Fit", "options": ["Slim"]},
        {"id": 4, "name": "Brand", "options": ["A &amp; B"]},
        {"id": 0, "name": "Local", "options": ["x"]},
    ]
    assert stale_names(sent=sent, answered=answered) == {"colour", "size"}
    assert stale_names(sent=sent[:1], answered=[{"id": 1, "name": "Other", "options": ["Red"]}]) == {"colour"}


@responses.activate
def test_a_forgotten_attribute_is_read_from_the_store_again_and_the_others_stay_remembered(context):
    context.channel.global_attributes = {
        "colour": {"id": 7, "terms": COLOURS},
        "material": {"id": 4, "terms": MATERIALS},
    }
    responses.get(f"{STORE}/products/attributes", json=[{"id": 3, "name": "Colour"}, {"id": 4, "name": "Material"}])
    responses.get(f"{STORE}/products/attributes/3/terms", **pages([{"id": 20, "name": "Red"}]))
    responses.post(f"{STORE}/products/attributes/3/terms/batch", json={"create": []})

    prepare_attributes(context=context, datas=batch_of(5), language="en")
    assert len(responses.calls) == 0  # everything remembered: no call
    forget(context=context, names={"colour"})
    prepare_attributes(context=context, datas=batch_of(5), language="en")

    assert ensure_attribute(context=context, name="Colour", terms={"Blue"}) == 3
    assert routes() == Counter(
        {
            "GET products/attributes": 1,
            "GET products/attributes/3/terms": 1,
            "POST products/attributes/3/terms/batch": 1,
        }
    )
    channel = WooCommerceSalesChannel.objects.get(pk=context.channel.pk)
    assert channel.global_attributes["colour"] == {"id": 3, "terms": sorted(COLOURS)}
    assert channel.global_attributes["material"] == {"id": 4, "terms": MATERIALS}
