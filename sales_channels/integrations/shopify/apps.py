"""Shopify: a storefront integration over the Admin GraphQL API."""

from django.apps import AppConfig


class ShopifyConfig(AppConfig):
    """Registers the Shopify spec with the framework and connects its receivers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.shopify"
    label = "shopify"
    verbose_name = "Shopify"

    def ready(self) -> None:
        from sales_channels.integrations.shopify import receivers  # noqa: F401
        from sales_channels.integrations.shopify.spec import SHOPIFY_SPEC
        from sales_channels.registry import register

        register(SHOPIFY_SPEC)
