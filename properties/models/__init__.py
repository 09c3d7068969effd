"""Property models."""

from properties.models.product_properties import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
)
from properties.models.properties import (
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)

__all__ = [
    "ProductPropertiesRule",
    "ProductPropertiesRuleItem",
    "ProductProperty",
    "ProductPropertyTextTranslation",
    "Property",
    "PropertySelectValue",
    "PropertySelectValueTranslation",
    "PropertyTranslation",
]
