"""Product property values, their text translations and product-type rules: what is accepted and refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from products.tests.factories import ProductFactory
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
)
from properties.tests.factories import (
    ProductPropertiesRuleFactory,
    ProductPropertiesRuleItemFactory,
    ProductPropertyFactory,
    ProductPropertyTextTranslationFactory,
    ProductTypeValueFactory,
    PropertyFactory,
    PropertySelectValueFactory,
    PropertySelectValueTranslationFactory,
    SelectPropertyFactory,
)

SAMPLES = {
    "value_int": 3,
    "value_float": 1.5,
    "value_boolean": True,
    "value_date": datetime.date(2026, 1, 1),
    "value_datetime": datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC),
}
FIELD_BY_TYPE = {
    Property.Type.INT: "value_int",
    Property.Type.FLOAT: "value_float",
    Property.Type.BOOLEAN: "value_boolean",
    Property.Type.DATE: "value_date",
    Property.Type.DATETIME: "value_datetime",
}


def value_row(*, company, prop_type, **values) -> ProductProperty:
    return ProductProperty(
        multi_tenant_company=company,
        product=ProductFactory(multi_tenant_company=company),
        property=PropertyFactory(multi_tenant_company=company, type=prop_type),
        **values,
    )


@pytest.mark.parametrize(("prop_type", "field"), FIELD_BY_TYPE.items())
def test_value_of_the_propertys_type_is_accepted(company, prop_type, field):
    row = value_row(company=company, prop_type=prop_type, **{field: SAMPLES[field]})
    row.full_clean()
    row.save()
    assert row.get_value() == SAMPLES[field]


@pytest.mark.parametrize(("prop_type", "field"), FIELD_BY_TYPE.items())
def test_value_of_another_type_is_refused(company, prop_type, field):
    wrong = next(name for name in SAMPLES if name != field)
    row = value_row(company=company, prop_type=prop_type, **{wrong: SAMPLES[wrong]})
    with pytest.raises(ValidationError, match=f"is {prop_type}: it cannot hold {wrong}"):
        row.full_clean()


def test_text_property_holds_no_scalar_value(company):
    row = value_row(company=company, prop_type=Property.Type.TEXT, value_int=3)
    with pytest.raises(ValidationError, match="is TEXT: it cannot hold value_int"):
        row.full_clean()


def test_select_value_of_the_property_is_accepted(company):
    value = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    PropertySelectValueTranslationFactory(select_value=value, value="Red")
    row = ProductPropertyFactory(
        product=ProductFactory(multi_tenant_company=company), property=value.property, value_select=value
    )
    row.full_clean()
    assert row.get_value() == value


def test_select_value_of_another_property_is_refused(company):
    colour = SelectPropertyFactory(multi_tenant_company=company, internal_name="colour")
    size = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    row = ProductProperty(
        multi_tenant_company=company,
        product=ProductFactory(multi_tenant_company=company),
        property=colour,
        value_select=size,
    )
    with pytest.raises(ValidationError, match="The select value belongs to another property"):
        row.full_clean()


def test_select_value_on_an_int_property_is_refused(company):
    value = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    row = value_row(company=company, prop_type=Property.Type.INT, value_select=value)
    with pytest.raises(ValidationError, match="is INT: it cannot hold value_select"):
        row.full_clean()


def test_multi_select_value_is_a_list_of_select_values(company):
    prop = PropertyFactory(multi_tenant_company=company, type=Property.Type.MULTISELECT)
    red, blue = PropertySelectValueFactory(property=prop), PropertySelectValueFactory(property=prop)
    row = ProductPropertyFactory(
        product=ProductFactory(multi_tenant_company=company), property=prop, value_multi_select=[red, blue]
    )
    assert set(row.get_value()) == {red, blue}


def test_one_value_per_product_and_property(company):
    row = ProductPropertyFactory(product=ProductFactory(multi_tenant_company=company), value_int=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductProperty.objects.create(multi_tenant_company=company, product=row.product, property=row.property)


def test_property_in_use_cannot_be_deleted(company):
    row = ProductPropertyFactory(product=ProductFactory(multi_tenant_company=company), value_int=1)
    with pytest.raises(ProtectedError):
        row.property.delete()


# --- Text translations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prop_type", "field", "text"),
    [(Property.Type.TEXT, "value_text", "Soft"), (Property.Type.DESCRIPTION, "value_description", "A soft chair")],
)
def test_translated_value_picks_the_language_then_any(company, prop_type, field, text):
    row = value_row(company=company, prop_type=prop_type)
    row.save()
    ProductPropertyTextTranslationFactory(product_property=row, language="en", **{field: text})
    ProductPropertyTextTranslationFactory(product_property=row, language="nl", **{field: f"{text} (nl)"})
    assert row.get_value(language="nl") == f"{text} (nl)"
    assert row.get_value(language="de") == text


def test_translated_value_is_none_without_translations(company):
    row = value_row(company=company, prop_type=Property.Type.TEXT)
    row.save()
    assert row.get_value(language="en") is None


def test_text_translation_of_a_non_text_property_is_refused(company):
    row = ProductPropertyFactory(product=ProductFactory(multi_tenant_company=company), value_int=1)
    translation = ProductPropertyTextTranslation(
        multi_tenant_company=company, product_property=row, language="en", value_text="x"
    )
    with pytest.raises(ValidationError, match="Only TEXT and DESCRIPTION properties have translated values"):
        translation.full_clean()


def test_one_text_translation_per_language(company):
    translation = ProductPropertyTextTranslationFactory(
        product_property__product=ProductFactory(multi_tenant_company=company)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductPropertyTextTranslation.objects.create(
            multi_tenant_company=company, product_property=translation.product_property, language="en"
        )


# --- Rules -------------------------------------------------------------------------------------


def test_rule_product_type_must_be_a_product_type_value(company):
    colour = PropertySelectValueFactory(property=SelectPropertyFactory(multi_tenant_company=company))
    rule = ProductPropertiesRule(multi_tenant_company=company, product_type=colour)
    with pytest.raises(ValidationError, match="must be a value of the product-type property"):
        rule.full_clean()


def test_rule_on_a_product_type_value_is_accepted(company):
    rule = ProductPropertiesRuleFactory(product_type=ProductTypeValueFactory(multi_tenant_company=company))
    rule.full_clean()
    assert rule.product_type.property.is_product_type


def test_one_default_rule_and_one_per_channel_per_product_type(company, sales_channel):
    rule = ProductPropertiesRuleFactory(product_type=ProductTypeValueFactory(multi_tenant_company=company))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductPropertiesRule.objects.create(multi_tenant_company=company, product_type=rule.product_type)
    ProductPropertiesRule.objects.create(
        multi_tenant_company=company, product_type=rule.product_type, sales_channel=sales_channel
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductPropertiesRule.objects.create(
            multi_tenant_company=company, product_type=rule.product_type, sales_channel=sales_channel
        )


@pytest.mark.parametrize("item_type", ProductPropertiesRuleItem.CONFIGURATOR_TYPES)
@pytest.mark.parametrize("prop_type", [Property.Type.SELECT, Property.Type.BOOLEAN])
def test_select_and_boolean_properties_can_be_configurator_axes(company, item_type, prop_type):
    item = ProductPropertiesRuleItemFactory(
        rule__product_type=ProductTypeValueFactory(multi_tenant_company=company),
        property=PropertyFactory(multi_tenant_company=company, type=prop_type),
        type=item_type,
    )
    item.full_clean()


@pytest.mark.parametrize("item_type", ProductPropertiesRuleItem.CONFIGURATOR_TYPES)
def test_other_properties_cannot_be_configurator_axes(company, item_type):
    item = ProductPropertiesRuleItemFactory.build(
        rule=ProductPropertiesRuleFactory(product_type=ProductTypeValueFactory(multi_tenant_company=company)),
        property=PropertyFactory(multi_tenant_company=company, type=Property.Type.INT),
        type=item_type,
    )
    with pytest.raises(ValidationError, match="Only SELECT or BOOLEAN properties can be configurator axes"):
        item.full_clean()


def test_int_property_can_be_a_required_rule_item(company):
    item = ProductPropertiesRuleItemFactory(
        rule__product_type=ProductTypeValueFactory(multi_tenant_company=company),
        property=PropertyFactory(multi_tenant_company=company, type=Property.Type.INT),
        type=ProductPropertiesRuleItem.REQUIRED,
    )
    item.full_clean()


def test_property_appears_once_per_rule(company):
    item = ProductPropertiesRuleItemFactory(rule__product_type=ProductTypeValueFactory(multi_tenant_company=company))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductPropertiesRuleItem.objects.create(multi_tenant_company=company, rule=item.rule, property=item.property)
