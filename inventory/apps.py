"""Stock per location."""

from django.apps import AppConfig


class InventoryConfig(AppConfig):
    """Inventory locations, stock rows and available quantities."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "inventory"
