"""A product's price and RRP per currency, and price lists that override them in a date window."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import TenantModel


class SalesPrice(TenantModel):
    """The regular price and recommended retail price (RRP) of a product in one currency."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="sales_prices")
    currency = models.ForeignKey("currencies.Currency", on_delete=models.PROTECT, related_name="sales_prices")
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    rrp = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "currency"], name="sales_price_unique_per_currency"),
            models.CheckConstraint(condition=Q(price__isnull=False) | Q(rrp__isnull=False), name="price_or_rrp_set"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gt=0), name="price_positive"),
            models.CheckConstraint(condition=Q(rrp__isnull=True) | Q(rrp__gt=0), name="rrp_positive"),
            models.CheckConstraint(
                condition=Q(rrp__isnull=True) | Q(price__isnull=True) | Q(rrp__gte=F("price")),
                name="rrp_not_below_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.price} {self.currency_id}"

    def clean(self) -> None:
        if self.price is None and self.rrp is None:
            raise ValidationError("Set a price, an RRP, or both.")
        if self.price is not None and self.price <= 0:
            raise ValidationError({"price": "The price must be greater than 0."})
        if self.rrp is not None and self.rrp <= 0:
            raise ValidationError({"rrp": "The RRP must be greater than 0."})
        if self.price is not None and self.rrp is not None and self.rrp < self.price:
            raise ValidationError({"rrp": f"The RRP ({self.rrp}) cannot be below the price ({self.price})."})
        if self.currency_id and self.currency.inherits_from_id:
            raise ValidationError(
                {"currency": f"{self.currency} inherits its prices; set them on its parent currency."}
            )


class SalesPriceList(TenantModel):
    """A set of price overrides in one currency, valid from `start_date` to `end_date` (open-ended when empty)."""

    name = models.CharField(max_length=255)
    currency = models.ForeignKey("currencies.Currency", on_delete=models.PROTECT, related_name="price_lists")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "name"], name="price_list_name_unique"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="price_list_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SalesPriceListItem(TenantModel):
    """The override price of one product in a price list."""

    price_list = models.ForeignKey(SalesPriceList, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="price_list_items")
    price = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["price_list", "product"], name="price_list_item_unique"),
            models.CheckConstraint(condition=Q(price__gt=0), name="price_list_item_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.price_list_id}:{self.product_id} {self.price}"
