"""GraphQL inputs for media (created from a source URL; uploads go through the admin) and product links."""

import strawberry


@strawberry.input
class MediaInput:
    """A new image at a source URL; a URL the company already has returns that existing media."""

    source_url: str
    type: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class MediaPartialInput:
    """Changes to a media; omitted fields stay as they are."""

    id: strawberry.ID
    source_url: str | None = strawberry.UNSET
    type: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class MediaProductThroughInput:
    """Show a media on a product (in the default set, or in a sales channel's own set)."""

    media: strawberry.ID
    product: strawberry.ID
    sales_channel: strawberry.ID | None = strawberry.UNSET
    sort_order: int | None = strawberry.UNSET
    is_main_image: bool | None = strawberry.UNSET


@strawberry.input
class MediaProductThroughPartialInput:
    """Changes to an image link; omitted fields stay as they are."""

    id: strawberry.ID
    media: strawberry.ID | None = strawberry.UNSET
    product: strawberry.ID | None = strawberry.UNSET
    sales_channel: strawberry.ID | None = strawberry.UNSET
    sort_order: int | None = strawberry.UNSET
    is_main_image: bool | None = strawberry.UNSET
