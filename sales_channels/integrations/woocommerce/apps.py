"""The WooCommerce app: registers its integration spec and connects its receivers once Django is ready."""

from django.apps import AppConfig


class WooCommerceConfig(AppConfig):
    """Registers the WooCommerce integration with the sales-channel framework."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.woocommerce"
    label = "woocommerce"
    verbose_name = "WooCommerce"

    def ready(self) -> None:
        from sales_channels.integrations.woocommerce import receivers  # noqa: F401, PLC0415 - app registry must be ready
        from sales_channels.integrations.woocommerce.spec import WOOCOMMERCE_SPEC  # noqa: PLC0415 - same reason
        from sales_channels.registry import register  # noqa: PLC0415 - same reason

        register(WOOCOMMERCE_SPEC)
