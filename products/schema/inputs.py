"""GraphQL inputs for product mutations: field names match the model, relations are ids.

Create inputs leave optional fields UNSET so the model default applies; update inputs carry
`id` and change only the fields that are sent. The company is never part of an input.
"""

import strawberry
from strawberry import UNSET


@strawberry.input(description="A new product. `type` is SIMPLE (default), CONFIGURABLE or BUNDLE.")
class ProductInput:
    """Fields of a new product."""

    sku: str
    type: str | None = UNSET
    active: bool | None = UNSET
    allow_backorder: bool | None = UNSET


@strawberry.input(description="Changes to a product; omitted fields stay as they are.")
class ProductPartialInput:
    """Changes to a product."""

    id: strawberry.ID
    sku: str | None = UNSET
    type: str | None = UNSET
    active: bool | None = UNSET
    allow_backorder: bool | None = UNSET


@strawberry.input(description="Make a simple product a variation of a configurable product.")
class ConfigurableVariationInput:
    """Fields of a new variation link."""

    parent: strawberry.ID
    variation: strawberry.ID


@strawberry.input(description="Changes to a variation link.")
class ConfigurableVariationPartialInput:
    """Changes to a variation link."""

    id: strawberry.ID
    parent: strawberry.ID | None = UNSET
    variation: strawberry.ID | None = UNSET


@strawberry.input(description="Put a product into a bundle.")
class BundleItemInput:
    """Fields of a new bundle item."""

    parent: strawberry.ID
    product: strawberry.ID
    quantity: int | None = UNSET


@strawberry.input(description="Changes to a bundle item.")
class BundleItemPartialInput:
    """Changes to a bundle item."""

    id: strawberry.ID
    parent: strawberry.ID | None = UNSET
    product: strawberry.ID | None = UNSET
    quantity: int | None = UNSET


@strawberry.input(description="A product's content in one of the company's languages.")
class ProductTranslationInput:
    """Fields of a new product translation."""

    product: strawberry.ID
    language: str
    name: str
    sales_channel: strawberry.ID | None = UNSET
    subtitle: str | None = UNSET
    short_description: str | None = UNSET
    description: str | None = UNSET
    url_key: str | None = UNSET
    bullet_points: list[str] | None = UNSET


@strawberry.input(description="Changes to a product translation.")
class ProductTranslationPartialInput:
    """Changes to a product translation."""

    id: strawberry.ID
    product: strawberry.ID | None = UNSET
    language: str | None = UNSET
    name: str | None = UNSET
    sales_channel: strawberry.ID | None = UNSET
    subtitle: str | None = UNSET
    short_description: str | None = UNSET
    description: str | None = UNSET
    url_key: str | None = UNSET
    bullet_points: list[str] | None = UNSET


@strawberry.input(description="A product's EAN/GTIN barcode (not for configurable products).")
class EanCodeInput:
    """Fields of a new EAN code."""

    product: strawberry.ID
    ean_code: str


@strawberry.input(description="Changes to an EAN code.")
class EanCodePartialInput:
    """Changes to an EAN code."""

    id: strawberry.ID
    product: strawberry.ID | None = UNSET
    ean_code: str | None = UNSET
