"""Media queries: lists and single rows by id."""

import strawberry
import strawberry_django

from media.schema.types import MediaProductThroughType, MediaType


@strawberry.type
class Query:
    """Images and image links of the logged-in user's company."""

    media: list[MediaType] = strawberry_django.field(description="Images.")
    media_item: MediaType | None = strawberry_django.field(description="One image by id.")
    media_product_throughs: list[MediaProductThroughType] = strawberry_django.field(description="Image links.")
    media_product_through: MediaProductThroughType | None = strawberry_django.field(description="One link by id.")
