"""Media processing as Shopify does it: a new image is PROCESSING for a while, then READY or FAILED.

- `MediaImage.image` is null until READY; once READY its URL is Shopify's CDN copy, never the
  `originalSource` the client sent (so clients must match media by id or by what they sent);
- a source that cannot be fetched ends FAILED with a `mediaErrors` entry: the sandbox never fetches
  anything, it treats every `.invalid` host (RFC 2606: never resolves) as unreachable;
- how long processing takes is `SandboxState.media_processing_seconds` on the sandbox clock.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLResolveInfo

from . import bulk, bulk_mutations
from .state import MediaImage, SandboxState, parse_gid

CDN = "https://cdn.shopify.com/s/files/1/0000/0001/files"
UNREACHABLE_SUFFIX = ".invalid"


def start_processing(state: SandboxState, image: MediaImage) -> None:
    """A media just created from its originalSource: processing ends `media_processing_seconds` from now."""
    image.ready_at = state.clock() + state.media_processing_seconds


def status(state: SandboxState, image: MediaImage) -> str:
    """UPLOADED/PROCESSING while processing, then READY, or FAILED when the source is unreachable."""
    if state.clock() < image.ready_at:
        return "PROCESSING"
    host = urlsplit(image.original_source).hostname or ""
    return "FAILED" if host.endswith(UNREACHABLE_SUFFIX) else "READY"


def hosted_url(image: MediaImage) -> str:
    """Where Shopify serves the processed image: its CDN, under the media id."""
    name = urlsplit(image.original_source).path.rsplit("/", 1)[-1] or "image.jpg"
    return f"{CDN}/{image.id}-{name}?v=1"


def _image(image: MediaImage, info: GraphQLResolveInfo) -> dict[str, Any] | None:
    if status(info.context, image) != "READY":
        return None
    return {"url": hosted_url(image), "altText": image.alt, "width": image.width, "height": image.height}


def _errors(image: MediaImage, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
    if status(info.context, image) != "FAILED":
        return []
    message = f"Image could not be downloaded from {image.original_source}."
    return [{"code": "IMAGE_DOWNLOAD_FAILURE", "details": None, "message": message}]


def media_by_gid(state: SandboxState, value: object) -> MediaImage | None:
    number = parse_gid(value, "MediaImage")
    if number is None:
        return None
    return next((m for product in state.products.values() for m in product.media if m.id == number), None)


def nodes(_root: object, info: GraphQLResolveInfo, ids: list[str]) -> list[Any]:
    """`nodes(ids:)` over the kinds the sandbox resolves by id: products, variants, inventory items, media, bulk
    operations."""
    state: SandboxState = info.context
    return [_node(state, value) for value in ids]


def _node(state: SandboxState, value: str) -> Any:
    """One object by gid, looked up only among objects of the gid's kind (a shop holds thousands)."""
    if parse_gid(value, "MediaImage") is not None:
        return media_by_gid(state, value)
    if parse_gid(value, "InventoryItem") is not None:
        return state.inventory_item_by_gid(value)
    if parse_gid(value, "Product") is not None:
        return state.product_by_gid(value)
    if parse_gid(value, "ProductVariant") is not None:
        return state.variant_by_gid(value)
    return bulk_mutations.by_gid(state, value) or bulk.operation_by_gid(state, value)


RESOLVERS = {
    ("QueryRoot", "nodes"): nodes,
    ("MediaImage", "status"): lambda image, info: status(info.context, image),
    ("MediaImage", "image"): _image,
    ("MediaImage", "mediaErrors"): _errors,
    ("MediaImage", "originalSource"): lambda image, info: (
        {"url": hosted_url(image), "fileSize": None} if status(info.context, image) == "READY" else None
    ),
}
