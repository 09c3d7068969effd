"""Views, assigns and mappings of channels, and the sync state of a product on every channel it is sold on.

The product page (the catalog's own admin) gets a read-only "Sync state on sales channels" table:
the catalog never imports the framework, so the framework re-registers the catalog's `ProductAdmin`
as a subclass with that one field added.
"""

from collections import defaultdict
from typing import ClassVar

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from core.admin_helpers import TenantAdmin
from products.admin import ProductAdmin
from products.models import Product
from sales_channels import models as sc
from sales_channels import services
from sales_channels.admin.common import ONLY_PRESENT, https_by_default, run_per_channel
from sales_channels.explain import fix_for_kind, public_error
from sales_channels.models.tasks import PENDING_STATUSES


@admin.register(sc.SalesChannelView)
class SalesChannelViewAdmin(TenantAdmin):
    """Store views, websites and marketplaces of channels."""

    list_display = ("name", "sales_channel", "remote_id", "is_default", "active")
    list_filter = ("active", "is_default", ("sales_channel", ONLY_PRESENT))
    search_fields = ("name", "remote_id")
    list_select_related = ("multi_tenant_company", "sales_channel")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **https_by_default(db_field=db_field, kwargs=kwargs))


@admin.action(description="Resync the selected products on their channels")
def resync_selected_assigns(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    by_channel = defaultdict(set)
    for channel_id, product_id in queryset.values_list("sales_channel_id", "product_id"):
        by_channel[channel_id].add(product_id)
    channels = sc.SalesChannel.objects.filter(pk__in=by_channel)

    def action(*, channel) -> str:
        tasks = services.resync_products(channel=channel, product_ids=by_channel[channel.pk])
        return f"{len(tasks)} sync task(s) queued"

    run_per_channel(modeladmin=modeladmin, request=request, channels=channels, action=action)


@admin.register(sc.SalesChannelViewAssign)
class SalesChannelViewAssignAdmin(TenantAdmin):
    """Which products are sold in which views (adding or deleting one queues the remote create or delete)."""

    list_display = ("product", "view", "sales_channel", "created_at")
    list_filter = (("sales_channel", ONLY_PRESENT), ("view", ONLY_PRESENT))
    search_fields = ("product__sku",)
    list_select_related = ("multi_tenant_company", "product", "view", "sales_channel")
    raw_id_fields = ("product",)
    exclude = ("sales_channel",)
    actions = (resync_selected_assigns,)


class MappingAdmin(TenantAdmin):
    """A vendor code mapped to a local value: only the mapping can be changed."""

    list_display = ("remote_code", "local_instance", "sales_channel", "view")
    list_filter = (("sales_channel", ONLY_PRESENT),)
    search_fields = ("remote_code",)
    list_select_related = ("multi_tenant_company", "sales_channel", "view")
    readonly_fields = ("sales_channel", "view", "remote_code", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False


admin.site.register(sc.RemoteLanguage, MappingAdmin)
admin.site.register(sc.RemoteCurrency, MappingAdmin)


# -- a product's sync state on every channel ------------------------------------------------------


def product_sync_state(*, product: Product) -> list[dict]:
    """One row per channel the product is assigned to or listed on: status, last push, last error and fix."""
    company_id = product.multi_tenant_company_id
    assigns = sc.SalesChannelViewAssign.objects.filter(product=product, multi_tenant_company_id=company_id)
    listings = sc.RemoteProduct.objects.filter(
        local_instance_id=product.pk, parent__isnull=True, multi_tenant_company_id=company_id
    )
    channel_ids = set(assigns.values_list("sales_channel_id", flat=True)) | set(
        listings.values_list("sales_channel_id", flat=True)
    )
    channels = sc.SalesChannel.objects.filter(pk__in=channel_ids).order_by("name")
    listing_by_channel = {row.sales_channel_id: row for row in listings.order_by("pk")}
    last_task: dict[int, sc.SyncTask] = {}
    for task in sc.SyncTask.objects.filter(sales_channel_id__in=channel_ids, object_id=product.pk).order_by("-pk"):
        last_task.setdefault(task.sales_channel_id, task)
    return [
        _state_row(channel=channel, listing=listing_by_channel.get(channel.pk), task=last_task.get(channel.pk))
        for channel in channels
    ]


def _state_row(*, channel, listing, task) -> dict:
    status = listing.status if listing is not None else "not listed yet"
    error, fix = (public_error(text=listing.last_error), "") if listing is not None else ("", "")
    if task is not None and task.status == sc.SyncTaskStatus.FAILED:
        status = "failed"  # never "synced" while the last task failed
        error = public_error(text=task.error, kind=task.error_kind)
        fix = fix_for_kind(task.error_kind)
    elif task is not None and task.status in PENDING_STATUSES:
        status = f"{status} ({task.get_status_display().lower()} task pending)"
    return {
        "channel": channel,
        "status": status,
        "failed": status == "failed" or (listing is not None and listing.status == sc.MirrorStatus.FAILED),
        "remote_id": listing.remote_id if listing is not None else "",
        "last_push": listing.last_synced_at if listing is not None else None,
        "error": error,
        "fix": fix,
        "task": task,
    }


class ProductWithSyncStateAdmin(ProductAdmin):
    """The catalog's product admin with the product's sync state on every sales channel."""

    readonly_fields: ClassVar[tuple[str, ...]] = (*ProductAdmin.readonly_fields, "sales_channel_sync_state")

    @admin.display(description="Sync state on sales channels")
    def sales_channel_sync_state(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        return render_to_string(
            "admin/sales_channels/product_sync_state.html", {"rows": product_sync_state(product=obj)}
        )


admin.site.unregister(Product)
admin.site.register(Product, ProductWithSyncStateAdmin)
