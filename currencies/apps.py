"""Currencies per company."""

from django.apps import AppConfig


class CurrenciesConfig(AppConfig):
    """Currencies: ISO code, symbol, the company default, and inheriting currencies."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "currencies"
