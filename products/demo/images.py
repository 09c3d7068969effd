"""Demo pictures drawn locally with Pillow, stored once per company and deduplicated by content hash.

The pool is small (one picture per colour value plus a few neutral ones), so a catalog of
thousands of products shares a handful of `Media` rows through `MediaProductThrough`.
Rendering is deterministic: the same pixels give the same PNG bytes, hence the same hash.
"""

import io
from functools import cache

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from media.models import Media
from products.demo import vocabulary as words
from products.demo.plan import image_key

IMAGE_SIZE = 96
LIGHT, DARK = (250, 250, 250), (30, 30, 30)


def render_png(*, background: tuple[int, int, int], accent: tuple[int, int, int]) -> bytes:
    """A small PNG: a background, a disc and a band in the accent colour."""
    image = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), background)
    draw = ImageDraw.Draw(image)
    quarter = IMAGE_SIZE // 4
    draw.ellipse((quarter, quarter // 2, 3 * quarter, 5 * quarter // 2), fill=accent)
    draw.rectangle((0, IMAGE_SIZE - quarter // 2, IMAGE_SIZE, IMAGE_SIZE), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@cache
def image_pool() -> dict[str, tuple[str, bytes]]:
    """Pool key -> (title, PNG bytes), for every key the plan can name."""
    pool = {}
    for color, rgb in words.IMAGE_COLORS.items():
        accent = DARK if sum(rgb) > 450 else LIGHT
        title = f"{words.PROPERTIES['color'].values[color]['en']} product photo"
        pool[image_key(color=color)] = (title, render_png(background=rgb, accent=accent))
    for name, (background, accent) in words.LIFESTYLE_IMAGES.items():
        pool[image_key(lifestyle=name)] = (
            f"{name.title()} lifestyle photo",
            render_png(background=background, accent=accent),
        )
    return pool


def ensure_media(*, company, user=None) -> dict[str, int]:
    """Pool key -> `Media` id in the company, storing (under MEDIA_ROOT) only pictures it lacks."""
    pool = image_pool()
    hashes = {key: Media.hash_bytes(data) for key, (_, data) in pool.items()}
    existing = dict(
        Media.objects.filter(multi_tenant_company=company, content_hash__in=hashes.values()).values_list(
            "content_hash", "id"
        )
    )
    for key, (title, data) in pool.items():
        if hashes[key] in existing:
            continue
        media = Media(
            multi_tenant_company=company,
            title=title,
            content_hash=hashes[key],
            created_by_multi_tenant_user=user,
            last_update_by_multi_tenant_user=user,
        )
        media.image.save(f"demo-{key}.png", ContentFile(data), save=False)
        media.save()
        existing[hashes[key]] = media.pk
    return {key: existing[content_hash] for key, content_hash in hashes.items()}
