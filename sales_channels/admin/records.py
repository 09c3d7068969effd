"""Records the framework writes, read-only here: mirrors, the sync queue, vendor call logs, imports.

Errors show as a merchant reads them (`explain.public_error`: never a traceback or an exception
repr); the developer detail (`error_debug`, or a raw stored traceback) shows only to superusers.
Task rows name the product's SKU and link to the product, its listing mirror and the task's call logs;
call logs name the GraphQL operation or the REST route; imports list why records were skipped.
"""

import json
import re
from collections import defaultdict
from typing import ClassVar
from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.admin import FieldListFilter
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest

from core.admin_helpers import TenantInline
from products.models import Product
from sales_channels import models as sc
from sales_channels import services
from sales_channels.admin.common import (
    ONLY_PRESENT,
    ReadOnlyTenantAdmin,
    admin_link,
    changelist_link,
    report,
    run_per_channel,
    short,
)
from sales_channels.explain import debug_error, public_error
from sales_channels.redaction import Redactor

_OPERATION = re.compile(r"\b(query|mutation)\s+([_A-Za-z]\w*)")


class MirrorAdmin(ReadOnlyTenantAdmin):
    """A mirror: remote id, status and last error, filterable by status and channel."""

    list_display: tuple[str, ...] = (
        "__str__",
        "sales_channel",
        "remote_id",
        "status",
        "last_synced_at",
        "error_preview",
    )
    list_filter: ClassVar[tuple[str | tuple[str, type[FieldListFilter]], ...]] = (
        "status",
        ("sales_channel", ONLY_PRESENT),
    )
    search_fields: ClassVar[tuple[str, ...]] = ("remote_id",)
    list_select_related: ClassVar[bool | tuple[str, ...]] = ("multi_tenant_company", "sales_channel")
    exclude: ClassVar[tuple[str, ...] | None] = ("last_payload",)

    @admin.display(description="last error")
    def error_preview(self, obj) -> str:
        return short(public_error(text=obj.last_error))


@admin.action(description="Resync the selected listings")
def resync_selected_listings(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    by_channel = defaultdict(set)
    for channel_id, product_id in queryset.exclude(local_instance_id=None).values_list(
        "sales_channel_id", "local_instance_id"
    ):
        by_channel[channel_id].add(product_id)
    channels = sc.SalesChannel.objects.filter(pk__in=by_channel)

    def action(*, channel) -> str:
        tasks = services.resync_products(channel=channel, product_ids=by_channel[channel.pk])
        return f"{len(tasks)} sync task(s) queued"

    run_per_channel(modeladmin=modeladmin, request=request, channels=channels, action=action)


@admin.register(sc.RemoteProduct)
class RemoteProductAdmin(MirrorAdmin):
    """Listings: search by remote id, remote SKU or local SKU."""

    list_display = (
        "remote_sku",
        "local_instance",
        "sales_channel",
        "view",
        "remote_id",
        "shown_status",
        "last_synced_at",
        "error_preview",
    )
    list_filter = ("status", ("sales_channel", ONLY_PRESENT), ("view", ONLY_PRESENT))
    search_fields = ("remote_id", "remote_sku", "local_instance__sku")
    list_select_related = ("multi_tenant_company", "sales_channel", "view", "local_instance")
    actions = (resync_selected_listings,)

    def get_queryset(self, request):
        last_task = sc.SyncTask.objects.filter(
            sales_channel_id=OuterRef("sales_channel_id"), object_id=OuterRef("local_instance_id")
        ).order_by("-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_task_status=Subquery(last_task.values("status")[:1]),
                last_task_error=Subquery(last_task.values("error")[:1]),
                last_task_kind=Subquery(last_task.values("error_kind")[:1]),
            )
        )

    @admin.display(description="status", ordering="status")
    def shown_status(self, obj) -> str:
        if getattr(obj, "last_task_status", None) == sc.SyncTaskStatus.FAILED:
            return "failed (last task)"  # never "synced" while the last push failed
        return obj.get_status_display()

    @admin.display(description="last error")
    def error_preview(self, obj) -> str:
        if getattr(obj, "last_task_status", None) == sc.SyncTaskStatus.FAILED:
            return short(public_error(text=obj.last_task_error or "", kind=obj.last_task_kind or ""))
        return short(public_error(text=obj.last_error))


@admin.register(sc.RemoteProperty)
class RemotePropertyAdmin(MirrorAdmin):
    """Vendor attributes mapped to local properties."""

    search_fields = ("remote_id", "remote_name")


@admin.register(sc.RemotePropertySelectValue)
class RemotePropertySelectValueAdmin(MirrorAdmin):
    """Vendor options mapped to local select values."""

    search_fields = ("remote_id", "remote_name")


@admin.register(sc.RemoteCategory)
class RemoteCategoryAdmin(MirrorAdmin):
    """Vendor categories."""

    search_fields = ("remote_id", "name")


class ListingPartAdmin(MirrorAdmin):
    """A part of a listing (content, price, stock, image, property value): search by the listing's SKU."""

    search_fields = ("remote_id", "remote_product__remote_sku", "remote_product__remote_id")
    list_select_related = ("multi_tenant_company", "sales_channel", "remote_product")


for part_model in (
    sc.RemoteProductContent,
    sc.RemotePrice,
    sc.RemoteInventory,
    sc.RemoteProductProperty,
    sc.RemoteImageProductAssociation,
):
    admin.site.register(part_model, ListingPartAdmin)
admin.site.register(sc.RemoteImage, MirrorAdmin)
admin.site.register(sc.RemoteOrder, MirrorAdmin)


# -- the sync queue -------------------------------------------------------------------------------


@admin.action(description="Retry the selected failed, cancelled or deferred tasks")
def retry_tasks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    eligible = list(queryset.filter(status__in=services.RETRYABLE_STATUSES))
    skipped = queryset.count() - len(eligible)
    done = [f"{len(services.retry_sync_tasks(tasks=eligible))} task(s) queued again"] if eligible else []
    refused = [f"{skipped} task(s) skipped: only failed, cancelled or deferred tasks can be retried"] if skipped else []
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


@admin.action(description="Cancel the selected queued or deferred tasks")
def cancel_tasks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    eligible = list(queryset.filter(status__in=services.CANCELLABLE_STATUSES))
    skipped = queryset.count() - len(eligible)
    done = [f"{len(services.cancel_sync_tasks(tasks=eligible))} task(s) cancelled"] if eligible else []
    refused = [f"{skipped} task(s) skipped: only queued or deferred tasks can be cancelled"] if skipped else []
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


def _listing_of_task() -> Subquery:
    listings = sc.RemoteProduct.objects.filter(
        sales_channel_id=OuterRef("sales_channel_id"), local_instance_id=OuterRef("object_id"), parent__isnull=True
    ).order_by("pk")
    return Subquery(listings.values("pk")[:1])


@admin.register(sc.SyncTask)
class SyncTaskAdmin(ReadOnlyTenantAdmin):
    """The sync queue: the product's SKU and links, status and error; retry or cancel."""

    list_display = (
        "id",
        "usage",
        "product_link",
        "sales_channel",
        "view",
        "status",
        "attempts",
        "next_run_at",
        "error_kind",
        "error_preview",
        "links",
    )
    list_filter = ("status", "usage", "error_kind", ("sales_channel", ONLY_PRESENT))
    search_fields = ("usage", "error")
    list_select_related = ("multi_tenant_company", "sales_channel", "view")
    exclude = ("claim_token", "error")
    readonly_fields = ("product_link", "shown_error", "links", "created_at", "updated_at")
    actions = (retry_tasks, cancel_tasks)

    def get_queryset(self, request):
        skus = Product.objects.filter(pk=OuterRef("object_id")).values("sku")[:1]
        return super().get_queryset(request).annotate(product_sku=Subquery(skus), listing_id=_listing_of_task())

    def get_readonly_fields(self, request, obj=None):
        shown = list(super().get_readonly_fields(request, obj))
        return [*shown, "developer_detail"] if request.user.is_superuser else shown

    @admin.display(description="product")
    def product_link(self, obj) -> str:
        sku = getattr(obj, "product_sku", None)
        if sku is None:
            return f"#{obj.object_id}"
        product = Product(pk=obj.object_id)
        return admin_link(obj=product, text=sku)

    @admin.display(description="error")
    def error_preview(self, obj) -> str:
        return short(public_error(text=obj.error, kind=obj.error_kind))

    @admin.display(description="error")
    def shown_error(self, obj) -> str:
        return public_error(text=obj.error, kind=obj.error_kind)

    @admin.display(description="developer detail (superusers only)")
    def developer_detail(self, obj) -> str:
        return debug_error(row=obj)

    @admin.display(description="links")
    def links(self, obj) -> str:
        listing_id = getattr(obj, "listing_id", None)
        parts = []
        if listing_id:
            parts.append(admin_link(obj=sc.RemoteProduct(pk=listing_id), text="listing"))
        parts.append(changelist_link(model=sc.RemoteCallLog, query=f"sync_task_id={obj.pk}", text="call logs"))
        return " · ".join(parts)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip().isdigit():
            queryset |= self.get_queryset(request).filter(object_id=int(search_term))
        return queryset, duplicates


# -- vendor calls ---------------------------------------------------------------------------------


def call_operation(*, url: str, request_excerpt: str) -> str:
    """The GraphQL operation name of a call (from its body), else its REST route (the URL's path)."""
    path = urlsplit(url).path
    if path.endswith("graphql.json") or path.endswith("/graphql"):
        found = _OPERATION.search(_graphql_query(request_excerpt))
        return f"GraphQL {found.group(1)} {found.group(2)}" if found else "GraphQL (anonymous operation)"
    return path or url


def _graphql_query(excerpt: str) -> str:
    body = excerpt[excerpt.find("{") :] if "{" in excerpt else excerpt
    try:
        decoded = json.loads(body)
    except ValueError:
        return body
    return str(decoded.get("query", "")) if isinstance(decoded, dict) else body


class CallLogSyncTaskFilter(admin.SimpleListFilter):
    """Filter call logs by the sync task that made them (the task page links here)."""

    title = "sync task"
    parameter_name = "sync_task_id"

    def lookups(self, request, model_admin):
        value = request.GET.get(self.parameter_name)
        return [(value, f"task #{value}")] if value and value.isdigit() else []

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(sync_task_id=int(value)) if value and value.isdigit() else queryset


@admin.register(sc.RemoteCallLog)
class RemoteCallLogAdmin(ReadOnlyTenantAdmin):
    """Vendor calls (redacted when written, redacted again when shown), with their operation or route."""

    list_display = (
        "created_at",
        "method",
        "operation",
        "status_code",
        "duration_ms",
        "sales_channel",
        "sync_task_id",
    )
    list_filter = ("method", "status_code", ("sales_channel", ONLY_PRESENT), CallLogSyncTaskFilter)
    search_fields = ("url", "request_id", "vendor_request_id")
    list_select_related = ("multi_tenant_company", "sales_channel")
    fields = (
        "sales_channel",
        "sync_task_id",
        "method",
        "operation",
        "shown_url",
        "status_code",
        "duration_ms",
        "attempt",
        "request_id",
        "vendor_request_id",
        "shown_request",
        "shown_response",
        "shown_error",
        "created_at",
    )
    readonly_fields = fields

    def get_object(self, request, object_id, from_field=None):
        log = super().get_object(request, object_id, from_field)
        if log is not None:  # read-only page: redact the shown copy (title and breadcrumbs print the URL)
            log.url = Redactor().url(log.url)
        return log

    @admin.display(description="operation / route")
    def operation(self, obj) -> str:
        return call_operation(url=obj.url, request_excerpt=obj.request_excerpt)

    @admin.display(description="url")
    def shown_url(self, obj) -> str:
        return Redactor().url(obj.url)

    @admin.display(description="request")
    def shown_request(self, obj) -> str:
        return Redactor().text(obj.request_excerpt)

    @admin.display(description="response")
    def shown_response(self, obj) -> str:
        return Redactor().text(obj.response_excerpt)

    @admin.display(description="error")
    def shown_error(self, obj) -> str:
        return Redactor().text(obj.error)


# -- imports --------------------------------------------------------------------------------------


class ImportItemErrorInline(TenantInline):
    """The records an import skipped (and why) or could not take in."""

    model = sc.ImportItemError
    fields = ("identifier", "message", "raw_record")
    readonly_fields = fields
    can_delete = False
    verbose_name = "skipped or failed record"
    verbose_name_plural = "skipped or failed records (why)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description="Resume the selected failed or stopped imports from their saved cursor")
def resume_imports(modeladmin, request, queryset):
    done, refused = [], []
    for process in queryset:
        try:
            services.resume_import(process=process)
            done.append(f"import {process.pk} resumed")
        except services.ChannelActionError as error:
            refused.append(str(error))
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


@admin.register(sc.ImportProcess)
class ImportProcessAdmin(ReadOnlyTenantAdmin):
    """Imports with progress and counts, why records were skipped or failed inline."""

    list_display = (
        "id",
        "sales_channel",
        "kind",
        "status",
        "percentage",
        "created_count",
        "linked_count",
        "updated_count",
        "skipped_count",
        "failed_count",
        "dry_run",
        "error_preview",
        "created_at",
    )
    list_filter = ("status", "kind", "dry_run", ("sales_channel", ONLY_PRESENT))
    list_select_related = ("multi_tenant_company", "sales_channel")
    exclude = ("error",)
    readonly_fields = ("shown_error", "created_at", "updated_at")
    inlines = (ImportItemErrorInline,)
    actions = (resume_imports,)

    def get_readonly_fields(self, request, obj=None):
        shown = list(super().get_readonly_fields(request, obj))
        return [*shown, "developer_detail"] if request.user.is_superuser else shown

    @admin.display(description="error")
    def error_preview(self, obj) -> str:
        return short(public_error(text=obj.error))

    @admin.display(description="error")
    def shown_error(self, obj) -> str:
        return public_error(text=obj.error)

    @admin.display(description="developer detail (superusers only)")
    def developer_detail(self, obj) -> str:
        return debug_error(row=obj)


@admin.register(sc.ImportItemError)
class ImportItemErrorAdmin(ReadOnlyTenantAdmin):
    """Records imports skipped or could not take in."""

    list_display = ("identifier", "message", "import_process")
    search_fields = ("identifier", "message")
    list_select_related = ("multi_tenant_company", "import_process")
