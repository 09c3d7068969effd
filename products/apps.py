"""Products: simple, configurable and bundle products with translations and EAN codes."""

from django.apps import AppConfig


class ProductsConfig(AppConfig):
    """The products app; `ready()` connects the catalog change signals."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "products"

    def ready(self) -> None:
        from products import signals  # noqa: PLC0415 - app loading: the models it imports exist only once the registry is ready

        signals.connect_catalog_receivers()
