"""A product's type, the rule that applies to it, and the configurator axes of a configurable."""

import pytest

from products.tests.factories import ConfigurableProductFactory, ConfigurableVariationFactory, ProductFactory
from properties.models import ProductPropertiesRule, ProductPropertiesRuleItem, Property
from properties.product_types import configurator_properties, ensure_product_type_property, product_type_of, rule_for
from properties.tests.factories import (
    ProductPropertiesRuleFactory,
    ProductPropertiesRuleItemFactory,
    ProductPropertyFactory,
    ProductTypeValueFactory,
    PropertyFactory,
    PropertySelectValueFactory,
    SelectPropertyFactory,
)


@pytest.fixture
def chair_type(company):
    return ProductTypeValueFactory(multi_tenant_company=company)


@pytest.fixture
def rule(chair_type):
    return ProductPropertiesRuleFactory(product_type=chair_type)


@pytest.fixture
def configurable(company, chair_type):
    product = ConfigurableProductFactory(multi_tenant_company=company)
    set_type(product, chair_type)
    return product


def set_type(product, product_type) -> None:
    ProductPropertyFactory(product=product, property=product_type.property, value_select=product_type)


def add_variation(parent, *, values: dict | None = None):
    """A new variation of `parent` holding `values` ({property: select value or boolean})."""
    variation = ConfigurableVariationFactory(parent=parent).variation
    for prop, value in (values or {}).items():
        field = "value_boolean" if prop.type == Property.Type.BOOLEAN else "value_select"
        ProductPropertyFactory(product=variation, property=prop, **{field: value})
    return variation


def axis(rule, *, item_type, prop_type=Property.Type.SELECT) -> Property:
    prop = PropertyFactory(multi_tenant_company=rule.multi_tenant_company, type=prop_type)
    ProductPropertiesRuleItemFactory(rule=rule, property=prop, type=item_type)
    return prop


def test_product_type_of(company, chair_type):
    product = ProductFactory(multi_tenant_company=company)
    assert product_type_of(product) is None
    set_type(product, chair_type)
    assert product_type_of(product) == chair_type


def test_product_type_values_belong_to_the_companys_product_type_property(company, chair_type):
    assert chair_type.property == ensure_product_type_property(company=company)


def test_rule_for_prefers_the_channel_rule_and_falls_back_to_the_default(configurable, rule, sales_channel):
    assert rule_for(product=configurable, sales_channel_id=sales_channel.pk) == rule
    channel_rule = ProductPropertiesRule.objects.create(
        multi_tenant_company=rule.multi_tenant_company, product_type=rule.product_type, sales_channel=sales_channel
    )
    assert rule_for(product=configurable, sales_channel_id=sales_channel.pk) == channel_rule
    assert rule_for(product=configurable) == rule


def test_rule_for_a_product_without_type_is_none(company, rule):
    assert rule_for(product=ProductFactory(multi_tenant_company=company)) is None


def test_required_in_configurator_is_always_an_axis(configurable, rule):
    colour = axis(rule, item_type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR)
    assert configurator_properties(product=configurable) == [colour], "an axis even without variations"
    red = PropertySelectValueFactory(property=colour)
    add_variation(configurable, values={colour: red})
    add_variation(configurable, values={colour: red})
    assert configurator_properties(product=configurable) == [colour], "an axis even with one distinct value"


def test_optional_in_configurator_is_an_axis_only_when_variations_differ(configurable, rule):
    size = axis(rule, item_type=ProductPropertiesRuleItem.OPTIONAL_IN_CONFIGURATOR)
    small, large = PropertySelectValueFactory(property=size), PropertySelectValueFactory(property=size)
    assert configurator_properties(product=configurable) == []
    add_variation(configurable, values={size: small})
    add_variation(configurable, values={size: small})
    assert configurator_properties(product=configurable) == [], "one distinct value is not an axis"
    add_variation(configurable, values={size: large})
    assert configurator_properties(product=configurable) == [size]


def test_optional_boolean_axis_counts_distinct_booleans(configurable, rule):
    outdoor = axis(rule, item_type=ProductPropertiesRuleItem.OPTIONAL_IN_CONFIGURATOR, prop_type=Property.Type.BOOLEAN)
    add_variation(configurable, values={outdoor: True})
    add_variation(configurable, values={outdoor: True})
    assert configurator_properties(product=configurable) == []
    add_variation(configurable, values={outdoor: False})
    assert configurator_properties(product=configurable) == [outdoor]


def test_only_the_configurables_own_variations_count(company, configurable, rule):
    size = axis(rule, item_type=ProductPropertiesRuleItem.OPTIONAL_IN_CONFIGURATOR)
    small, large = PropertySelectValueFactory(property=size), PropertySelectValueFactory(property=size)
    add_variation(configurable, values={size: small})
    add_variation(ConfigurableProductFactory(multi_tenant_company=company), values={size: large})
    assert configurator_properties(product=configurable) == []


def test_non_configurator_items_are_never_axes(configurable, rule):
    material = axis(rule, item_type=ProductPropertiesRuleItem.REQUIRED)
    axis(rule, item_type=ProductPropertiesRuleItem.OPTIONAL)
    for _ in range(2):
        add_variation(configurable, values={material: PropertySelectValueFactory(property=material)})
    assert configurator_properties(product=configurable) == []


def test_axes_keep_the_rules_sort_order(configurable, rule):
    second = SelectPropertyFactory(multi_tenant_company=rule.multi_tenant_company)
    first = SelectPropertyFactory(multi_tenant_company=rule.multi_tenant_company)
    required = ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
    ProductPropertiesRuleItemFactory(rule=rule, property=second, type=required, sort_order=2)
    ProductPropertiesRuleItemFactory(rule=rule, property=first, type=required, sort_order=1)
    assert configurator_properties(product=configurable) == [first, second]


def test_configurable_without_rule_has_no_axes(company):
    assert configurator_properties(product=ConfigurableProductFactory(multi_tenant_company=company)) == []
