"""Admin for currencies."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin
from currencies.models import Currency


@admin.register(Currency)
class CurrencyAdmin(TenantAdmin):
    """Currencies of the company: one default, others optionally inheriting through a rate."""

    list_display = ("iso_code", "name", "symbol", "is_default_currency", "inherits_from", "exchange_rate")
    list_filter = ("is_default_currency",)
    search_fields = ("iso_code", "name")
    list_select_related = ("multi_tenant_company", "inherits_from")
