"""Orders and their lines; integrations import channel orders into these."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Upper

from core.models import TenantModel


class Order(TenantModel):
    """An order, local or imported from a sales channel (then `remote_reference` is the vendor's id)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", "Pending"
        PROCESSING = "PROCESSING", "Processing"
        SHIPPED = "SHIPPED", "Shipped"
        COMPLETED = "COMPLETED", "Completed"
        CANCELLED = "CANCELLED", "Cancelled"
        REFUNDED = "REFUNDED", "Refunded"

    reference = models.CharField(max_length=100)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    currency = models.ForeignKey("currencies.Currency", on_delete=models.PROTECT, related_name="orders")
    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    remote_reference = models.CharField(max_length=255, blank=True)
    customer_name = models.CharField(max_length=255, blank=True)
    customer_email = models.EmailField(blank=True)
    ordered_at = models.DateTimeField(null=True, blank=True)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    shipping_total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        ordering = ("-ordered_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "reference"], name="order_reference_unique"),
            models.UniqueConstraint(
                fields=["sales_channel", "remote_reference"],
                condition=~Q(remote_reference=""),
                name="order_remote_reference_unique_per_channel",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]
        indexes = [  # a channel's orders of one customer, case-insensitively (vendors' erasure requests)
            models.Index(F("sales_channel"), Upper("customer_name"), name="order_channel_customer_upper"),
        ]

    def __str__(self) -> str:
        return self.reference

    def recalculate_totals(self) -> None:
        """Recompute subtotal and total from the lines (stored, so listings need no aggregate)."""
        subtotal = self.items.aggregate(value=Sum(F("price") * F("quantity")))["value"] or Decimal("0")
        self.subtotal = Decimal(subtotal).quantize(Decimal("0.01"))
        self.total = self.subtotal + self.shipping_total
        self.save()


class OrderItem(TenantModel):
    """A line of an order: the product (kept as SKU and name even if the product is deleted), quantity, price."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "products.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="order_items"
    )
    sku = models.CharField(max_length=255)
    name = models.CharField(max_length=512, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    price = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_item_quantity_positive"),
            models.CheckConstraint(condition=Q(price__gte=0), name="order_item_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"
