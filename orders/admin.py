"""Admin for orders (lines edited inline); every saved change recomputes the order's totals."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin, TenantInline
from orders.models import Order, OrderItem
from orders.totals import recalculate_order_totals


class OrderItemInline(TenantInline):
    """The lines of an order."""

    model = OrderItem
    fields = ("product", "sku", "name", "quantity", "price")
    raw_id_fields = ("product",)


@admin.register(Order)
class OrderAdmin(TenantAdmin):
    """Orders with their lines inline; subtotal and total are computed, not typed."""

    list_display = ("reference", "status", "currency", "sales_channel", "customer_name", "total", "ordered_at")
    list_filter = ("status", "currency", "sales_channel")
    search_fields = ("reference", "remote_reference", "customer_name", "customer_email", "items__sku")
    readonly_fields = (*TenantAdmin.readonly_fields, "subtotal", "total")
    list_select_related = ("multi_tenant_company", "currency", "sales_channel")
    inlines = (OrderItemInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        recalculate_order_totals(order_ids=(form.instance.pk,))


@admin.register(OrderItem)
class OrderItemAdmin(TenantAdmin):
    """Single order lines; saving or deleting one recomputes its order's totals."""

    list_display = ("order", "sku", "name", "quantity", "price")
    search_fields = ("sku", "name", "product__sku", "order__reference")
    raw_id_fields = ("order", "product")
    list_select_related = ("multi_tenant_company", "order")

    def save_model(self, request, obj, form, change):
        previous_order_id = form.initial.get("order")
        super().save_model(request, obj, form, change)
        recalculate_order_totals(order_ids=(obj.order_id, previous_order_id))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        recalculate_order_totals(order_ids=(obj.order_id,))

    def delete_queryset(self, request, queryset):
        order_ids = set(queryset.values_list("order_id", flat=True))
        super().delete_queryset(request, queryset)
        recalculate_order_totals(order_ids=order_ids)
