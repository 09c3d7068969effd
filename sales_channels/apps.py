"""The sales-channel framework every integration builds on."""

from django.apps import AppConfig


class SalesChannelsConfig(AppConfig):
    """Sales channels, their views, remote mirrors, sync tasks and call logs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "sales_channels"
