"""AttributeSets with the transport mocked: a mapped type's set, the fallback, members read once and completed."""

import json

import pytest
import responses

from properties.models import ProductProperty, PropertySelectValue
from properties.product_types import ensure_product_type_property
from sales_channels.factories.base import StepContext
from sales_channels.factories.products.data import ProductData
from sales_channels.http import VendorSession
from sales_channels.integrations.magento2.client import Credentials, Magento2Client
from sales_channels.integrations.magento2.factories.properties.attribute_sets import AttributeSets
from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2SalesChannel
from sales_channels.tests import catalog

BASE = "https://shop.example.com"
pytestmark = pytest.mark.django_db


def context_for(company) -> StepContext:
    channel = Magento2SalesChannel.objects.create(
        multi_tenant_company=company, name="S", base_url=BASE, attribute_set_id=4
    )
    session = VendorSession(company_id=company.pk, sales_channel_id=channel.pk, log_calls=False, sleep=lambda s: None)
    client = Magento2Client(base_url=BASE, session=session, credentials=Credentials("k", "s", "t", "ts"))
    return StepContext(channel=channel, spec=None, client=client, session=session)


def typed(company, sku: str, type_value=None) -> ProductData:
    product = catalog.product(company, sku)
    if type_value is not None:
        ProductProperty.objects.create(
            multi_tenant_company=company, product=product, property=type_value.property, value_select=type_value
        )
    rows = list(ProductProperty.objects.filter(product=product).select_related("property"))
    return ProductData(product=product, properties=rows)


@responses.activate
def test_the_mapped_set_for_its_type_the_parents_for_a_variation_and_the_channels_otherwise(company):
    context = context_for(company)
    type_property = ensure_product_type_property(company=company)
    shirt, mug = (
        PropertySelectValue.objects.create(multi_tenant_company=company, property=type_property) for _ in "ab"
    )
    Magento2AttributeSet.objects.create(
        multi_tenant_company=company,
        sales_channel=context.channel,
        remote_id="9",
        name="Clothing",
        local_instance=shirt,
    )
    sets = AttributeSets.of(context)
    parent, child, other = typed(company, "P", shirt), typed(company, "C"), typed(company, "M", mug)
    assert sets.set_id(sets.for_product(parent)) == 9
    assert sets.set_id(sets.for_product(child, parent=parent)) == 9
    assert sets.set_id(sets.for_product(other)) == 4  # a type without a mapping: the documented fallback
    assert sets.set_id(sets.for_product(typed(company, "N"))) == 4


@responses.activate
def test_members_are_read_once_and_only_missing_attributes_are_added(company):
    context = context_for(company)
    row = Magento2AttributeSet.objects.create(
        multi_tenant_company=company, sales_channel=context.channel, remote_id="9", name="Clothing"
    )
    responses.get(f"{BASE}/rest/all/V1/products/attribute-sets/9/attributes", json=[{"attribute_code": "name"}])
    responses.get(
        f"{BASE}/rest/all/V1/products/attribute-sets/groups/list",
        json={"items": [{"attribute_group_id": 8, "attribute_set_id": 9}], "total_count": 1},
    )
    responses.post(f"{BASE}/rest/all/V1/products/attribute-sets/attributes", json="93")
    sets = AttributeSets.of(context)
    sets.ensure_members(row, codes=["name", "fit", "fit"])
    sets.ensure_members(row, codes=["name", "fit"])  # known now: no call
    assert len(responses.calls) == 3
    assert json.loads(responses.calls[2].request.body) == {
        "attributeSetId": 9, "attributeGroupId": 8, "attributeCode": "fit", "sortOrder": 100,
    }  # fmt: skip
    row.refresh_from_db()
    assert (row.attribute_codes, row.attribute_group_id) == (["name", "fit"], 8)
    sets.ensure_members(None, codes=["x"])  # the channel's own set: nothing to add
    assert len(responses.calls) == 3
