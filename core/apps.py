"""Tenancy, shared abstract models, encrypted fields and GraphQL helpers."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The core app: companies, users and the tenant-aware building blocks every app uses."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
