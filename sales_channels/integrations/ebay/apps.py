"""eBay: a marketplace integration over the Sell REST APIs (Inventory, Account, Identity)."""

from django.apps import AppConfig


class EbayConfig(AppConfig):
    """Registers the eBay spec with the framework and connects its receivers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.ebay"
    label = "ebay"
    verbose_name = "eBay"

    def ready(self) -> None:
        from sales_channels.integrations.ebay import receivers  # noqa: F401, PLC0415 - app registry is ready only now
        from sales_channels.integrations.ebay.spec import EBAY_SPEC  # noqa: PLC0415 - models load after apps
        from sales_channels.registry import register  # noqa: PLC0415 - as above

        register(EBAY_SPEC)
