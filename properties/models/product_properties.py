"""Property values of products, and the per-product-type rules that say which properties apply."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import TenantModel
from properties.models.properties import Property, PropertySelectValue

VALUE_FIELD_BY_TYPE = {
    Property.Type.INT: "value_int",
    Property.Type.FLOAT: "value_float",
    Property.Type.BOOLEAN: "value_boolean",
    Property.Type.DATE: "value_date",
    Property.Type.DATETIME: "value_datetime",
    Property.Type.SELECT: "value_select",
}
SCALAR_VALUE_FIELDS = ("value_int", "value_float", "value_boolean", "value_date", "value_datetime", "value_select")


class ProductProperty(TenantModel):
    """A product's value for one property; TEXT/DESCRIPTION values live in translations."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="product_properties")
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="product_properties")
    value_int = models.BigIntegerField(null=True, blank=True)
    value_float = models.FloatField(null=True, blank=True)
    value_boolean = models.BooleanField(null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_datetime = models.DateTimeField(null=True, blank=True)
    value_select = models.ForeignKey(
        PropertySelectValue, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value_multi_select = models.ManyToManyField(PropertySelectValue, blank=True, related_name="+")

    class Meta:
        verbose_name_plural = "product properties"
        constraints = [
            models.UniqueConstraint(fields=["product", "property"], name="product_property_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}:{self.property_id}"

    def clean(self) -> None:
        if not self.property_id:
            return
        prop_type = self.property.type
        expected = VALUE_FIELD_BY_TYPE.get(prop_type)
        wrong = [
            name
            for name in SCALAR_VALUE_FIELDS
            if name != expected and getattr(self, "value_select_id" if name == "value_select" else name) is not None
        ]
        if wrong:
            raise ValidationError(
                f"Property '{self.property.internal_name}' is {prop_type}: it cannot hold {', '.join(wrong)}."
            )
        if self.value_select_id and self.value_select.property_id != self.property_id:
            raise ValidationError({"value_select": "The select value belongs to another property."})

    def get_value(self, *, language: str | None = None):
        """The typed value: a scalar, a select value, a list of select values, or the translated text."""
        prop_type = self.property.type
        if prop_type == Property.Type.MULTISELECT:
            return list(self.value_multi_select.all())
        if prop_type in Property.TRANSLATED_TYPES:
            translations = {t.language: t for t in self.translations.all()}
            chosen = translations.get(language) or next(iter(translations.values()), None)
            if chosen is None:
                return None
            return chosen.value_text if prop_type == Property.Type.TEXT else chosen.value_description
        return getattr(self, VALUE_FIELD_BY_TYPE[prop_type])


class ProductPropertyTextTranslation(TenantModel):
    """The text of a TEXT or DESCRIPTION product property in one language."""

    product_property = models.ForeignKey(ProductProperty, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=7)
    value_text = models.CharField(max_length=1024, blank=True)
    value_description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_property", "language"], name="product_property_text_unique"),
        ]

    def __str__(self) -> str:
        return self.value_text or self.value_description[:50]

    def clean(self) -> None:
        if self.product_property_id and self.product_property.property.type not in Property.TRANSLATED_TYPES:
            raise ValidationError("Only TEXT and DESCRIPTION properties have translated values.")


class ProductPropertiesRule(TenantModel):
    """Which properties a product type uses (optionally specialised for one sales channel)."""

    product_type = models.ForeignKey(PropertySelectValue, on_delete=models.CASCADE, related_name="rules")
    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    require_ean_code = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product_type"], condition=Q(sales_channel__isnull=True), name="rule_unique_default"
            ),
            models.UniqueConstraint(
                fields=["product_type", "sales_channel"],
                condition=Q(sales_channel__isnull=False),
                name="rule_unique_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"Rule for {self.product_type_id}"

    def clean(self) -> None:
        if self.product_type_id and not self.product_type.property.is_product_type:
            raise ValidationError(
                {"product_type": "A rule's product type must be a value of the product-type property."}
            )


class ProductPropertiesRuleItem(TenantModel):
    """One property of a rule and its role; the *_IN_CONFIGURATOR roles are a configurable's variation axes."""

    REQUIRED = "REQUIRED"
    OPTIONAL = "OPTIONAL"
    REQUIRED_IN_CONFIGURATOR = "REQUIRED_IN_CONFIGURATOR"
    OPTIONAL_IN_CONFIGURATOR = "OPTIONAL_IN_CONFIGURATOR"
    TYPE_CHOICES = (
        (REQUIRED, "Required"),
        (OPTIONAL, "Optional"),
        (REQUIRED_IN_CONFIGURATOR, "Required in configurator"),
        (OPTIONAL_IN_CONFIGURATOR, "Optional in configurator"),
    )
    CONFIGURATOR_TYPES = (REQUIRED_IN_CONFIGURATOR, OPTIONAL_IN_CONFIGURATOR)

    rule = models.ForeignKey(ProductPropertiesRule, on_delete=models.CASCADE, related_name="items")
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="rule_items")
    type = models.CharField(max_length=32, choices=TYPE_CHOICES, default=OPTIONAL)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "id")
        constraints = [
            models.UniqueConstraint(fields=["rule", "property"], name="rule_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.property_id} {self.type}"

    def clean(self) -> None:
        axis_types = (Property.Type.SELECT, Property.Type.BOOLEAN)
        if self.type in self.CONFIGURATOR_TYPES and self.property_id and self.property.type not in axis_types:
            raise ValidationError({"type": "Only SELECT or BOOLEAN properties can be configurator axes."})
