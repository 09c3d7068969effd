"""Products and how they compose: configurable variations and bundle items."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import TenantModel
from products.models.translations import ProductTranslation


class Product(TenantModel):
    """A sellable product: SIMPLE (stock-keeping), CONFIGURABLE (has variations) or BUNDLE (has items)."""

    SIMPLE = "SIMPLE"
    CONFIGURABLE = "CONFIGURABLE"
    BUNDLE = "BUNDLE"
    TYPE_CHOICES = ((SIMPLE, "Simple"), (CONFIGURABLE, "Configurable"), (BUNDLE, "Bundle"))

    sku = models.CharField(max_length=255)
    type = models.CharField(max_length=16, choices=TYPE_CHOICES, default=SIMPLE)
    active = models.BooleanField(default=True)
    allow_backorder = models.BooleanField(default=False)

    class Meta:
        ordering = ("sku",)
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "sku"], name="product_sku_unique_per_company"),
            models.CheckConstraint(condition=~Q(sku=""), name="product_sku_not_empty"),
            models.CheckConstraint(
                condition=Q(type__in=["SIMPLE", "CONFIGURABLE", "BUNDLE"]), name="product_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def is_configurable(self) -> bool:
        return self.type == self.CONFIGURABLE

    @property
    def is_bundle(self) -> bool:
        return self.type == self.BUNDLE

    def clean(self) -> None:
        self.sku = (self.sku or "").strip()
        if self.pk and self.type != self.CONFIGURABLE and self.variation_links.exists():
            raise ValidationError({"type": "A product with variations must stay configurable."})
        if self.pk and self.type == self.CONFIGURABLE and hasattr(self, "ean_code"):
            raise ValidationError({"type": "A configurable product cannot have an EAN code; remove it first."})

    def get_translation(self, *, language: str, sales_channel_id: int | None = None):
        """The translation to show, following the documented fallback order (see ProductTranslation)."""
        return ProductTranslation.objects.resolve(product=self, language=language, sales_channel_id=sales_channel_id)


class ConfigurableVariation(TenantModel):
    """Membership of a simple product (the variation) in a configurable product (the parent)."""

    parent = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variation_links")
    variation = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="parent_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "variation"], name="variation_unique_per_parent"),
            models.CheckConstraint(condition=~Q(parent=F("variation")), name="variation_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} > {self.variation_id}"

    def clean(self) -> None:
        if self.parent_id and self.parent.type != Product.CONFIGURABLE:
            raise ValidationError({"parent": "Only a configurable product can have variations."})
        if self.variation_id and self.variation.type != Product.SIMPLE:
            raise ValidationError({"variation": "A variation must be a simple product."})
        if (
            self.parent_id
            and self.variation_id
            and self.parent.multi_tenant_company_id != self.variation.multi_tenant_company_id
        ):
            raise ValidationError("Parent and variation belong to different companies.")


class BundleItem(TenantModel):
    """A product contained in a bundle, with its quantity."""

    parent = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="bundle_items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="in_bundles")
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "product"], name="bundle_item_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="bundle_item_quantity_positive"),
            models.CheckConstraint(condition=~Q(parent=F("product")), name="bundle_not_containing_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.parent_id} contains {self.quantity} x {self.product_id}"

    def clean(self) -> None:
        if self.parent_id and self.parent.type != Product.BUNDLE:
            raise ValidationError({"parent": "Only a bundle product can contain items."})
        if self.product_id and self.product.type == Product.CONFIGURABLE:
            raise ValidationError({"product": "A bundle holds simple or bundle products, not configurables."})


def ean13_checksum_ok(code: str) -> bool:
    """GTIN check digit (EAN-8/UPC-A/EAN-13/GTIN-14): weights 3,1 from the right, excluding the check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(char) for char in code]
    body, check = digits[:-1], digits[-1]
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class EanCode(TenantModel):
    """The product's EAN/GTIN barcode: at most one per product, never on a configurable."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="ean_code")
    ean_code = models.CharField(max_length=14)

    class Meta:
        verbose_name = "EAN code"
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "ean_code"], name="ean_unique_per_company"),
        ]

    def __str__(self) -> str:
        return self.ean_code

    def clean(self) -> None:
        if not ean13_checksum_ok(self.ean_code or ""):
            raise ValidationError({"ean_code": f"'{self.ean_code}' is not a valid EAN/GTIN (length or check digit)."})
        if self.product_id and self.product.type == Product.CONFIGURABLE:
            raise ValidationError({"product": "A configurable product cannot have an EAN code."})
