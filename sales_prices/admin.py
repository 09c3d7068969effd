"""Admin for prices and price lists (list items edited inline in their price list)."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin, TenantInline
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem


class SalesPriceListItemInline(TenantInline):
    """The override prices of a price list."""

    model = SalesPriceListItem
    fields = ("product", "price")
    raw_id_fields = ("product",)


@admin.register(SalesPrice)
class SalesPriceAdmin(TenantAdmin):
    """Regular prices and RRPs per product and currency."""

    list_display = ("product", "currency", "price", "rrp", "updated_at")
    list_filter = ("currency",)
    search_fields = ("product__sku",)
    raw_id_fields = ("product",)
    list_select_related = ("multi_tenant_company", "product", "currency")


@admin.register(SalesPriceList)
class SalesPriceListAdmin(TenantAdmin):
    """Price lists with their items inline; the items take the list's company."""

    list_display = ("name", "currency", "start_date", "end_date")
    list_filter = ("currency", "start_date", "end_date")
    search_fields = ("name",)
    list_select_related = ("multi_tenant_company", "currency")
    inlines = (SalesPriceListItemInline,)


@admin.register(SalesPriceListItem)
class SalesPriceListItemAdmin(TenantAdmin):
    """Single price list items (usually edited inside their list)."""

    list_display = ("price_list", "product", "price")
    list_filter = ("price_list",)
    search_fields = ("product__sku", "price_list__name")
    raw_id_fields = ("product",)
    list_select_related = ("multi_tenant_company", "price_list", "product")
