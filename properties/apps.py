"""Properties, select values, product property values and product-type rules."""

from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    """The properties app; `ready()` ensures every company has its product-type property."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "properties"

    def ready(self) -> None:
        from properties import receivers  # noqa: F401, PLC0415 - app loading: connects receivers once models are ready
