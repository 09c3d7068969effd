"""Shopify: a storefront integration over the Admin GraphQL API."""

from django.apps import AppConfig


class ShopifyConfig(AppConfig):
    """Registers the Shopify spec with the framework and connects its receivers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.shopify"
    label = "shopify"
    verbose_name = "Shopify"

    def ready(self) -> None:
        # Django loads models only once the app registry is ready: these modules import models
        from sales_channels.integrations.shopify import receivers  # noqa: F401, PLC0415 - needs the app registry
        from sales_channels.integrations.shopify.spec import SHOPIFY_SPEC  # noqa: PLC0415 - needs the app registry
        from sales_channels.registry import register  # noqa: PLC0415 - needs the app registry

        register(SHOPIFY_SPEC)
