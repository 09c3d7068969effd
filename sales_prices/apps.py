"""Sales prices per currency and price lists."""

from django.apps import AppConfig


class SalesPricesConfig(AppConfig):
    """Prices, RRPs and date-windowed price lists."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_prices"
