"""The sales-channel framework every integration builds on."""

from django.apps import AppConfig


class SalesChannelsConfig(AppConfig):
    """Sales channels, their views, remote mirrors, sync tasks and call logs; `ready()` wires the receivers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels"

    def ready(self) -> None:
        from sales_channels import receivers  # noqa: F401, PLC0415 - app loading: connects receivers once models are ready
        from sales_channels.webhooks import tasks  # noqa: F401, PLC0415 - app loading: registers the inbox's Huey task
