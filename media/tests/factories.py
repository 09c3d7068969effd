"""Factories for media (URL or a tiny generated PNG) and their product links."""

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from core.tests.factories import TenantFactory
from media.models import Media, MediaProductThrough
from sales_prices.tests.factories import ProductFactory

SAME_COMPANY = factory.SelfAttribute("..multi_tenant_company")


def png_bytes(*, color: tuple[int, int, int] = (255, 0, 0), size: int = 2) -> bytes:
    """A tiny PNG; different colours give different bytes (and content hashes)."""
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buffer, format="PNG")
    return buffer.getvalue()


class MediaFactory(TenantFactory):
    """An image at a unique source URL; `with_file=True` stores a generated PNG instead."""

    class Meta:
        model = Media

    type = Media.IMAGE
    source_url = factory.Sequence(lambda n: f"https://images.example.com/{n}.png")
    title = factory.Sequence(lambda n: f"Image {n}")

    class Params:
        with_file = factory.Trait(
            source_url="",
            image=factory.LazyAttributeSequence(
                lambda o, n: ContentFile(png_bytes(color=(n % 256, (n // 256) % 256, 7)), name=f"image-{n}.png")
            ),
        )


class MediaProductThroughFactory(TenantFactory):
    """A media shown on a product in its default set, all of one company."""

    class Meta:
        model = MediaProductThrough

    media = factory.SubFactory(MediaFactory, multi_tenant_company=SAME_COMPANY)
    product = factory.SubFactory(ProductFactory, multi_tenant_company=SAME_COMPANY)
    sales_channel = None
    sort_order = factory.Sequence(int)
    is_main_image = False
