"""The product type a marketplace mutation names: the company's own, else a field error."""

import pytest
from graphql import GraphQLError

from properties.models import Property
from sales_channels.schema.mutations import local_product_type
from sales_channels.tests.marketplace_catalog import product_type_property, prop, select_value

pytestmark = pytest.mark.django_db


def test_the_companys_product_type_is_found_and_none_names_none(company):
    shirt = select_value(company, product_type_property(company), "T-Shirt")

    assert local_product_type(company_id=company.pk, value_id=str(shirt.pk)) == shirt
    assert local_product_type(company_id=company.pk, value_id=None) is None


def test_another_companys_product_type_or_another_property_is_refused(company, other_company):
    theirs = select_value(other_company, product_type_property(other_company), "Mug")
    colour = select_value(company, prop(company, "colour", kind=Property.Type.SELECT), "Red")

    for value in (theirs, colour):
        with pytest.raises(GraphQLError, match=f"Product type with id {value.pk} was not found"):
            local_product_type(company_id=company.pk, value_id=str(value.pk))
