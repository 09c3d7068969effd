"""Product queries: a filtered, paginated list and a lookup by id (`pk`) for each model.

A lookup returns null for an unknown id or another company's row (the type's `get_queryset`
scopes it), exactly as a list simply leaves such rows out.
"""

import strawberry
import strawberry_django

from products.schema.types import (
    BundleItemType,
    ConfigurableVariationType,
    EanCodeType,
    ProductTranslationType,
    ProductType,
)


@strawberry.type
class Query:
    """Products and their parts, in the logged-in user's company."""

    products: list[ProductType] = strawberry_django.field(description="Products, ordered by SKU.")
    product: ProductType | None = strawberry_django.field(description="One product by id.")
    product_translations: list[ProductTranslationType] = strawberry_django.field(description="Product content.")
    product_translation: ProductTranslationType | None = strawberry_django.field(description="One translation by id.")
    ean_codes: list[EanCodeType] = strawberry_django.field(description="EAN codes.")
    ean_code: EanCodeType | None = strawberry_django.field(description="One EAN code by id.")
    configurable_variations: list[ConfigurableVariationType] = strawberry_django.field(description="Variation links.")
    configurable_variation: ConfigurableVariationType | None = strawberry_django.field(
        description="One variation link by id."
    )
    bundle_items: list[BundleItemType] = strawberry_django.field(description="Bundle items.")
    bundle_item: BundleItemType | None = strawberry_django.field(description="One bundle item by id.")
