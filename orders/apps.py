"""Orders imported from sales channels."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Orders and their lines."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
