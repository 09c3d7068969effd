"""Property GraphQL: create/update/delete of every model, filters, clear refusals and tenancy."""

import pytest

from products.tests.factories import ProductFactory
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property
from properties.tests.factories import (
    ProductPropertiesRuleFactory,
    ProductPropertyFactory,
    ProductTypeValueFactory,
    PropertyFactory,
    PropertySelectValueFactory,
    SelectPropertyFactory,
)


def data_of(result: dict, name: str):
    assert not result.get("errors"), result
    return result["data"][name]


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def create(gql, name: str, input_type: str, data: dict, fields: str = "id") -> dict:
    return gql.execute(f"mutation($data: {input_type}!) {{ {name}(data: $data) {{ {fields} }} }}", {"data": data})


def delete(gql, name: str, pk) -> dict:
    return gql.execute(f"mutation($id: ID!) {{ {name}(id: $id) {{ id }} }}", {"id": str(pk)})


# --- Properties --------------------------------------------------------------------------------


def test_property_crud(gql, company):
    result = create(
        gql, "createProperty", "PropertyInput", {"type": "INT", "internalName": "width"}, "id type isProductType"
    )
    created = data_of(result, "createProperty")
    assert created["type"] == "INT"
    assert created["isProductType"] is False
    assert Property.objects.get(pk=created["id"]).multi_tenant_company == company
    result = create(gql, "updateProperty", "PropertyPartialInput", {"id": created["id"], "addToFilters": True})
    data_of(result, "updateProperty")
    assert Property.objects.get(pk=created["id"]).add_to_filters is True
    data_of(delete(gql, "deleteProperty", created["id"]), "deleteProperty")
    assert not Property.objects.filter(pk=created["id"]).exists()


def test_duplicate_internal_name_is_refused(gql, company):
    PropertyFactory(multi_tenant_company=company, internal_name="width")
    result = create(gql, "createProperty", "PropertyInput", {"type": "INT", "internalName": "width"})
    assert "Internal name already exists" in error_message(result)
    assert Property.objects.filter(internal_name="width").count() == 1


def test_product_type_flag_cannot_be_set_through_the_api(gql):
    data = {"type": "SELECT", "internalName": "kind", "isProductType": True}
    assert "isProductType" in error_message(create(gql, "createProperty", "PropertyInput", data))
    assert not Property.objects.filter(internal_name="kind").exists()


def test_product_type_property_must_stay_select(gql, company):
    prop = ensure_product_type_property(company=company)
    result = create(gql, "updateProperty", "PropertyPartialInput", {"id": str(prop.pk), "type": "INT"})
    assert "product_type_property_is_select" in error_message(result)
    assert Property.objects.get(pk=prop.pk).type == Property.Type.SELECT


def test_property_in_use_cannot_be_deleted(gql, company):
    row = ProductPropertyFactory(product=ProductFactory(multi_tenant_company=company), value_int=1)
    assert error_message(delete(gql, "deleteProperty", row.property_id)).startswith(
        f"Cannot delete property {row.property_id}"
    )
    assert Property.objects.filter(pk=row.property_id).exists()


def test_properties_filters_and_product_type_listing(gql, company):
    PropertyFactory(multi_tenant_company=company, internal_name="width")
    SelectPropertyFactory(multi_tenant_company=company, internal_name="colour")
    query = "query($filters: PropertyFilter) { properties(filters: $filters) { internalName isProductType } }"
    listed = data_of(gql.execute(query), "properties")
    assert [p["internalName"] for p in listed] == ["colour", "product_type", "width"]
    by_type = data_of(gql.execute(query, {"filters": {"type": {"exact": "SELECT"}}}), "properties")
    assert [p["internalName"] for p in by_type] == ["colour", "product_type"]
    by_name = data_of(gql.execute(query, {"filters": {"internalName": {"iContains": "WID"}}}), "properties")
    assert [p["internalName"] for p in by_name] == ["width"]
    product_type = data_of(gql.execute(query, {"filters": {"isProductType": {"exact": True}}}), "properties")
    assert product_type == [{"internalName": "product_type", "isProductType": True}]


# --- Translations and select values ------------------------------------------------------------


def test_property_translation_crud(gql, company):
    prop = PropertyFactory(multi_tenant_company=company)
    data = {"property": str(prop.pk), "language": "nl", "name": "Breedte"}
    created = data_of(
        create(gql, "createPropertyTranslation", "PropertyTranslationInput", data), "createPropertyTranslation"
    )
    result = create(
        gql, "updatePropertyTranslation", "PropertyTranslationPartialInput", {"id": created["id"], "name": "Wijdte"}
    )
    data_of(result, "updatePropertyTranslation")
    assert PropertyTranslation.objects.get(pk=created["id"]).name == "Wijdte"
    data_of(delete(gql, "deletePropertyTranslation", created["id"]), "deletePropertyTranslation")
    assert not PropertyTranslation.objects.filter(property=prop).exists()


def test_select_value_and_label_crud(gql, company):
    colour = SelectPropertyFactory(multi_tenant_company=company)
    value = data_of(
        create(gql, "createPropertySelectValue", "PropertySelectValueInput", {"property": str(colour.pk)}),
        "createPropertySelectValue",
    )
    label_data = {"selectValue": value["id"], "language": "en", "value": "Red"}
    label = data_of(
        create(
            gql,
            "createPropertySelectValueTranslation",
            "PropertySelectValueTranslationInput",
            label_data,
            "id selectValue { property { id } translations { value } }",
        ),
        "createPropertySelectValueTranslation",
    )
    assert label["selectValue"] == {"property": {"id": str(colour.pk)}, "translations": [{"value": "Red"}]}
    result = create(
        gql,
        "updatePropertySelectValueTranslation",
        "PropertySelectValueTranslationPartialInput",
        {"id": label["id"], "value": "Crimson"},
    )
    data_of(result, "updatePropertySelectValueTranslation")
    assert PropertySelectValueTranslation.objects.get().value == "Crimson"
    data_of(delete(gql, "deletePropertySelectValueTranslation", label["id"]), "deletePropertySelectValueTranslation")
    data_of(delete(gql, "deletePropertySelectValue", value["id"]), "deletePropertySelectValue")
    assert not PropertySelectValue.objects.filter(property=colour).exists()


def test_select_value_for_an_int_property_is_refused(gql, company):
    width = PropertyFactory(multi_tenant_company=company)
    result = create(gql, "createPropertySelectValue", "PropertySelectValueInput", {"property": str(width.pk)})
    assert error_message(result) == "property: Only SELECT and MULTISELECT properties have select values."
    assert not PropertySelectValue.objects.filter(property=width).exists()


def test_select_value_moved_to_an_int_property_is_refused(gql, company):
    value = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    width = PropertyFactory(multi_tenant_company=company)
    result = create(
        gql,
        "updatePropertySelectValue",
        "PropertySelectValuePartialInput",
        {"id": str(value.pk), "property": str(width.pk)},
    )
    assert "Only SELECT and MULTISELECT" in error_message(result)
    assert PropertySelectValue.objects.get(pk=value.pk).property_id == value.property_id


# --- Product property values -------------------------------------------------------------------

PRODUCT_PROPERTY_FIELDS = (
    "id product { sku } property { internalName } valueInt valueSelect { id } valueMultiSelect { id }"
)


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company, sku="CHAIR")


def test_product_property_crud(gql, company, product):
    width = PropertyFactory(multi_tenant_company=company, internal_name="width")
    data = {"product": str(product.pk), "property": str(width.pk), "valueInt": 60}
    created = data_of(
        create(gql, "createProductProperty", "ProductPropertyInput", data, PRODUCT_PROPERTY_FIELDS),
        "createProductProperty",
    )
    assert created["product"] == {"sku": "CHAIR"}
    assert created["valueInt"] == 60
    result = create(gql, "updateProductProperty", "ProductPropertyPartialInput", {"id": created["id"], "valueInt": 70})
    data_of(result, "updateProductProperty")
    assert ProductProperty.objects.get().value_int == 70
    data_of(delete(gql, "deleteProductProperty", created["id"]), "deleteProductProperty")
    assert not ProductProperty.objects.exists()


def test_wrong_value_type_for_the_property_is_refused(gql, company, product):
    width = PropertyFactory(multi_tenant_company=company, internal_name="width")
    data = {"product": str(product.pk), "property": str(width.pk), "valueBoolean": True}
    result = create(gql, "createProductProperty", "ProductPropertyInput", data)
    assert error_message(result) == "Property 'width' is INT: it cannot hold value_boolean."
    assert not ProductProperty.objects.exists()


def test_update_to_a_wrong_value_type_changes_nothing(gql, company, product):
    row = ProductPropertyFactory(product=product, value_int=60)
    result = create(gql, "updateProductProperty", "ProductPropertyPartialInput", {"id": str(row.pk), "valueFloat": 1.5})
    assert "cannot hold value_float" in error_message(result)
    row.refresh_from_db()
    assert (row.value_int, row.value_float) == (60, None)


def test_select_value_of_another_property_is_refused(gql, company, product):
    colour = SelectPropertyFactory(multi_tenant_company=company)
    size = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    data = {"product": str(product.pk), "property": str(colour.pk), "valueSelect": str(size.pk)}
    assert error_message(create(gql, "createProductProperty", "ProductPropertyInput", data)) == (
        "value_select: The select value belongs to another property."
    )
    assert not ProductProperty.objects.exists()


def test_multi_select_value(gql, company, product):
    features = PropertyFactory(multi_tenant_company=company, type=Property.Type.MULTISELECT)
    soft, sturdy = PropertySelectValueFactory(property=features), PropertySelectValueFactory(property=features)
    data = {
        "product": str(product.pk),
        "property": str(features.pk),
        "valueMultiSelect": [str(soft.pk), str(sturdy.pk)],
    }
    created = data_of(
        create(gql, "createProductProperty", "ProductPropertyInput", data, PRODUCT_PROPERTY_FIELDS),
        "createProductProperty",
    )
    assert {v["id"] for v in created["valueMultiSelect"]} == {str(soft.pk), str(sturdy.pk)}


def test_multi_select_values_of_another_property_are_refused(gql, company, product):
    features = PropertyFactory(multi_tenant_company=company, type=Property.Type.MULTISELECT)
    size = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    data = {"product": str(product.pk), "property": str(features.pk), "valueMultiSelect": [str(size.pk)]}
    assert "another property" in error_message(create(gql, "createProductProperty", "ProductPropertyInput", data))
    assert not ProductProperty.objects.exists()


def test_unknown_product_is_refused(gql, company):
    width = PropertyFactory(multi_tenant_company=company)
    data = {"product": "999999", "property": str(width.pk), "valueInt": 1}
    assert error_message(create(gql, "createProductProperty", "ProductPropertyInput", data)) == (
        "Product with id 999999 was not found."
    )


def test_text_translation_crud_and_refusal_on_an_int_property(gql, company, product):
    notes = ProductPropertyFactory(
        product=product, property=PropertyFactory(multi_tenant_company=company, type=Property.Type.TEXT)
    )
    data = {"productProperty": str(notes.pk), "language": "en", "valueText": "Soft"}
    created = data_of(
        create(gql, "createProductPropertyTextTranslation", "ProductPropertyTextTranslationInput", data),
        "createProductPropertyTextTranslation",
    )
    result = create(
        gql,
        "updateProductPropertyTextTranslation",
        "ProductPropertyTextTranslationPartialInput",
        {"id": created["id"], "valueText": "Very soft"},
    )
    data_of(result, "updateProductPropertyTextTranslation")
    assert ProductPropertyTextTranslation.objects.get().value_text == "Very soft"
    data_of(delete(gql, "deleteProductPropertyTextTranslation", created["id"]), "deleteProductPropertyTextTranslation")

    width = ProductPropertyFactory(product=product, value_int=1)
    data = {"productProperty": str(width.pk), "language": "en", "valueText": "Wide"}
    result = create(gql, "createProductPropertyTextTranslation", "ProductPropertyTextTranslationInput", data)
    assert error_message(result) == "Only TEXT and DESCRIPTION properties have translated values."
    assert not ProductPropertyTextTranslation.objects.exists()


def test_product_properties_filter_by_product(gql, company, product):
    ProductPropertyFactory(product=product, value_int=1)
    ProductPropertyFactory(product=ProductFactory(multi_tenant_company=company), value_int=2)
    query = "query($f: ProductPropertyFilter) { productProperties(filters: $f) { valueInt } }"
    result = gql.execute(query, {"f": {"productId": {"exact": str(product.pk)}}})
    assert data_of(result, "productProperties") == [{"valueInt": 1}]


# --- Rules -------------------------------------------------------------------------------------


def test_rule_and_item_crud(gql, company):
    chair = ProductTypeValueFactory(multi_tenant_company=company)
    rule = data_of(
        create(
            gql,
            "createProductPropertiesRule",
            "ProductPropertiesRuleInput",
            {"productType": str(chair.pk), "requireEanCode": True},
            "id requireEanCode productType { id }",
        ),
        "createProductPropertiesRule",
    )
    assert rule["productType"] == {"id": str(chair.pk)}
    colour = SelectPropertyFactory(multi_tenant_company=company)
    item_data = {"rule": rule["id"], "property": str(colour.pk), "type": "REQUIRED_IN_CONFIGURATOR"}
    item = data_of(
        create(gql, "createProductPropertiesRuleItem", "ProductPropertiesRuleItemInput", item_data, "id type"),
        "createProductPropertiesRuleItem",
    )
    assert item["type"] == "REQUIRED_IN_CONFIGURATOR"
    result = create(
        gql,
        "updateProductPropertiesRuleItem",
        "ProductPropertiesRuleItemPartialInput",
        {"id": item["id"], "sortOrder": 3},
    )
    data_of(result, "updateProductPropertiesRuleItem")
    result = create(
        gql,
        "updateProductPropertiesRule",
        "ProductPropertiesRulePartialInput",
        {"id": rule["id"], "requireEanCode": False},
    )
    data_of(result, "updateProductPropertiesRule")
    assert ProductPropertiesRuleItem.objects.get().sort_order == 3
    data_of(delete(gql, "deleteProductPropertiesRuleItem", item["id"]), "deleteProductPropertiesRuleItem")
    data_of(delete(gql, "deleteProductPropertiesRule", rule["id"]), "deleteProductPropertiesRule")
    assert not ProductPropertiesRule.objects.exists()


def test_rule_on_a_plain_select_value_is_refused(gql, company):
    colour = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    result = create(gql, "createProductPropertiesRule", "ProductPropertiesRuleInput", {"productType": str(colour.pk)})
    assert error_message(result) == "product_type: A rule's product type must be a value of the product-type property."
    assert not ProductPropertiesRule.objects.exists()


def test_int_configurator_axis_is_refused(gql, company):
    rule = ProductPropertiesRuleFactory(product_type=ProductTypeValueFactory(multi_tenant_company=company))
    width = PropertyFactory(multi_tenant_company=company)
    data = {"rule": str(rule.pk), "property": str(width.pk), "type": "OPTIONAL_IN_CONFIGURATOR"}
    result = create(gql, "createProductPropertiesRuleItem", "ProductPropertiesRuleItemInput", data)
    assert error_message(result) == "type: Only SELECT or BOOLEAN properties can be configurator axes."
    assert not ProductPropertiesRuleItem.objects.exists()


# --- Tenancy -----------------------------------------------------------------------------------


def test_other_company_cannot_see_or_change_properties(gql, other_gql, company):
    width = PropertyFactory(multi_tenant_company=company, internal_name="width")
    listed = data_of(other_gql.execute("{ properties { internalName } }"), "properties")
    assert listed == [{"internalName": "product_type"}], "only their own product-type property"
    one = other_gql.execute("query($pk: ID!) { property(pk: $pk) { id } }", {"pk": str(width.pk)})
    assert data_of(one, "property") is None
    update = create(other_gql, "updateProperty", "PropertyPartialInput", {"id": str(width.pk), "internalName": "x"})
    assert error_message(update) == f"Property with id {width.pk} was not found."
    assert error_message(delete(other_gql, "deleteProperty", width.pk)) == f"Property with id {width.pk} was not found."
    assert Property.objects.get(pk=width.pk).internal_name == "width"


def test_value_cannot_use_another_companys_property(other_gql, other_company, company):
    width = PropertyFactory(multi_tenant_company=company)
    own_product = ProductFactory(multi_tenant_company=other_company)
    data = {"product": str(own_product.pk), "property": str(width.pk), "valueInt": 1}
    assert error_message(create(other_gql, "createProductProperty", "ProductPropertyInput", data)) == (
        f"Property with id {width.pk} was not found."
    )
    assert not ProductProperty.objects.exists()
