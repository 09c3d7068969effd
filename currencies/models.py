"""Currencies of a company; one is the default, others may inherit prices from another via a rate."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import TenantModel


class Currency(TenantModel):
    """A currency a company sells in; an inheriting currency derives its prices from `inherits_from`."""

    iso_code = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    name = models.CharField(max_length=100)
    symbol = models.CharField(max_length=8)
    is_default_currency = models.BooleanField(default=False)
    inherits_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="inheriting_currencies"
    )
    exchange_rate = models.DecimalField(
        max_digits=12, decimal_places=6, default=Decimal("1"), help_text="Price in this currency = parent price x rate."
    )

    class Meta:
        verbose_name_plural = "currencies"
        ordering = ("iso_code",)
        constraints = [
            models.UniqueConstraint(
                fields=["multi_tenant_company", "iso_code"], name="currency_iso_unique_per_company"
            ),
            models.UniqueConstraint(
                fields=["multi_tenant_company"], condition=Q(is_default_currency=True), name="one_default_currency"
            ),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="currency_rate_positive"),
            models.CheckConstraint(
                condition=~Q(is_default_currency=True, inherits_from__isnull=False),
                name="default_currency_does_not_inherit",
            ),
            models.CheckConstraint(condition=~Q(inherits_from=F("id")), name="currency_not_inheriting_itself"),
        ]

    def __str__(self) -> str:
        return self.iso_code

    def clean(self) -> None:
        self.iso_code = (self.iso_code or "").upper()
        if len(self.iso_code) != 3 or not self.iso_code.isalpha():
            raise ValidationError({"iso_code": "Use a three-letter ISO 4217 code."})
        if self.inherits_from_id:
            if self.inherits_from.multi_tenant_company_id != self.multi_tenant_company_id:
                raise ValidationError({"inherits_from": "The parent currency belongs to another company."})
            ancestor, seen = self.inherits_from, {self.pk}
            while ancestor is not None:
                if ancestor.pk in seen:
                    raise ValidationError({"inherits_from": "Currency inheritance cannot form a cycle."})
                seen.add(ancestor.pk)
                ancestor = ancestor.inherits_from
