"""Global attributes on demand, with HTTP mocked at the transport: created once, races resolved, then remembered."""

import pytest
import responses

from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.integrations.woocommerce.factories.properties.attributes import ensure_attribute
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.registry import spec_for_channel

pytestmark = pytest.mark.django_db
STORE = "https://shop.example.com/wp-json/wc/v3"


@pytest.fixture
def context(company):
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
    return StepContext(channel=channel, spec=spec, client=client, session=session)


def pages(items):
    return {"json": items, "headers": {"X-WP-Total": str(len(items)), "X-WP-TotalPages": "1"}}


@responses.activate
def test_a_missing_attribute_and_its_terms_are_created_then_remembered_on_the_channel(context):
    responses.get(f"{STORE}/products/attributes", json=[])
    responses.post(f"{STORE}/products/attributes", json={"id": 3, "name": "Size", "slug": "pa_size"}, status=201)
    responses.get(f"{STORE}/products/attributes/3/terms", **pages([{"id": 20, "name": "S"}]))
    responses.post(f"{STORE}/products/attributes/3/terms/batch", json={"create": [{"id": 21, "name": "L"}]})

    assert ensure_attribute(context=context, name="Size", terms={"S", "L"}) == 3
    assert ensure_attribute(context=context, name="Size", terms={"S"}) == 3

    assert [(call.request.method, call.request.url.split("?")[0]) for call in responses.calls] == [
        ("GET", f"{STORE}/products/attributes"),
        ("POST", f"{STORE}/products/attributes"),
        ("GET", f"{STORE}/products/attributes/3/terms"),
        ("POST", f"{STORE}/products/attributes/3/terms/batch"),
    ]
    channel = WooCommerceSalesChannel.objects.get(pk=context.channel.pk)
    assert channel.global_attributes == {"size": {"id": 3, "terms": ["L", "S"]}}


@responses.activate
def test_an_attribute_another_worker_created_meanwhile_is_read_back(context):
    responses.get(f"{STORE}/products/attributes", json=[])
    responses.post(
        f"{STORE}/products/attributes",
        status=400,
        json={"code": "woocommerce_rest_cannot_create", "message": 'Slug "pa_size" is already in use.'},
    )
    responses.get(f"{STORE}/products/attributes", json=[{"id": 9, "name": "Size", "slug": "pa_size"}])
    responses.get(f"{STORE}/products/attributes/9/terms", **pages([{"id": 20, "name": "S"}]))

    assert ensure_attribute(context=context, name="Size", terms={"S"}) == 9


@responses.activate
def test_a_term_another_worker_created_meanwhile_is_not_an_error(context):
    context.channel.global_attributes = {"size": {"id": 9, "terms": ["S"]}}
    responses.get(f"{STORE}/products/attributes", json=[{"id": 9, "name": "Size"}])
    responses.get(f"{STORE}/products/attributes/9/terms", **pages([{"id": 20, "name": "S"}]))
    responses.post(
        f"{STORE}/products/attributes/9/terms/batch",
        json={
            "create": [{"id": 0, "error": {"code": "term_exists", "message": "exists", "data": {"resource_id": 22}}}]
        },
    )

    assert ensure_attribute(context=context, name="Size", terms={"S", "M"}) == 9
