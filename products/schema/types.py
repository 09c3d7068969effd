"""GraphQL object and filter types for products, variations, bundle items, translations and EAN codes.

Every type mixes in `TenantScopedType`, so top-level lists, single lookups and nested relations
only ever see the request user's company. Fields are listed explicitly; nested relations are
`strawberry_django` fields so the optimizer turns them into one prefetch per relation.
"""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import auto

from core.schema.types import TenantScopedType
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation

if TYPE_CHECKING:
    from properties.schema.types import ProductPropertyType

PROPERTY_TYPES = "properties.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(Product, lookups=True)
class ProductFilter:
    """Filter products by SKU (exact, iContains, ...), type, active flag or translated name."""

    id: auto
    sku: auto
    type: auto
    active: auto

    @strawberry_django.filter_field
    def name(self, value: str, prefix: str) -> Q:
        """Any translation's name contains this text (case-insensitive); a subquery, so no duplicates."""
        matching = ProductTranslation.objects.filter(name__icontains=value).values("product_id")
        return Q(**{f"{prefix}pk__in": matching})


@strawberry_django.filters.filter_type(ProductTranslation, lookups=True)
class ProductTranslationFilter:
    """Filter translations by product, language or name."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    language: auto
    name: auto


@strawberry_django.filters.filter_type(EanCode, lookups=True)
class EanCodeFilter:
    """Filter EAN codes by product or code."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    ean_code: auto


@strawberry_django.filters.filter_type(ConfigurableVariation, lookups=True)
class ConfigurableVariationFilter:
    """Filter variation links by parent or variation."""

    id: auto
    parent_id: IdLookup | None = strawberry_django.filter_field()
    variation_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.filters.filter_type(BundleItem, lookups=True)
class BundleItemFilter:
    """Filter bundle items by bundle or contained product."""

    id: auto
    parent_id: IdLookup | None = strawberry_django.filter_field()
    product_id: IdLookup | None = strawberry_django.filter_field()


@strawberry_django.type(Product, filters=ProductFilter, pagination=True)
class ProductType(TenantScopedType):
    """A product (`type` SIMPLE, CONFIGURABLE or BUNDLE) with content, barcode, variations and property values."""

    id: strawberry.ID
    sku: str
    type: str
    active: bool
    allow_backorder: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    translations: list["ProductTranslationType"] = strawberry_django.field()
    ean_code: "EanCodeType | None" = strawberry_django.field()
    variations: list["ConfigurableVariationType"] = strawberry_django.field(
        field_name="variation_links", description="Links to this configurable's variations."
    )
    parents: list["ConfigurableVariationType"] = strawberry_django.field(
        field_name="parent_links", description="Links to the configurables this product is a variation of."
    )
    bundle_items: list["BundleItemType"] = strawberry_django.field(description="What this bundle contains.")
    properties: list[Annotated["ProductPropertyType", strawberry.lazy(PROPERTY_TYPES)]] = strawberry_django.field(
        field_name="product_properties", description="The product's property values."
    )


@strawberry_django.type(ProductTranslation, filters=ProductTranslationFilter, pagination=True)
class ProductTranslationType(TenantScopedType):
    """A product's content in one language, optionally overriding it for one sales channel."""

    id: strawberry.ID
    product_id: strawberry.ID
    product: ProductType
    language: str
    sales_channel_id: strawberry.ID | None
    name: str
    subtitle: str
    short_description: str
    description: str
    url_key: str
    bullet_points: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(EanCode, filters=EanCodeFilter, pagination=True)
class EanCodeType(TenantScopedType):
    """A product's EAN/GTIN barcode."""

    id: strawberry.ID
    product_id: strawberry.ID
    product: ProductType
    ean_code: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(ConfigurableVariation, filters=ConfigurableVariationFilter, pagination=True)
class ConfigurableVariationType(TenantScopedType):
    """A simple product's membership in a configurable product."""

    id: strawberry.ID
    parent_id: strawberry.ID
    parent: ProductType
    variation_id: strawberry.ID
    variation: ProductType
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(BundleItem, filters=BundleItemFilter, pagination=True)
class BundleItemType(TenantScopedType):
    """A product contained in a bundle, with its quantity."""

    id: strawberry.ID
    parent_id: strawberry.ID
    parent: ProductType
    product_id: strawberry.ID
    product: ProductType
    quantity: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
