"""GraphQL object and filter types for products, variations, bundle items, translations and EAN codes.

Every type mixes in `TenantScopedType`, so top-level lists, single lookups and nested relations
only ever see the request user's company. Fields are listed explicitly; nested relations are
`strawberry_django` fields so the optimizer turns them into one prefetch per relation.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry_django import StrFilterLookup

from core.schema.types import TenantScopedType
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation

if TYPE_CHECKING:
    from properties.schema.types import ProductPropertyType

PROPERTIES_TYPES = "properties.schema.types"


@strawberry_django.filter_type(Product)
class ProductFilter:
    """Filter products by SKU (exact, contains, ...), type and active flag."""

    sku: StrFilterLookup | None = strawberry.UNSET
    type: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry_django.filter_type(ProductTranslation)
class ProductTranslationFilter:
    """Filter translations by product, language and name."""

    product_id: strawberry.ID | None = strawberry.UNSET
    language: str | None = strawberry.UNSET
    name: StrFilterLookup | None = strawberry.UNSET


@strawberry_django.filter_type(EanCode)
class EanCodeFilter:
    """Filter EAN codes by product or code."""

    product_id: strawberry.ID | None = strawberry.UNSET
    ean_code: StrFilterLookup | None = strawberry.UNSET


@strawberry_django.filter_type(ConfigurableVariation)
class ConfigurableVariationFilter:
    """Filter variation links by parent or variation."""

    parent_id: strawberry.ID | None = strawberry.UNSET
    variation_id: strawberry.ID | None = strawberry.UNSET


@strawberry_django.filter_type(BundleItem)
class BundleItemFilter:
    """Filter bundle items by bundle or contained product."""

    parent_id: strawberry.ID | None = strawberry.UNSET
    product_id: strawberry.ID | None = strawberry.UNSET


@strawberry_django.type(Product)
class ProductType(TenantScopedType):
    """A product with its content, barcode, variations, bundle items and property values."""

    id: strawberry.ID
    sku: str
    type: str
    active: bool
    allow_backorder: bool
    created_at: datetime
    updated_at: datetime
    translations: list["ProductTranslationType"] = strawberry_django.field()
    ean_code: "EanCodeType | None" = strawberry_django.field()
    variations: list["ConfigurableVariationType"] = strawberry_django.field(
        field_name="variation_links", description="Links to this configurable's variations."
    )
    parents: list["ConfigurableVariationType"] = strawberry_django.field(
        field_name="parent_links", description="Links to the configurables this product is a variation of."
    )
    bundle_items: list["BundleItemType"] = strawberry_django.field()
    properties: list[Annotated["ProductPropertyType", strawberry.lazy(PROPERTIES_TYPES)]] = strawberry_django.field(
        field_name="product_properties", description="The product's property values."
    )


@strawberry_django.type(ProductTranslation)
class ProductTranslationType(TenantScopedType):
    """A product's content in one language, optionally for one sales channel."""

    id: strawberry.ID
    product: ProductType
    language: str
    sales_channel_id: strawberry.ID | None
    name: str
    subtitle: str
    short_description: str
    description: str
    url_key: str
    bullet_points: list[str]
    created_at: datetime
    updated_at: datetime


@strawberry_django.type(EanCode)
class EanCodeType(TenantScopedType):
    """A product's EAN/GTIN barcode."""

    id: strawberry.ID
    product: ProductType
    ean_code: str


@strawberry_django.type(ConfigurableVariation)
class ConfigurableVariationType(TenantScopedType):
    """A simple product's membership in a configurable product."""

    id: strawberry.ID
    parent: ProductType
    variation: ProductType


@strawberry_django.type(BundleItem)
class BundleItemType(TenantScopedType):
    """A product contained in a bundle, with its quantity."""

    id: strawberry.ID
    parent: ProductType
    product: ProductType
    quantity: int
