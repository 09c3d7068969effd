"""GraphQL inputs for property mutations: field names match the model, relations are ids.

Create inputs leave optional fields UNSET so the model default applies; update inputs carry
`id` and change only the fields that are sent. The company is never part of an input, and the
product-type flag is managed by the system (one per company), so no input can set it.
"""

from datetime import date, datetime

import strawberry
from strawberry import UNSET


@strawberry.input(description="A new property; `type` is INT, FLOAT, TEXT, DESCRIPTION, BOOLEAN, DATE, ...")
class PropertyInput:
    """Fields of a new property."""

    type: str
    internal_name: str
    is_public_information: bool | None = UNSET
    add_to_filters: bool | None = UNSET


@strawberry.input(description="Changes to a property.")
class PropertyPartialInput:
    """Changes to a property."""

    id: strawberry.ID
    type: str | None = UNSET
    internal_name: str | None = UNSET
    is_public_information: bool | None = UNSET
    add_to_filters: bool | None = UNSET


@strawberry.input(description="A property's name in one language.")
class PropertyTranslationInput:
    """Fields of a new property translation."""

    property: strawberry.ID
    language: str
    name: str


@strawberry.input(description="Changes to a property translation.")
class PropertyTranslationPartialInput:
    """Changes to a property translation."""

    id: strawberry.ID
    property: strawberry.ID | None = UNSET
    language: str | None = UNSET
    name: str | None = UNSET


@strawberry.input(description="A new option of a SELECT or MULTISELECT property.")
class PropertySelectValueInput:
    """Fields of a new select value."""

    property: strawberry.ID


@strawberry.input(description="Changes to a select value.")
class PropertySelectValuePartialInput:
    """Changes to a select value."""

    id: strawberry.ID
    property: strawberry.ID | None = UNSET


@strawberry.input(description="A select value's label in one language.")
class PropertySelectValueTranslationInput:
    """Fields of a new select value translation."""

    select_value: strawberry.ID
    language: str
    value: str


@strawberry.input(description="Changes to a select value translation.")
class PropertySelectValueTranslationPartialInput:
    """Changes to a select value translation."""

    id: strawberry.ID
    select_value: strawberry.ID | None = UNSET
    language: str | None = UNSET
    value: str | None = UNSET


@strawberry.input(description="A product's value for a property: set only the field matching the property type.")
class ProductPropertyInput:
    """Fields of a new product property value."""

    product: strawberry.ID
    property: strawberry.ID
    value_int: int | None = UNSET
    value_float: float | None = UNSET
    value_boolean: bool | None = UNSET
    value_date: date | None = UNSET
    value_datetime: datetime | None = UNSET
    value_select: strawberry.ID | None = UNSET
    value_multi_select: list[strawberry.ID] | None = UNSET


@strawberry.input(description="Changes to a product property value.")
class ProductPropertyPartialInput:
    """Changes to a product property value."""

    id: strawberry.ID
    product: strawberry.ID | None = UNSET
    property: strawberry.ID | None = UNSET
    value_int: int | None = UNSET
    value_float: float | None = UNSET
    value_boolean: bool | None = UNSET
    value_date: date | None = UNSET
    value_datetime: datetime | None = UNSET
    value_select: strawberry.ID | None = UNSET
    value_multi_select: list[strawberry.ID] | None = UNSET


@strawberry.input(description="The text of a TEXT or DESCRIPTION product property in one language.")
class ProductPropertyTextTranslationInput:
    """Fields of a new text value."""

    product_property: strawberry.ID
    language: str
    value_text: str | None = UNSET
    value_description: str | None = UNSET


@strawberry.input(description="Changes to a text value.")
class ProductPropertyTextTranslationPartialInput:
    """Changes to a text value."""

    id: strawberry.ID
    product_property: strawberry.ID | None = UNSET
    language: str | None = UNSET
    value_text: str | None = UNSET
    value_description: str | None = UNSET


@strawberry.input(description="A rule saying which properties a product type uses.")
class ProductPropertiesRuleInput:
    """Fields of a new rule."""

    product_type: strawberry.ID
    sales_channel: strawberry.ID | None = UNSET
    require_ean_code: bool | None = UNSET


@strawberry.input(description="Changes to a rule.")
class ProductPropertiesRulePartialInput:
    """Changes to a rule."""

    id: strawberry.ID
    product_type: strawberry.ID | None = UNSET
    sales_channel: strawberry.ID | None = UNSET
    require_ean_code: bool | None = UNSET


@strawberry.input(description="A property of a rule; `type` is REQUIRED, OPTIONAL or *_IN_CONFIGURATOR.")
class ProductPropertiesRuleItemInput:
    """Fields of a new rule item."""

    rule: strawberry.ID
    property: strawberry.ID
    type: str | None = UNSET
    sort_order: int | None = UNSET


@strawberry.input(description="Changes to a rule item.")
class ProductPropertiesRuleItemPartialInput:
    """Changes to a rule item."""

    id: strawberry.ID
    rule: strawberry.ID | None = UNSET
    property: strawberry.ID | None = UNSET
    type: str | None = UNSET
    sort_order: int | None = UNSET


@strawberry.input(description="Give many products the same value for one property (created or replaced).")
class BulkAssignProductPropertyInput:
    """Products, a property and the one value field matching the property's type."""

    product_ids: list[strawberry.ID]
    property: strawberry.ID
    value_int: int | None = UNSET
    value_float: float | None = UNSET
    value_boolean: bool | None = UNSET
    value_date: date | None = UNSET
    value_datetime: datetime | None = UNSET
    value_select: strawberry.ID | None = UNSET
    value_multi_select: list[strawberry.ID] | None = UNSET
