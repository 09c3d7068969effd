"""Media mutations.

- `createMedia` takes a source URL (no upload over GraphQL). Dedupe: when the company already has
  a media with exactly that source URL, that existing row is returned unchanged and nothing is
  created, so importers can call it once per image URL. Files are deduped by `content_hash`.
- `updateMedia` refuses a source URL another media of the company already uses.
- Image links refuse a second main image for the same product and channel (or default set),
  with an error naming the current main image; nothing is changed.
"""

from collections.abc import Callable

import strawberry
from django.db import models
from graphql import GraphQLError
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import apply_input, get_tenant_object, save_validated, tenant_delete
from media.models import Media, MediaProductThrough
from media.schema.inputs import (
    MediaInput,
    MediaPartialInput,
    MediaProductThroughInput,
    MediaProductThroughPartialInput,
)
from media.schema.types import MediaProductThroughType, MediaType


def tenant_checked(*, model: type[models.Model], kind: str) -> Callable:
    """Tag a hand-written mutation as core's generated ones are, so the schema-wide tenancy tests attack it too."""

    def tag(field):
        field.tenant_model = model
        field.tenant_kind = kind
        return field

    return tag


def refuse_duplicate_source_url(*, media: Media) -> None:
    """A source URL identifies one media per company."""
    if not media.source_url:
        return
    other = (
        Media.objects.filter(multi_tenant_company_id=media.multi_tenant_company_id, source_url=media.source_url)
        .exclude(pk=media.pk)
        .first()
    )
    if other is not None:
        raise GraphQLError(f"Media {other.pk} already has the source URL {media.source_url}.")


def refuse_second_main_image(*, link: MediaProductThrough) -> None:
    """One main image per product in the default set and per product in each channel's set."""
    if not link.is_main_image:
        return
    current = (
        MediaProductThrough.objects.filter(
            product_id=link.product_id, sales_channel_id=link.sales_channel_id, is_main_image=True
        )
        .exclude(pk=link.pk)
        .first()
    )
    if current is None:
        return
    scope = "its default images" if link.sales_channel_id is None else f"sales channel {link.sales_channel_id}"
    raise GraphQLError(
        f"Product {link.product} already has a main image in {scope} (link {current.pk}, media {current.media_id}); "
        "unset that one first."
    )


def _save_link(*, info: Info, link: MediaProductThrough, data) -> MediaProductThrough:
    company = get_multi_tenant_company(info)
    link.last_update_by_multi_tenant_user = get_request_user(info)
    apply_input(instance=link, data=data, company=company)
    refuse_second_main_image(link=link)
    return save_validated(instance=link)


@strawberry.type
class Mutation:
    """Image changes inside the user's company; invalid input is a GraphQL error and changes nothing."""

    @tenant_checked(model=Media, kind="create")
    @strawberry.mutation(description="Create an image from a source URL; a URL the company has returns that media.")
    def create_media(self, info: Info, data: MediaInput) -> MediaType:
        company = get_multi_tenant_company(info)
        if data.source_url:
            existing = Media.objects.filter_multi_tenant(company).filter(source_url=data.source_url).first()
            if existing is not None:
                return existing
        user = get_request_user(info)
        media = Media(multi_tenant_company=company, created_by_multi_tenant_user=user)
        media.last_update_by_multi_tenant_user = user
        apply_input(instance=media, data=data, company=company)
        return save_validated(instance=media)

    @tenant_checked(model=Media, kind="update")
    @strawberry.mutation(description="Update an image; its source URL must stay unique within the company.")
    def update_media(self, info: Info, data: MediaPartialInput) -> MediaType:
        company = get_multi_tenant_company(info)
        media = get_tenant_object(model=Media, pk=data.id, company=company)
        media.last_update_by_multi_tenant_user = get_request_user(info)
        apply_input(instance=media, data=data, company=company)
        refuse_duplicate_source_url(media=media)
        return save_validated(instance=media)

    delete_media = tenant_delete(model=Media)

    @tenant_checked(model=MediaProductThrough, kind="create")
    @strawberry.mutation(description="Show an image on a product; a second main image for that set is refused.")
    def create_media_product_through(self, info: Info, data: MediaProductThroughInput) -> MediaProductThroughType:
        company = get_multi_tenant_company(info)
        link = MediaProductThrough(multi_tenant_company=company, created_by_multi_tenant_user=get_request_user(info))
        return _save_link(info=info, link=link, data=data)

    @tenant_checked(model=MediaProductThrough, kind="update")
    @strawberry.mutation(description="Change an image link; a second main image for that set is refused.")
    def update_media_product_through(
        self, info: Info, data: MediaProductThroughPartialInput
    ) -> MediaProductThroughType:
        company = get_multi_tenant_company(info)
        link = get_tenant_object(model=MediaProductThrough, pk=data.id, company=company)
        return _save_link(info=info, link=link, data=data)

    delete_media_product_through = tenant_delete(model=MediaProductThrough)
