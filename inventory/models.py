"""Stock of simple products per location."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.models import TenantModel


class InventoryLocation(TenantModel):
    """A place that holds stock (a warehouse, a shop)."""

    name = models.CharField(max_length=255)
    is_internal = models.BooleanField(default=True, help_text="Counted as sellable stock.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "name"], name="inventory_location_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Inventory(TenantModel):
    """The quantity of a simple product at one location."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="inventories")
    location = models.ForeignKey(InventoryLocation, on_delete=models.PROTECT, related_name="inventories")
    quantity = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "inventories"
        constraints = [
            models.UniqueConstraint(fields=["product", "location"], name="inventory_unique_per_location"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="inventory_quantity_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.location_id}: {self.quantity}"

    def clean(self) -> None:
        if self.product_id and self.product.type != "SIMPLE":
            raise ValidationError({"product": "Stock is kept on simple products; configurables and bundles derive it."})
