"""Media (images) deduplicated by content hash, and their ordered association with products.

A product's images are the rows with no sales channel, ordered by `sort_order`, exactly one of
them main. A sales channel may get its own set: when a product has any association for that
channel, that set replaces the default one for it (see `images_for`).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import TenantModel


def media_upload_path(instance: "Media", filename: str) -> str:
    """Files live under the company id, so tenants never share a path."""
    return f"company_{instance.multi_tenant_company_id}/images/{filename}"


class Media(TenantModel):
    """An image file or an image at a source URL; `content_hash` (sha256 of the bytes) dedupes per company."""

    IMAGE = "IMAGE"
    TYPE_CHOICES = ((IMAGE, "Image"),)

    type = models.CharField(max_length=8, choices=TYPE_CHOICES, default=IMAGE)
    image = models.ImageField(upload_to=media_upload_path, null=True, blank=True)
    source_url = models.URLField(max_length=1024, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "media"
        constraints = [
            models.UniqueConstraint(
                fields=["multi_tenant_company", "content_hash"],
                condition=~Q(content_hash=""),
                name="media_content_hash_unique",
            ),
            models.CheckConstraint(
                condition=(Q(image__isnull=False) & ~Q(image="")) | ~Q(source_url=""), name="media_has_file_or_url"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.source_url or str(self.image)

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        """The content hash stored for dedupe."""
        return hashlib.sha256(data).hexdigest()

    def clean(self) -> None:
        if not self.image and not self.source_url:
            raise ValidationError("An image needs a file or a source URL.")

    def save(self, *args, **kwargs):
        if self.image and not self.content_hash:
            self.image.seek(0)
            self.content_hash = self.hash_bytes(self.image.read())
            self.image.seek(0)
        super().save(*args, **kwargs)

    @property
    def url(self) -> str:
        """The public URL: the stored file's, else the source URL."""
        return self.image.url if self.image else self.source_url


class MediaProductThrough(TenantModel):
    """An image shown on a product, its position, whether it is the main image, and its channel (optional)."""

    media = models.ForeignKey(Media, on_delete=models.CASCADE, related_name="product_links")
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="media_links")
    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)
    is_main_image = models.BooleanField(default=False)

    class Meta:
        ordering = ("sort_order", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "media"],
                condition=Q(sales_channel__isnull=True),
                name="media_product_unique_default",
            ),
            models.UniqueConstraint(
                fields=["product", "media", "sales_channel"],
                condition=Q(sales_channel__isnull=False),
                name="media_product_unique_per_channel",
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(is_main_image=True, sales_channel__isnull=True),
                name="one_main_image_default",
            ),
            models.UniqueConstraint(
                fields=["product", "sales_channel"],
                condition=Q(is_main_image=True, sales_channel__isnull=False),
                name="one_main_image_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.media_id}"


def images_for(*, product_id: int, sales_channel_id: int | None = None) -> list[MediaProductThrough]:
    """The ordered image set for a channel: its own set when it has one, else the default set; main first."""
    links = list(
        MediaProductThrough.objects.filter(product_id=product_id)
        .filter(Q(sales_channel__isnull=True) | Q(sales_channel_id=sales_channel_id))
        .select_related("media")
    )
    own = [link for link in links if sales_channel_id is not None and link.sales_channel_id == sales_channel_id]
    chosen = own or [link for link in links if link.sales_channel_id is None]
    return sorted(chosen, key=lambda link: (not link.is_main_image, link.sort_order, link.id))
