"""Product GraphQL: create/update/delete, filters and lookups, clear refusals, tenancy and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation
from products.tests.factories import (
    BundleItemFactory,
    BundleProductFactory,
    ConfigurableProductFactory,
    ConfigurableVariationFactory,
    EanCodeFactory,
    ProductFactory,
    ProductTranslationFactory,
)
from properties.models import Property
from properties.tests.factories import (
    ProductPropertyFactory,
    PropertyFactory,
    PropertySelectValueFactory,
    PropertySelectValueTranslationFactory,
)

CREATE_PRODUCT = """
mutation($data: ProductInput!) { createProduct(data: $data) { id sku type active allowBackorder } }
"""
UPDATE_PRODUCT = "mutation($data: ProductPartialInput!) { updateProduct(data: $data) { id sku type active } }"
DELETE_PRODUCT = "mutation($id: ID!) { deleteProduct(id: $id) { id } }"
PRODUCTS = """
query($filters: ProductFilter, $pagination: OffsetPaginationInput) {
  products(filters: $filters, pagination: $pagination) { sku }
}
"""
PRODUCT = "query($pk: ID!) { product(pk: $pk) { sku } }"
CREATE_EAN = "mutation($data: EanCodeInput!) { createEanCode(data: $data) { id eanCode product { sku } } }"
CREATE_TRANSLATION = """
mutation($data: ProductTranslationInput!) {
  createProductTranslation(data: $data) { id name language bulletPoints salesChannelId product { sku } }
}
"""


def data_of(result: dict, name: str):
    assert not result.get("errors"), result
    return result["data"][name]


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def skus(result: dict) -> list[str]:
    return [row["sku"] for row in data_of(result, "products")]


# --- Products ----------------------------------------------------------------------------------


def test_create_product_in_the_users_company(gql, company, user):
    created = data_of(gql.execute(CREATE_PRODUCT, {"data": {"sku": "CHAIR"}}), "createProduct")
    assert created == {"id": created["id"], "sku": "CHAIR", "type": "SIMPLE", "active": True, "allowBackorder": False}
    product = Product.objects.get(pk=created["id"])
    assert product.multi_tenant_company == company
    assert product.created_by_multi_tenant_user == user


def test_create_product_with_duplicate_sku_is_a_clear_error(gql, company):
    ProductFactory(multi_tenant_company=company, sku="CHAIR")
    message = error_message(gql.execute(CREATE_PRODUCT, {"data": {"sku": "CHAIR"}}))
    assert "Sku already exists" in message
    assert Product.objects.filter(sku="CHAIR").count() == 1


def test_create_product_with_unknown_type_is_refused(gql):
    message = error_message(gql.execute(CREATE_PRODUCT, {"data": {"sku": "KIT", "type": "KIT"}}))
    assert message.startswith("type: Value 'KIT' is not a valid choice")
    assert not Product.objects.exists()


def test_update_product_changes_only_the_sent_fields(gql, company, user):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    result = gql.execute(UPDATE_PRODUCT, {"data": {"id": str(product.pk), "active": False}})
    assert data_of(result, "updateProduct") == {
        "id": str(product.pk),
        "sku": "CHAIR",
        "type": "SIMPLE",
        "active": False,
    }
    product.refresh_from_db()
    assert product.active is False
    assert product.last_update_by_multi_tenant_user == user


def test_update_unknown_product_is_not_found(gql):
    message = error_message(gql.execute(UPDATE_PRODUCT, {"data": {"id": "999999", "sku": "X"}}))
    assert message == "Product with id 999999 was not found."


def test_product_with_ean_cannot_become_configurable(gql, company):
    ean = EanCodeFactory(product=ProductFactory(multi_tenant_company=company))
    result = gql.execute(UPDATE_PRODUCT, {"data": {"id": str(ean.product_id), "type": "CONFIGURABLE"}})
    assert error_message(result) == "type: A configurable product cannot have an EAN code; remove it first."
    assert Product.objects.get(pk=ean.product_id).type == Product.SIMPLE


def test_delete_product(gql, company):
    product = ProductFactory(multi_tenant_company=company)
    assert data_of(gql.execute(DELETE_PRODUCT, {"id": str(product.pk)}), "deleteProduct") == {"id": str(product.pk)}
    assert not Product.objects.filter(pk=product.pk).exists()


def test_product_inside_a_bundle_cannot_be_deleted(gql, company):
    item = BundleItemFactory(parent=BundleProductFactory(multi_tenant_company=company))
    message = error_message(gql.execute(DELETE_PRODUCT, {"id": str(item.product_id)}))
    assert message.startswith(f"Cannot delete product {item.product_id}")
    assert Product.objects.filter(pk=item.product_id).exists()


# --- Filters, pagination and lookups -----------------------------------------------------------


@pytest.fixture
def catalog(company):
    ProductFactory(multi_tenant_company=company, sku="CHAIR-RED")
    ProductFactory(multi_tenant_company=company, sku="chair-blue", active=False)
    ConfigurableProductFactory(multi_tenant_company=company, sku="CHAIR")
    table = ProductFactory(multi_tenant_company=company, sku="TABLE")
    ProductTranslationFactory(product=table, name="Oak dining table")
    return company


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sku": {"exact": "CHAIR"}}, ["CHAIR"]),
        ({"sku": {"iContains": "chair"}}, ["CHAIR", "CHAIR-RED", "chair-blue"]),
        ({"type": {"exact": "CONFIGURABLE"}}, ["CHAIR"]),
        ({"active": {"exact": False}}, ["chair-blue"]),
        ({"name": "dining"}, ["TABLE"]),
    ],
)
def test_products_filters(gql, catalog, filters, expected):
    assert skus(gql.execute(PRODUCTS, {"filters": filters})) == expected


def test_products_are_paginated_by_sku(gql, catalog):
    result = gql.execute(PRODUCTS, {"pagination": {"offset": 1, "limit": 2}})
    assert skus(result) == ["CHAIR-RED", "TABLE"]


def test_product_by_pk_and_unknown_pk_is_null(gql, company):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    assert data_of(gql.execute(PRODUCT, {"pk": str(product.pk)}), "product") == {"sku": "CHAIR"}
    assert data_of(gql.execute(PRODUCT, {"pk": "999999"}), "product") is None


def test_product_exposes_content_barcode_variations_and_properties(gql, company):
    parent = ConfigurableProductFactory(multi_tenant_company=company, sku="CHAIR")
    link = ConfigurableVariationFactory(parent=parent, variation=ProductFactory(multi_tenant_company=company, sku="R"))
    EanCodeFactory(product=link.variation, ean_code="4006381333931")
    ProductTranslationFactory(product=link.variation, name="Red chair")
    colour = PropertySelectValueFactory(property__multi_tenant_company=company, property__internal_name="colour")
    ProductPropertyFactory(product=link.variation, property=colour.property, value_select=colour)
    query = """
    query($pk: ID!) {
      product(pk: $pk) {
        sku variations { variation { sku parents { parent { sku } } translations { name language }
        eanCode { eanCode } properties { property { internalName } valueSelect { id } } } }
      }
    }
    """
    variation = data_of(gql.execute(query, {"pk": str(parent.pk)}), "product")["variations"][0]["variation"]
    assert variation == {
        "sku": "R",
        "parents": [{"parent": {"sku": "CHAIR"}}],
        "translations": [{"name": "Red chair", "language": "en"}],
        "eanCode": {"eanCode": "4006381333931"},
        "properties": [{"property": {"internalName": "colour"}, "valueSelect": {"id": str(colour.pk)}}],
    }


# --- EAN codes, variations, bundle items, translations ------------------------------------------


def test_create_ean_code(gql, company):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    result = gql.execute(CREATE_EAN, {"data": {"product": str(product.pk), "eanCode": "4006381333931"}})
    assert data_of(result, "createEanCode")["product"] == {"sku": "CHAIR"}
    assert EanCode.objects.get(product=product).multi_tenant_company == company


def test_ean_code_on_configurable_is_refused(gql, company):
    product = ConfigurableProductFactory(multi_tenant_company=company)
    result = gql.execute(CREATE_EAN, {"data": {"product": str(product.pk), "eanCode": "4006381333931"}})
    assert error_message(result) == "product: A configurable product cannot have an EAN code."
    assert not EanCode.objects.exists()


def test_ean_code_with_wrong_check_digit_is_refused(gql, company):
    product = ProductFactory(multi_tenant_company=company)
    result = gql.execute(CREATE_EAN, {"data": {"product": str(product.pk), "eanCode": "4006381333932"}})
    assert "'4006381333932' is not a valid EAN/GTIN" in error_message(result)
    assert not EanCode.objects.exists()


def test_ean_code_for_unknown_product_is_refused(gql):
    result = gql.execute(CREATE_EAN, {"data": {"product": "999999", "eanCode": "4006381333931"}})
    assert error_message(result) == "Product with id 999999 was not found."


def test_update_and_delete_ean_code(gql, company):
    ean = EanCodeFactory(product=ProductFactory(multi_tenant_company=company))
    update = "mutation($data: EanCodePartialInput!) { updateEanCode(data: $data) { eanCode } }"
    result = gql.execute(update, {"data": {"id": str(ean.pk), "eanCode": "96385074"}})
    assert data_of(result, "updateEanCode") == {"eanCode": "96385074"}
    gql_delete = gql.execute("mutation($id: ID!) { deleteEanCode(id: $id) { id } }", {"id": str(ean.pk)})
    assert data_of(gql_delete, "deleteEanCode") == {"id": str(ean.pk)}
    assert not EanCode.objects.exists()


def test_variation_crud(gql, company):
    parent = ConfigurableProductFactory(multi_tenant_company=company, sku="CHAIR")
    red, blue = (ProductFactory(multi_tenant_company=company, sku=sku) for sku in ("RED", "BLUE"))
    create = """
    mutation($data: ConfigurableVariationInput!) {
      createConfigurableVariation(data: $data) { id parent { sku } variation { sku } }
    }
    """
    created = data_of(
        gql.execute(create, {"data": {"parent": str(parent.pk), "variation": str(red.pk)}}),
        "createConfigurableVariation",
    )
    assert created["parent"] == {"sku": "CHAIR"}
    update = """
    mutation($data: ConfigurableVariationPartialInput!) {
      updateConfigurableVariation(data: $data) { variation { sku } }
    }
    """
    result = gql.execute(update, {"data": {"id": created["id"], "variation": str(blue.pk)}})
    assert data_of(result, "updateConfigurableVariation") == {"variation": {"sku": "BLUE"}}
    delete = "mutation($id: ID!) { deleteConfigurableVariation(id: $id) { id } }"
    data_of(gql.execute(delete, {"id": created["id"]}), "deleteConfigurableVariation")
    assert not ConfigurableVariation.objects.exists()


def test_variation_of_a_simple_parent_is_refused(gql, company):
    parent, child = ProductFactory(multi_tenant_company=company), ProductFactory(multi_tenant_company=company)
    create = "mutation($data: ConfigurableVariationInput!) { createConfigurableVariation(data: $data) { id } }"
    result = gql.execute(create, {"data": {"parent": str(parent.pk), "variation": str(child.pk)}})
    assert error_message(result) == "parent: Only a configurable product can have variations."
    assert not ConfigurableVariation.objects.exists()


def test_bundle_item_crud(gql, company):
    bundle = BundleProductFactory(multi_tenant_company=company)
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    create = "mutation($data: BundleItemInput!) { createBundleItem(data: $data) { id quantity product { sku } } }"
    created = data_of(
        gql.execute(create, {"data": {"parent": str(bundle.pk), "product": str(product.pk), "quantity": 4}}),
        "createBundleItem",
    )
    assert created["quantity"] == 4
    update = "mutation($data: BundleItemPartialInput!) { updateBundleItem(data: $data) { quantity } }"
    assert data_of(gql.execute(update, {"data": {"id": created["id"], "quantity": 2}}), "updateBundleItem") == {
        "quantity": 2
    }
    data_of(
        gql.execute("mutation($id: ID!) { deleteBundleItem(id: $id) { id } }", {"id": created["id"]}),
        "deleteBundleItem",
    )
    assert not BundleItem.objects.exists()


def test_create_translation_and_update_it(gql, company, sales_channel):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    data = {
        "product": str(product.pk),
        "language": "nl",
        "name": "Stoel",
        "bulletPoints": ["Stevig"],
        "salesChannel": str(sales_channel.pk),
    }
    created = data_of(gql.execute(CREATE_TRANSLATION, {"data": data}), "createProductTranslation")
    assert created["bulletPoints"] == ["Stevig"]
    assert created["salesChannelId"] == str(sales_channel.pk)
    update = "mutation($data: ProductTranslationPartialInput!) { updateProductTranslation(data: $data) { name } }"
    result = gql.execute(update, {"data": {"id": created["id"], "name": "Rode stoel"}})
    assert data_of(result, "updateProductTranslation") == {"name": "Rode stoel"}
    delete = "mutation($id: ID!) { deleteProductTranslation(id: $id) { id } }"
    data_of(gql.execute(delete, {"id": created["id"]}), "deleteProductTranslation")
    assert not ProductTranslation.objects.exists()


def test_translation_in_a_language_the_company_lacks_is_refused(gql, company):
    product = ProductFactory(multi_tenant_company=company)
    data = {"product": str(product.pk), "language": "de", "name": "Stuhl"}
    assert error_message(gql.execute(CREATE_TRANSLATION, {"data": data})) == (
        "language: 'de' is not one of the company's languages."
    )
    assert not ProductTranslation.objects.exists()


# --- Tenancy -----------------------------------------------------------------------------------


def test_other_company_cannot_see_or_change_products(gql, other_gql, company):
    product = ProductFactory(multi_tenant_company=company, sku="CHAIR")
    assert skus(other_gql.execute(PRODUCTS)) == []
    assert data_of(other_gql.execute(PRODUCT, {"pk": str(product.pk)}), "product") is None
    update = other_gql.execute(UPDATE_PRODUCT, {"data": {"id": str(product.pk), "sku": "STOLEN"}})
    assert error_message(update) == f"Product with id {product.pk} was not found."
    delete = other_gql.execute(DELETE_PRODUCT, {"id": str(product.pk)})
    assert error_message(delete) == f"Product with id {product.pk} was not found."
    assert Product.objects.get(pk=product.pk).sku == "CHAIR"


def test_translation_cannot_point_at_another_companys_product(other_gql, company):
    product = ProductFactory(multi_tenant_company=company)
    data = {"product": str(product.pk), "language": "en", "name": "Hijacked"}
    assert error_message(other_gql.execute(CREATE_TRANSLATION, {"data": data})) == (
        f"Product with id {product.pk} was not found."
    )
    assert not ProductTranslation.objects.exists()


def test_nested_relations_hide_other_company_rows(gql, company, other_company):
    parent = ConfigurableProductFactory(multi_tenant_company=company)
    foreign = ProductFactory(multi_tenant_company=other_company)
    # A corrupt cross-company link (the model refuses it in clean()) must still not leak the foreign row.
    ConfigurableVariation.objects.create(multi_tenant_company=other_company, parent=parent, variation=foreign)
    query = "query($pk: ID!) { product(pk: $pk) { variations { id } } }"
    assert data_of(gql.execute(query, {"pk": str(parent.pk)}), "product") == {"variations": []}


def test_anonymous_user_sees_nothing_and_cannot_create(client, company):
    ProductFactory(multi_tenant_company=company)
    response = client.post("/graphql/", {"query": "{ products { sku } }"}, content_type="application/json")
    assert response.json()["errors"][0]["message"] == "Authentication required: log in first."
    response = client.post(
        "/graphql/", {"query": 'mutation { createProduct(data: {sku: "X"}) { id } }'}, content_type="application/json"
    )
    assert response.json()["errors"][0]["message"] == "Authentication required: log in first."


# --- Query count -------------------------------------------------------------------------------

LISTING = """
{
  products {
    sku type
    translations { language name }
    eanCode { eanCode }
    properties { property { internalName type } valueInt valueSelect { id translations { value } } }
  }
}
"""


def add_products(*, company, count: int, colour) -> None:
    size = Property.objects.get(multi_tenant_company=company, internal_name="size")
    for _ in range(count):
        product = ProductFactory(multi_tenant_company=company)
        ProductTranslationFactory(product=product, language="en")
        ProductTranslationFactory(product=product, language="nl")
        EanCodeFactory(product=product)
        ProductPropertyFactory(product=product, property=colour.property, value_select=colour)
        ProductPropertyFactory(product=product, property=size, value_int=42)


def listing_queries(gql) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        result = gql.execute(LISTING)
    assert not result.get("errors"), result
    return len(captured), len(result["data"]["products"])


# session, user, company, then one query each for products, translations, EAN codes, product
# properties, properties, select values and select value labels.
MAX_LISTING_QUERIES = 10


def test_product_listing_uses_a_bounded_number_of_queries(gql, company, django_assert_max_num_queries):
    colour = PropertySelectValueFactory(property__multi_tenant_company=company, property__internal_name="colour")
    PropertySelectValueTranslationFactory(select_value=colour, value="Red")
    PropertyFactory(multi_tenant_company=company, internal_name="size")

    add_products(company=company, count=5, colour=colour)
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        few, listed = listing_queries(gql)
    assert listed == 5

    add_products(company=company, count=45, colour=colour)
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        many, listed = listing_queries(gql)
    assert listed == 50
    assert many == few, (few, many)
