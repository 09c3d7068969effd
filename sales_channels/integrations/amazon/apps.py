"""Amazon: a marketplace integration over the Selling Partner API."""

from django.apps import AppConfig


class AmazonConfig(AppConfig):
    """Registers the Amazon spec with the framework."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels.integrations.amazon"
    label = "amazon"
    verbose_name = "Amazon"

    def ready(self) -> None:
        from sales_channels.integrations.amazon.spec import AMAZON_SPEC  # noqa: PLC0415 - app registry is ready only now
        from sales_channels.registry import register  # noqa: PLC0415 - idem

        register(AMAZON_SPEC)
