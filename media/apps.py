"""Images and other media attached to products."""

from django.apps import AppConfig


class MediaConfig(AppConfig):
    """Media files, their content hash and their ordered association with products."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "media"
