"""Admin for stock locations and stock."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin
from inventory.models import Inventory, InventoryLocation


@admin.register(InventoryLocation)
class InventoryLocationAdmin(TenantAdmin):
    """Warehouses and shops; internal ones count as sellable stock."""

    list_display = ("name", "is_internal")
    list_filter = ("is_internal",)
    search_fields = ("name",)


@admin.register(Inventory)
class InventoryAdmin(TenantAdmin):
    """Stock of simple products per location."""

    list_display = ("product", "location", "quantity", "updated_at")
    list_filter = ("location", "location__is_internal")
    search_fields = ("product__sku", "location__name")
    raw_id_fields = ("product",)
    list_select_related = ("multi_tenant_company", "product", "location")
