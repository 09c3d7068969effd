"""GraphQL object types and filters for media and their product links."""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django
from strawberry import auto

from core.schema.types import TenantScopedType
from media.models import Media, MediaProductThrough

if TYPE_CHECKING:
    from products.schema.types import ProductType

PRODUCT_TYPES = "products.schema.types"
IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


@strawberry_django.filters.filter_type(Media, lookups=True)
class MediaFilter:
    """Filter media by title, source URL or content hash."""

    id: auto
    type: auto
    title: auto
    source_url: auto
    content_hash: auto


@strawberry_django.type(Media, filters=MediaFilter, pagination=True)
class MediaType(TenantScopedType):
    """An image: a stored file or a source URL; `url` is the one to show."""

    id: strawberry.ID
    type: str
    title: str
    description: str
    source_url: str
    content_hash: str
    url: str = strawberry_django.field(only=["image", "source_url"], description="The file's URL, else the source URL.")
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.filters.filter_type(MediaProductThrough, lookups=True)
class MediaProductThroughFilter:
    """Filter image links by product, media, channel or main flag (no channel: `salesChannelId: {isNull: true}`)."""

    id: auto
    product_id: IdLookup | None = strawberry_django.filter_field()
    media_id: IdLookup | None = strawberry_django.filter_field()
    sales_channel_id: IdLookup | None = strawberry_django.filter_field()
    is_main_image: auto


@strawberry_django.type(MediaProductThrough, filters=MediaProductThroughFilter, pagination=True)
class MediaProductThroughType(TenantScopedType):
    """An image on a product: position, main flag, and the sales channel whose own set it belongs to (if any)."""

    id: strawberry.ID
    media: MediaType
    product_id: strawberry.ID = strawberry_django.field(only=["product_id"])
    product: Annotated["ProductType", strawberry.lazy(PRODUCT_TYPES)]
    sales_channel_id: strawberry.ID | None = strawberry_django.field(only=["sales_channel_id"])
    sort_order: int
    is_main_image: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
