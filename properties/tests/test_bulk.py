"""bulkAssignProductProperty: one value for many products, all or nothing, with named refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.tests.factories import ProductFactory
from properties.bulk import bulk_assign_product_property
from properties.models import ProductProperty, Property
from properties.tests.factories import (
    ProductPropertyFactory,
    PropertyFactory,
    PropertySelectValueFactory,
    SelectPropertyFactory,
)

BULK = """
mutation($data: BulkAssignProductPropertyInput!) {
  bulkAssignProductProperty(data: $data) {
    product { sku } property { internalName } valueInt valueBoolean valueDate valueSelect { id } valueMultiSelect { id }
  }
}
"""


def run(gql, *, products, prop, **values) -> dict:
    data = {"productIds": [str(p.pk) for p in products], "property": str(prop.pk), **values}
    return gql.execute(BULK, {"data": data})


def rows_of(result: dict) -> list[dict]:
    assert not result.get("errors"), result
    return result["data"]["bulkAssignProductProperty"]


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


@pytest.fixture
def products(company):
    return [ProductFactory(multi_tenant_company=company, sku=f"P{n}") for n in range(3)]


@pytest.fixture
def width(company):
    return PropertyFactory(multi_tenant_company=company, internal_name="width", type=Property.Type.INT)


def values_of(prop) -> dict[str, object]:
    return dict(ProductProperty.objects.filter(property=prop).values_list("product__sku", "value_int"))


def test_bulk_assign_creates_a_value_per_product(gql, products, width, user):
    rows = rows_of(run(gql, products=products, prop=width, valueInt=80))
    assert [(row["product"]["sku"], row["valueInt"]) for row in rows] == [("P0", 80), ("P1", 80), ("P2", 80)]
    assert values_of(width) == {"P0": 80, "P1": 80, "P2": 80}
    assert {row.created_by_multi_tenant_user for row in ProductProperty.objects.all()} == {user}


def test_bulk_assign_replaces_existing_values(gql, products, width):
    ProductPropertyFactory(product=products[0], property=width, value_int=10)
    rows_of(run(gql, products=products, prop=width, valueInt=80))
    assert values_of(width) == {"P0": 80, "P1": 80, "P2": 80}
    assert ProductProperty.objects.count() == 3


def test_bulk_assign_of_an_unchanged_value_writes_nothing(gql, products, width):
    existing = ProductPropertyFactory(product=products[0], property=width, value_int=80)
    rows_of(run(gql, products=products[:1], prop=width, valueInt=80))
    assert ProductProperty.objects.get(pk=existing.pk).updated_at == existing.updated_at


def test_bulk_assign_select_value(gql, company, products):
    colour = SelectPropertyFactory(multi_tenant_company=company)
    red = PropertySelectValueFactory(property=colour)
    rows = rows_of(run(gql, products=products, prop=colour, valueSelect=str(red.pk)))
    assert {row["valueSelect"]["id"] for row in rows} == {str(red.pk)}


def test_bulk_assign_multi_select_values(gql, company, products):
    features = PropertyFactory(multi_tenant_company=company, type=Property.Type.MULTISELECT)
    soft, sturdy = PropertySelectValueFactory(property=features), PropertySelectValueFactory(property=features)
    ProductPropertyFactory(product=products[0], property=features, value_multi_select=[soft])
    rows = rows_of(run(gql, products=products, prop=features, valueMultiSelect=[str(soft.pk), str(sturdy.pk)]))
    assert all({v["id"] for v in row["valueMultiSelect"]} == {str(soft.pk), str(sturdy.pk)} for row in rows)
    assert all(row.value_multi_select.count() == 2 for row in ProductProperty.objects.all())


def test_bulk_assign_boolean_and_date(gql, company, products):
    outdoor = PropertyFactory(multi_tenant_company=company, type=Property.Type.BOOLEAN)
    released = PropertyFactory(multi_tenant_company=company, type=Property.Type.DATE)
    assert rows_of(run(gql, products=products[:1], prop=outdoor, valueBoolean=False))[0]["valueBoolean"] is False
    assert rows_of(run(gql, products=products[:1], prop=released, valueDate="2026-03-01"))[0]["valueDate"] == (
        "2026-03-01"
    )


# --- Refusals: a clear error, and nothing changed ----------------------------------------------


def test_value_of_the_wrong_type_is_refused(gql, products, width):
    ProductPropertyFactory(product=products[0], property=width, value_int=10)
    message = error_message(run(gql, products=products, prop=width, valueBoolean=True))
    assert message == "Property 'width' is INT: give value_int, not value_boolean."
    assert values_of(width) == {"P0": 10}


def test_missing_value_is_refused(gql, products, width):
    assert error_message(run(gql, products=products, prop=width)) == "Property 'width' is INT: give value_int."
    assert not ProductProperty.objects.exists()


def test_two_values_are_refused(gql, products, width):
    message = error_message(run(gql, products=products, prop=width, valueInt=1, valueFloat=1.5))
    assert message == "Property 'width' is INT: give value_int, not value_float."


def test_text_property_is_refused(gql, company, products):
    notes = PropertyFactory(multi_tenant_company=company, internal_name="notes", type=Property.Type.TEXT)
    assert "Property 'notes' is TEXT: its values are per-language texts" in error_message(
        run(gql, products=products, prop=notes, valueInt=1)
    )


def test_select_value_of_another_property_is_refused(gql, company, products):
    colour = SelectPropertyFactory(multi_tenant_company=company, internal_name="colour")
    small = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    message = error_message(run(gql, products=products, prop=colour, valueSelect=str(small.pk)))
    assert message == f"Select values {small.pk} are not options of property 'colour'."
    assert not ProductProperty.objects.exists()


def test_unknown_product_is_named_and_nothing_changes(gql, products, width):
    ProductPropertyFactory(product=products[0], property=width, value_int=10)
    data = {"productIds": [str(products[0].pk), "999999", "abc"], "property": str(width.pk), "valueInt": 80}
    assert error_message(gql.execute(BULK, {"data": data})) == "Products not found: 999999, abc."
    assert values_of(width) == {"P0": 10}


def test_other_companys_product_is_named_and_nothing_changes(gql, products, width, other_company):
    foreign = ProductFactory(multi_tenant_company=other_company)
    message = error_message(run(gql, products=[*products, foreign], prop=width, valueInt=80))
    assert message == f"Products not found: {foreign.pk}."
    assert not ProductProperty.objects.exists()


def test_other_companys_property_is_not_found(other_gql, other_company, width):
    own = ProductFactory(multi_tenant_company=other_company)
    message = error_message(run(other_gql, products=[own], prop=width, valueInt=80))
    assert message == f"Property with id {width.pk} was not found."
    assert not ProductProperty.objects.exists()


def test_other_companys_select_value_is_not_found(gql, company, other_company, products):
    colour = SelectPropertyFactory(multi_tenant_company=company)
    foreign = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=other_company))
    message = error_message(run(gql, products=products, prop=colour, valueSelect=str(foreign.pk)))
    assert message == f"Select values not found: {foreign.pk}."


# --- Efficiency --------------------------------------------------------------------------------


def test_products_are_looked_up_once_whatever_their_number(company, user, width):
    products = [ProductFactory(multi_tenant_company=company) for _ in range(20)]
    with CaptureQueriesContext(connection) as captured:
        bulk_assign_product_property(
            company=company,
            user=user,
            product_ids=[p.pk for p in products],
            property_id=width.pk,
            values={"value_int": 1},
        )
    product_selects = [q for q in captured if q["sql"].startswith("SELECT") and 'FROM "products_product"' in q["sql"]]
    value_selects = [
        q for q in captured if q["sql"].startswith("SELECT") and 'FROM "properties_productproperty"' in q["sql"]
    ]
    assert len(product_selects) == 1
    assert len(value_selects) == 1
    assert ProductProperty.objects.count() == 20


def test_duplicate_product_ids_are_assigned_once(company, user, width):
    product = ProductFactory(multi_tenant_company=company)
    rows = bulk_assign_product_property(
        company=company,
        user=user,
        product_ids=[product.pk, str(product.pk)],
        property_id=width.pk,
        values={"value_int": 5},
    )
    assert len(rows) == 1
    assert ProductProperty.objects.get().value_int == 5
