"""Magento 2: a storefront integration over the admin REST API (OAuth 1.0a, async bulk)."""

from django.apps import AppConfig


class Magento2Config(AppConfig):
    """Registers the Magento 2 spec with the framework and connects its receivers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.magento2"
    label = "magento2"
    verbose_name = "Magento 2"

    def ready(self) -> None:
        from sales_channels.integrations.magento2 import receivers  # noqa: F401, PLC0415 - app registry ready
        from sales_channels.integrations.magento2.spec import MAGENTO2_SPEC  # noqa: PLC0415 - models need the registry
        from sales_channels.registry import register  # noqa: PLC0415 - kept with the spec import

        register(MAGENTO2_SPEC)
