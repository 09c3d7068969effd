"""The Magento2 app: registers its integration spec and connects its receivers once Django is ready."""

from django.apps import AppConfig


class Magento2Config(AppConfig):
    """Registers the Magento2 integration with the sales-channel framework."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.magento2"
    verbose_name = "Magento2 integration"

    def ready(self) -> None:
        from sales_channels.integrations.magento2 import receivers  # noqa: F401 - connects receivers
        from sales_channels.integrations.magento2.factories.mixins import build_client
        from sales_channels.integrations.magento2.models import Magento2SalesChannel
        from sales_channels.registry import Capabilities, IntegrationSpec, register

        register(
            IntegrationSpec(
                integration=Magento2SalesChannel.INTEGRATION,
                channel_model=Magento2SalesChannel,
                build_client=build_client,
                # usage -> step class, e.g. "product.sync", "product.delete", "connection.test" (phases 2-9)
                steps={},
                # import kind -> ImportProcessor subclass, e.g. "products" (phase 6)
                import_processors={},
                capabilities=Capabilities(kind="storefront"),
            )
        )
