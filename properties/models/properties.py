"""Property definitions and their select values, with translations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import TenantModel


class Property(TenantModel):
    """A typed attribute products can carry; exactly one per company is the product type."""

    class Type(models.TextChoices):
        INT = "INT", "Integer"
        FLOAT = "FLOAT", "Float"
        TEXT = "TEXT", "Text"
        DESCRIPTION = "DESCRIPTION", "Description"
        BOOLEAN = "BOOLEAN", "Boolean"
        DATE = "DATE", "Date"
        DATETIME = "DATETIME", "Date and time"
        SELECT = "SELECT", "Select"
        MULTISELECT = "MULTISELECT", "Multi-select"

    PRODUCT_TYPE_INTERNAL_NAME = "product_type"
    SELECT_TYPES = (Type.SELECT, Type.MULTISELECT)
    TRANSLATED_TYPES = (Type.TEXT, Type.DESCRIPTION)

    type = models.CharField(max_length=16, choices=Type.choices)
    internal_name = models.SlugField(max_length=100, help_text="Stable identifier used by integrations.")
    is_product_type = models.BooleanField(default=False)
    is_public_information = models.BooleanField(default=True)
    add_to_filters = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "properties"
        ordering = ("internal_name",)
        constraints = [
            models.UniqueConstraint(
                fields=["multi_tenant_company", "internal_name"], name="property_internal_name_unique"
            ),
            models.UniqueConstraint(
                fields=["multi_tenant_company"], condition=Q(is_product_type=True), name="one_product_type_property"
            ),
            models.CheckConstraint(
                condition=Q(is_product_type=False) | Q(type="SELECT"), name="product_type_property_is_select"
            ),
        ]

    def __str__(self) -> str:
        return self.internal_name

    def delete(self, *args, **kwargs):
        if self.is_product_type:
            raise ValidationError("The product-type property cannot be deleted: every company needs exactly one.")
        return super().delete(*args, **kwargs)

    def name(self, *, language: str | None = None) -> str:
        """The translated name, falling back to any translation, then the internal name."""
        translations = {t.language: t.name for t in self.translations.all()}
        if language and language in translations:
            return translations[language]
        return next(iter(translations.values()), self.internal_name)


class PropertyTranslation(TenantModel):
    """A property's name in one language."""

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=7)
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["property", "language"], name="property_translation_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PropertySelectValue(TenantModel):
    """One option of a SELECT or MULTISELECT property (for the product-type property: a product type)."""

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="select_values")

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.value()

    def value(self, *, language: str | None = None) -> str:
        """The translated value, falling back to any translation, then the id."""
        translations = {t.language: t.value for t in self.translations.all()}
        if language and language in translations:
            return translations[language]
        return next(iter(translations.values()), f"#{self.pk}")

    def clean(self) -> None:
        if self.property_id and self.property.type not in Property.SELECT_TYPES:
            raise ValidationError({"property": "Only SELECT and MULTISELECT properties have select values."})


class PropertySelectValueTranslation(TenantModel):
    """A select value's label in one language."""

    select_value = models.ForeignKey(PropertySelectValue, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=7)
    value = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["select_value", "language"], name="select_value_translation_unique"),
        ]

    def __str__(self) -> str:
        return self.value
