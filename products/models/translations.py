"""Per-language product content, optionally overridden for one sales channel.

Fallback order used by `ProductTranslation.objects.resolve` (and every push):
1. the requested language for the requested sales channel;
2. the requested language without a channel (the default content);
3. the company's default language for the requested sales channel;
4. the company's default language without a channel;
5. None: the product has no usable content.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import MultiTenantManager, MultiTenantQuerySet, TenantModel


class ProductTranslationQuerySet(MultiTenantQuerySet):
    """Translations with the documented fallback lookup."""

    def resolve(self, *, product, language: str, sales_channel_id: int | None = None):
        default_language = product.multi_tenant_company.language
        candidates = list(
            self.filter(product=product, language__in={language, default_language}).filter(
                Q(sales_channel__isnull=True) | Q(sales_channel_id=sales_channel_id)
            )
        )
        order = [
            (language, sales_channel_id),
            (language, None),
            (default_language, sales_channel_id),
            (default_language, None),
        ]
        by_key = {(item.language, item.sales_channel_id): item for item in candidates}
        for key in order:
            if key in by_key:
                return by_key[key]
        return None


class ProductTranslation(TenantModel):
    """Name and descriptions of a product in one language (and optionally for one sales channel)."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=7)
    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=512)
    subtitle = models.CharField(max_length=512, blank=True)
    short_description = models.TextField(blank=True)
    description = models.TextField(blank=True)
    url_key = models.SlugField(max_length=255, blank=True)
    bullet_points = models.JSONField(default=list, blank=True)

    objects = MultiTenantManager.from_queryset(ProductTranslationQuerySet)()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "language"],
                condition=Q(sales_channel__isnull=True),
                name="product_translation_unique_default",
            ),
            models.UniqueConstraint(
                fields=["product", "language", "sales_channel"],
                condition=Q(sales_channel__isnull=False),
                name="product_translation_unique_per_channel",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="product_translation_name_required"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def clean(self) -> None:
        company = self.multi_tenant_company if self.multi_tenant_company_id else None
        if self.language and company and self.language not in (company.languages or []):
            raise ValidationError({"language": f"'{self.language}' is not one of the company's languages."})
        if not isinstance(self.bullet_points, list) or not all(isinstance(p, str) for p in self.bullet_points):
            raise ValidationError({"bullet_points": "Bullet points must be a list of strings."})
