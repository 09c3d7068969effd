"""GraphQL object and filter types for properties, select values, product values and product-type rules.

Every type mixes in `TenantScopedType`, so lists, lookups and nested relations only see the
request user's company. Fields are explicit; relations are `strawberry_django` fields, so the
optimizer prefetches them in one query each.
"""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry import auto

from core.schema.types import TenantScopedType
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

if TYPE_CHECKING:
    from products.schema.types import ProductType

PRODUCT_TYPES = "products.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(Property, lookups=True)
class PropertyFilter:
    """Filter properties by type, internal name or product-type flag."""

    id: auto
    type: auto
    internal_name: auto
    is_product_type: auto
    add_to_filters: auto


@strawberry_django.filters.filter_type(PropertyTranslation, lookups=True)
class PropertyTranslationFilter:
    """Filter property names by property, language or name."""

    id: auto
    property_id: IdLookup | None = strawberry_django.filter_field()
    language: auto
    name: auto


@strawberry_django.filters.filter_type(PropertySelectValue, lookups=True)
class PropertySelectValueFilter:
    """Filter select values by property."""

    id: auto
    property_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.filters.filter_type(PropertySelectValueTranslation, lookups=True)
class PropertySelectValueTranslationFilter:
    """Filter select value labels by select value, language or label."""

    id: auto
    select_value_id: IdLookup | None = strawberry_django.filter_field()
    language: auto
    value: auto


@strawberry_django.filters.filter_type(ProductProperty, lookups=True)
class ProductPropertyFilter:
    """Filter product property values by product or property."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    property_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.filters.filter_type(ProductPropertyTextTranslation, lookups=True)
class ProductPropertyTextTranslationFilter:
    """Filter text values by product property or language."""

    id: auto
    product_property_id: IdLookup | None = strawberry_django.filter_field()
    language: auto


@strawberry_django.filters.filter_type(ProductPropertiesRule, lookups=True)
class ProductPropertiesRuleFilter:
    """Filter rules by product type (a select value of the product-type property)."""

    id: auto
    product_type_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.filters.filter_type(ProductPropertiesRuleItem, lookups=True)
class ProductPropertiesRuleItemFilter:
    """Filter rule items by rule, property or role."""

    id: auto
    rule_id: IdLookup | None = strawberry_django.filter_field()
    property_id: IdLookup | None = strawberry_django.filter_field()
    type: auto


@strawberry_django.type(Property, filters=PropertyFilter, pagination=True)
class PropertyType(TenantScopedType):
    """A typed attribute products carry (`type` INT, FLOAT, TEXT, DESCRIPTION, BOOLEAN, DATE, DATETIME, ...)."""

    id: strawberry.ID
    type: str
    internal_name: str
    is_product_type: bool
    is_public_information: bool
    add_to_filters: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    translations: list["PropertyTranslationType"] = strawberry_django.field()
    select_values: list["PropertySelectValueType"] = strawberry_django.field()


@strawberry_django.type(PropertyTranslation, filters=PropertyTranslationFilter, pagination=True)
class PropertyTranslationType(TenantScopedType):
    """A property's name in one language."""

    id: strawberry.ID
    property_id: strawberry.ID
    property: PropertyType
    language: str
    name: str


@strawberry_django.type(PropertySelectValue, filters=PropertySelectValueFilter, pagination=True)
class PropertySelectValueType(TenantScopedType):
    """One option of a SELECT or MULTISELECT property (of the product-type property: a product type)."""

    id: strawberry.ID
    property_id: strawberry.ID
    property: PropertyType
    translations: list["PropertySelectValueTranslationType"] = strawberry_django.field()


@strawberry_django.type(PropertySelectValueTranslation, filters=PropertySelectValueTranslationFilter, pagination=True)
class PropertySelectValueTranslationType(TenantScopedType):
    """A select value's label in one language."""

    id: strawberry.ID
    select_value_id: strawberry.ID
    select_value: PropertySelectValueType
    language: str
    value: str


@strawberry_django.type(ProductProperty, filters=ProductPropertyFilter, pagination=True)
class ProductPropertyType(TenantScopedType):
    """A product's value for one property; only the value field matching the property's type is set."""

    id: strawberry.ID
    product_id: strawberry.ID
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)]
    property_id: strawberry.ID
    property: PropertyType
    value_int: int | None
    value_float: float | None
    value_boolean: bool | None
    value_date: datetime.date | None
    value_datetime: datetime.datetime | None
    value_select: PropertySelectValueType | None
    value_multi_select: list[PropertySelectValueType] = strawberry_django.field()
    translations: list["ProductPropertyTextTranslationType"] = strawberry_django.field(
        description="The text of a TEXT or DESCRIPTION value, per language."
    )
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(ProductPropertyTextTranslation, filters=ProductPropertyTextTranslationFilter, pagination=True)
class ProductPropertyTextTranslationType(TenantScopedType):
    """The text of a TEXT or DESCRIPTION product property in one language."""

    id: strawberry.ID
    product_property_id: strawberry.ID
    product_property: ProductPropertyType
    language: str
    value_text: str
    value_description: str


@strawberry_django.type(ProductPropertiesRule, filters=ProductPropertiesRuleFilter, pagination=True)
class ProductPropertiesRuleType(TenantScopedType):
    """Which properties a product type uses, optionally specialised for one sales channel."""

    id: strawberry.ID
    product_type_id: strawberry.ID
    product_type: PropertySelectValueType
    sales_channel_id: strawberry.ID | None
    require_ean_code: bool
    items: list["ProductPropertiesRuleItemType"] = strawberry_django.field()


@strawberry_django.type(ProductPropertiesRuleItem, filters=ProductPropertiesRuleItemFilter, pagination=True)
class ProductPropertiesRuleItemType(TenantScopedType):
    """One property of a rule and its role (REQUIRED, OPTIONAL, REQUIRED/OPTIONAL_IN_CONFIGURATOR)."""

    id: strawberry.ID
    rule_id: strawberry.ID
    rule: ProductPropertiesRuleType
    property_id: strawberry.ID
    property: PropertyType
    type: str
    sort_order: int
