"""Property queries: a filtered, paginated list and a lookup by id (`pk`) for each model.

A lookup returns null for an unknown id or another company's row (the type's `get_queryset`
scopes it), exactly as a list simply leaves such rows out.
"""

import strawberry
import strawberry_django

from properties.schema import types as t


@strawberry.type
class Query:
    """Properties, select values, product values and product-type rules of the user's company."""

    properties: list[t.PropertyType] = strawberry_django.field(description="Properties, by internal name.")
    property: t.PropertyType | None = strawberry_django.field(description="One property by id.")
    property_translations: list[t.PropertyTranslationType] = strawberry_django.field(
        description="Property names per language."
    )
    property_translation: t.PropertyTranslationType | None = strawberry_django.field(
        description="One property name by id."
    )
    property_select_values: list[t.PropertySelectValueType] = strawberry_django.field(
        description="Options of select properties."
    )
    property_select_value: t.PropertySelectValueType | None = strawberry_django.field(
        description="One select value by id."
    )
    property_select_value_translations: list[t.PropertySelectValueTranslationType] = strawberry_django.field(
        description="Select value labels per language."
    )
    property_select_value_translation: t.PropertySelectValueTranslationType | None = strawberry_django.field(
        description="One select value label by id."
    )
    product_properties: list[t.ProductPropertyType] = strawberry_django.field(description="Products' property values.")
    product_property: t.ProductPropertyType | None = strawberry_django.field(
        description="One product property value by id."
    )
    product_property_text_translations: list[t.ProductPropertyTextTranslationType] = strawberry_django.field(
        description="Text property values per language."
    )
    product_property_text_translation: t.ProductPropertyTextTranslationType | None = strawberry_django.field(
        description="One text property value by id."
    )
    product_properties_rules: list[t.ProductPropertiesRuleType] = strawberry_django.field(
        description="Product-type rules."
    )
    product_properties_rule: t.ProductPropertiesRuleType | None = strawberry_django.field(
        description="One product-type rule by id."
    )
    product_properties_rule_items: list[t.ProductPropertiesRuleItemType] = strawberry_django.field(
        description="Properties of product-type rules, with their role."
    )
    product_properties_rule_item: t.ProductPropertiesRuleItemType | None = strawberry_django.field(
        description="One rule item by id."
    )
