"""Properties and select values: the product-type property, uniqueness, types and translated names."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.tests.factories import MultiTenantCompanyFactory
from properties.models import Property, PropertySelectValue, PropertySelectValueTranslation, PropertyTranslation
from properties.product_types import ensure_product_type_property
from properties.tests.factories import (
    PropertyFactory,
    PropertySelectValueFactory,
    PropertySelectValueTranslationFactory,
    PropertyTranslationFactory,
    SelectPropertyFactory,
)


def refused_by_database(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- The product-type property -----------------------------------------------------------------


def test_every_new_company_gets_one_product_type_property(db):
    company = MultiTenantCompanyFactory(language="nl")
    prop = Property.objects.get(multi_tenant_company=company, is_product_type=True)
    assert prop.type == Property.Type.SELECT
    assert prop.internal_name == Property.PRODUCT_TYPE_INTERNAL_NAME
    assert [(t.language, t.name) for t in prop.translations.all()] == [("nl", "Product type")]


def test_ensure_product_type_property_is_idempotent(company):
    first = ensure_product_type_property(company=company)
    assert ensure_product_type_property(company=company) == first
    assert Property.objects.filter(multi_tenant_company=company, is_product_type=True).count() == 1
    assert first.translations.count() == 1


def test_second_product_type_property_is_refused(company):
    refused_by_database(
        lambda: Property.objects.create(
            multi_tenant_company=company, type=Property.Type.SELECT, internal_name="kind", is_product_type=True
        )
    )
    duplicate = Property(
        multi_tenant_company=company, type=Property.Type.SELECT, internal_name="kind", is_product_type=True
    )
    with pytest.raises(ValidationError, match="one_product_type_property"):
        duplicate.full_clean()


def test_each_company_has_its_own_product_type_property(company, other_company):
    assert ensure_product_type_property(company=company) != ensure_product_type_property(company=other_company)


@pytest.mark.parametrize("prop_type", [Property.Type.MULTISELECT, Property.Type.INT, Property.Type.TEXT])
def test_product_type_property_must_be_select(db, prop_type):
    company = MultiTenantCompanyFactory()
    Property.objects.filter(multi_tenant_company=company, is_product_type=True).delete()
    refused_by_database(
        lambda: Property.objects.create(
            multi_tenant_company=company, type=prop_type, internal_name="kind", is_product_type=True
        )
    )


def test_product_type_property_cannot_change_type(company):
    prop = ensure_product_type_property(company=company)
    prop.type = Property.Type.MULTISELECT
    with pytest.raises(ValidationError, match="product_type_property_is_select"):
        prop.full_clean()
    refused_by_database(prop.save)


# --- Property ----------------------------------------------------------------------------------


def test_internal_name_is_unique_per_company_only(company, other_company):
    PropertyFactory(multi_tenant_company=company, internal_name="colour")
    refused_by_database(lambda: PropertyFactory(multi_tenant_company=company, internal_name="colour"))
    assert PropertyFactory(multi_tenant_company=other_company, internal_name="colour").pk is not None


def test_internal_name_must_be_a_slug(company):
    prop = Property(multi_tenant_company=company, type=Property.Type.INT, internal_name="not a slug")
    with pytest.raises(ValidationError, match="internal_name"):
        prop.full_clean()


def test_unknown_property_type_is_refused_by_clean(company):
    prop = Property(multi_tenant_company=company, type="COLOUR", internal_name="colour")
    with pytest.raises(ValidationError, match="not a valid choice"):
        prop.full_clean()


def test_property_name_falls_back_to_any_translation_then_internal_name(company):
    prop = PropertyFactory(multi_tenant_company=company, internal_name="colour")
    assert prop.name(language="nl") == "colour"
    PropertyTranslationFactory(property=prop, language="en", name="Colour")
    assert prop.name(language="nl") == "Colour"
    PropertyTranslationFactory(property=prop, language="nl", name="Kleur")
    assert prop.name(language="nl") == "Kleur"


def test_one_property_name_per_language(company):
    translation = PropertyTranslationFactory(property=PropertyFactory(multi_tenant_company=company))
    refused_by_database(
        lambda: PropertyTranslation.objects.create(
            multi_tenant_company=company, property=translation.property, language=translation.language, name="Again"
        )
    )


# --- Select values -----------------------------------------------------------------------------


@pytest.mark.parametrize("prop_type", [Property.Type.SELECT, Property.Type.MULTISELECT])
def test_select_properties_have_select_values(company, prop_type):
    value = PropertySelectValueFactory(property=PropertyFactory(multi_tenant_company=company, type=prop_type))
    value.full_clean()


@pytest.mark.parametrize("prop_type", [Property.Type.INT, Property.Type.TEXT, Property.Type.BOOLEAN])
def test_other_properties_have_no_select_values(company, prop_type):
    value = PropertySelectValue(
        multi_tenant_company=company, property=PropertyFactory(multi_tenant_company=company, type=prop_type)
    )
    with pytest.raises(ValidationError, match="Only SELECT and MULTISELECT properties have select values"):
        value.full_clean()


def test_select_value_label_falls_back_to_any_translation_then_id(company):
    value = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    assert value.value(language="nl") == f"#{value.pk}"
    PropertySelectValueTranslationFactory(select_value=value, language="en", value="Red")
    assert value.value(language="nl") == "Red"
    PropertySelectValueTranslationFactory(select_value=value, language="nl", value="Rood")
    assert value.value(language="nl") == "Rood"


def test_one_select_value_label_per_language(company):
    label = PropertySelectValueTranslationFactory(
        select_value=PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    )
    refused_by_database(
        lambda: PropertySelectValueTranslation.objects.create(
            multi_tenant_company=company, select_value=label.select_value, language=label.language, value="Again"
        )
    )


def test_factories_keep_children_in_the_parents_company(company):
    label = PropertySelectValueTranslationFactory(
        select_value=PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    )
    assert {label.multi_tenant_company, label.select_value.multi_tenant_company} == {company}


def test_product_type_property_cannot_be_deleted(company):
    product_type = Property.objects.get(multi_tenant_company=company, is_product_type=True)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        product_type.delete()
    assert Property.objects.filter(pk=product_type.pk).exists()
