"""GraphQL: list a channel's attribute sets and map one to a product type (only a product type, only one's own)."""

import pytest

from properties.models import Property, PropertySelectValue
from properties.product_types import ensure_product_type_property
from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2SalesChannel

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "{ magento2AttributeSets { id name remoteId localInstanceId } }"
MAP = """
mutation Map($data: Magento2AttributeSetPartialInput!) {
  updateMagento2AttributeSet(data: $data) { id name localInstanceId }
}
"""


@pytest.fixture
def clothing(company):
    channel = Magento2SalesChannel.objects.create(multi_tenant_company=company, name="S", base_url="https://s.example")
    return Magento2AttributeSet.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="9", name="Clothing"
    )


def test_a_set_maps_to_a_product_type_and_not_to_another_value(gql, other_gql, company, clothing):
    shirt = PropertySelectValue.objects.create(
        multi_tenant_company=company, property=ensure_product_type_property(company=company)
    )
    color = Property.objects.create(multi_tenant_company=company, internal_name="color", type=Property.Type.SELECT)
    red = PropertySelectValue.objects.create(multi_tenant_company=company, property=color)
    assert gql.execute(LIST)["data"]["magento2AttributeSets"] == [
        {"id": str(clothing.pk), "name": "Clothing", "remoteId": "9", "localInstanceId": None}
    ]
    mapped = gql.execute(MAP, {"data": {"id": str(clothing.pk), "localInstance": str(shirt.pk)}})
    assert mapped["data"]["updateMagento2AttributeSet"]["localInstanceId"] == str(shirt.pk)
    refused = gql.execute(MAP, {"data": {"id": str(clothing.pk), "localInstance": str(red.pk)}})
    assert "Choose a product type" in refused["errors"][0]["message"]
    assert other_gql.execute(LIST)["data"]["magento2AttributeSets"] == []
    assert other_gql.execute(MAP, {"data": {"id": str(clothing.pk), "localInstance": None}})["errors"]
    clothing.refresh_from_db()
    assert clothing.local_instance_id == shirt.pk
