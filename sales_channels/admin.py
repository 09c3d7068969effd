"""Admin for the sales-channel framework: every model scoped to the user's company, actions on channels and tasks.

Actions call `sales_channels.services` (the same functions GraphQL and the commands call) on the
rows of the changelist's queryset, which `TenantAdmin` already scoped to the user's company; each
refusal is reported with `message_user`, never raised. Mirrors, tasks, call logs and imports are
records the framework writes: they are read-only here. Relation filters list only the rows present
in the scoped queryset (`RelatedOnlyFieldListFilter`), so no other company's channel name shows.

Vendor channel admins subclass `SalesChannelAdmin`: its encrypted credential fields render as
empty password inputs (never the stored value) and an empty input keeps what is stored.
"""

from collections import defaultdict
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from core.admin_helpers import TenantAdmin, TenantInline
from core.fields import EncryptedTextField
from sales_channels import models as sc
from sales_channels import services
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.redaction import Redactor

ONLY_PRESENT = admin.RelatedOnlyFieldListFilter
ERROR_PREVIEW = 80


def _short(text: str) -> str:
    return text if len(text) <= ERROR_PREVIEW else f"{text[:ERROR_PREVIEW]}..."


def https_by_default(*, db_field, kwargs: dict) -> dict:
    """URL inputs without a scheme mean https (Django 6's default, chosen now)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return kwargs


def secret_field_names(*, model: type[models.Model]) -> list[str]:
    """Names of a model's encrypted (credential) fields."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def _report(*, modeladmin, request: HttpRequest, done: list[str], refused: list[str]) -> None:
    if done:
        modeladmin.message_user(request, "; ".join(done), level=messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, "; ".join(refused), level=messages.ERROR)


def run_per_channel(*, modeladmin, request: HttpRequest, channels, action: Callable[..., str]) -> None:
    """Run `action(channel=...)` (returns a summary) for each channel; a refusal is reported, not raised."""
    done, refused = [], []
    for channel in channels:
        try:
            done.append(f"{channel.name}: {action(channel=channel)}")
        except services.ChannelActionError as error:
            refused.append(str(error))
    _report(modeladmin=modeladmin, request=request, done=done, refused=refused)


# -- channels -------------------------------------------------------------------------------------


@admin.action(description="Test the connection of the selected channels")
def check_connections(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        services.check_connection(channel=channel)
        return channel.last_connection_error or "connected"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


@admin.action(description="Pull views, languages and currencies of the selected channels")
def pull_metadata(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        return f"{services.pull_metadata(channel=channel)} metadata pull(s) ran"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


@admin.action(description="Import products from the selected channels")
def import_products(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        return f"import #{services.start_import(channel=channel, kind='products').pk} started"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


@admin.action(description="Resync every assigned product of the selected channels")
def resync_assigned_products(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        return f"{len(services.resync_products(channel=channel))} sync task(s) queued"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


class SalesChannelAdmin(TenantAdmin):
    """Channels with their connection state and queue counts; vendor channel admins subclass it."""

    list_display = ("name", "integration", "active", "connection_status", "error_preview", "pending", "failed")
    list_filter = ("active", "connection_status", "integration")
    search_fields = ("name",)
    ordering = ("name",)
    readonly_fields = ("integration", "connection_status", "last_connection_error", "created_at", "updated_at")
    actions = (check_connections, pull_metadata, import_products, resync_assigned_products)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_count=Count("sync_tasks", filter=Q(sync_tasks__status__in=PENDING_STATUSES)),
                failed_count=Count("sync_tasks", filter=Q(sync_tasks__status=sc.SyncTaskStatus.FAILED)),
            )
        )

    @admin.display(description="last connection error")
    def error_preview(self, obj) -> str:
        return _short(obj.last_connection_error)

    @admin.display(description="pending tasks", ordering="pending_count")
    def pending(self, obj) -> int:
        return obj.pending_count

    @admin.display(description="failed tasks", ordering="failed_count")
    def failed(self, obj) -> int:
        return obj.failed_count

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in secret_field_names(model=db_field.model):
            kwargs["widget"] = forms.PasswordInput(render_value=False)
            kwargs["required"] = False
            kwargs["help_text"] = "Stored encrypted and never shown. Leave empty to keep the stored value."
        return super().formfield_for_dbfield(db_field, request, **https_by_default(db_field=db_field, kwargs=kwargs))

    def save_model(self, request, obj, form, change):
        keep = [name for name in secret_field_names(model=type(obj)) if not form.cleaned_data.get(name)]
        if change and keep:
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*keep).get()
            for name in keep:
                setattr(obj, name, stored[name])
        super().save_model(request, obj, form, change)


admin.site.register(sc.SalesChannel, SalesChannelAdmin)


# -- views, assigns, mappings ---------------------------------------------------------------------


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


# -- mirrors, tasks, call logs, imports (records the framework writes: read-only) -----------------


class ReadOnlyTenantAdmin(TenantAdmin):
    """A scoped changelist and detail view; rows are written by the framework, not by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_exclude(self, request, obj=None):
        """Developer detail (`error_debug`: exception class, traceback) is for superusers only."""
        exclude = tuple(super().get_exclude(request, obj) or ())
        return exclude if request.user.is_superuser else (*exclude, "error_debug")


class MirrorAdmin(ReadOnlyTenantAdmin):
    """A mirror: remote id, status and last error, filterable by status and channel."""

    list_display = ("__str__", "sales_channel", "remote_id", "status", "last_synced_at", "error_preview")
    list_filter = ("status", ("sales_channel", ONLY_PRESENT))
    search_fields = ("remote_id",)
    list_select_related = ("multi_tenant_company", "sales_channel")
    exclude = ("last_payload",)

    @admin.display(description="last error")
    def error_preview(self, obj) -> str:
        return _short(obj.last_error)


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

    list_display = ("remote_sku", "local_instance", "sales_channel", "view", "remote_id", "status", "error_preview")
    list_filter = ("status", ("sales_channel", ONLY_PRESENT), ("view", ONLY_PRESENT))
    search_fields = ("remote_id", "remote_sku", "local_instance__sku")
    list_select_related = ("multi_tenant_company", "sales_channel", "view", "local_instance")
    actions = (resync_selected_listings,)


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


@admin.action(description="Retry the selected failed, cancelled or deferred tasks")
def retry_tasks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    eligible = list(queryset.filter(status__in=services.RETRYABLE_STATUSES))
    skipped = queryset.count() - len(eligible)
    done = [f"{len(services.retry_sync_tasks(tasks=eligible))} task(s) queued again"] if eligible else []
    refused = [f"{skipped} task(s) skipped: only failed, cancelled or deferred tasks can be retried"] if skipped else []
    _report(modeladmin=modeladmin, request=request, done=done, refused=refused)


@admin.action(description="Cancel the selected queued or deferred tasks")
def cancel_tasks(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    eligible = list(queryset.filter(status__in=services.CANCELLABLE_STATUSES))
    skipped = queryset.count() - len(eligible)
    done = [f"{len(services.cancel_sync_tasks(tasks=eligible))} task(s) cancelled"] if eligible else []
    refused = [f"{skipped} task(s) skipped: only queued or deferred tasks can be cancelled"] if skipped else []
    _report(modeladmin=modeladmin, request=request, done=done, refused=refused)


@admin.register(sc.SyncTask)
class SyncTaskAdmin(ReadOnlyTenantAdmin):
    """The sync queue: filter by status, usage and error kind; retry or cancel."""

    list_display = (
        "id",
        "usage",
        "object_id",
        "sales_channel",
        "view",
        "status",
        "attempts",
        "next_run_at",
        "error_kind",
        "error_preview",
    )
    list_filter = ("status", "usage", "error_kind", ("sales_channel", ONLY_PRESENT))
    search_fields = ("usage", "error")
    list_select_related = ("multi_tenant_company", "sales_channel", "view")
    exclude = ("claim_token",)
    actions = (retry_tasks, cancel_tasks)

    @admin.display(description="error")
    def error_preview(self, obj) -> str:
        return _short(obj.error)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip().isdigit():
            queryset |= self.get_queryset(request).filter(object_id=int(search_term))
        return queryset, duplicates


@admin.register(sc.RemoteCallLog)
class RemoteCallLogAdmin(ReadOnlyTenantAdmin):
    """Vendor calls (redacted when written, redacted again when shown)."""

    list_display = ("created_at", "method", "shown_url", "status_code", "duration_ms", "sales_channel", "sync_task_id")
    list_filter = ("method", "status_code", ("sales_channel", ONLY_PRESENT))
    search_fields = ("url", "request_id", "vendor_request_id")
    list_select_related = ("multi_tenant_company", "sales_channel")
    fields = (
        "sales_channel",
        "sync_task_id",
        "method",
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


class ImportItemErrorInline(TenantInline):
    """The records an import could not take in."""

    model = sc.ImportItemError
    fields = ("identifier", "message", "raw_record")
    readonly_fields = fields
    can_delete = False

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
    _report(modeladmin=modeladmin, request=request, done=done, refused=refused)


@admin.register(sc.ImportProcess)
class ImportProcessAdmin(ReadOnlyTenantAdmin):
    """Imports with progress and counts, and their item errors inline."""

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
        "created_at",
    )
    list_filter = ("status", "kind", "dry_run", ("sales_channel", ONLY_PRESENT))
    list_select_related = ("multi_tenant_company", "sales_channel")
    inlines = (ImportItemErrorInline,)
    actions = (resume_imports,)


@admin.register(sc.ImportItemError)
class ImportItemErrorAdmin(ReadOnlyTenantAdmin):
    """Records imports could not take in."""

    list_display = ("identifier", "message", "import_process")
    search_fields = ("identifier", "message")
    list_select_related = ("multi_tenant_company", "import_process")


@admin.register(sc.RemoteJob)
class RemoteJobAdmin(ReadOnlyTenantAdmin):
    """Asynchronous vendor jobs (bulk operations, feeds): status, next poll, what they serve."""

    list_display = ("id", "sales_channel", "kind", "remote_id", "status", "next_poll_at", "attempts", "finished_at")
    list_filter = ("status", "kind", ("sales_channel", ONLY_PRESENT))
    search_fields = ("remote_id",)
    list_select_related = ("multi_tenant_company", "sales_channel")
    exclude = ("items", "result")  # result may hold a signed result-file URL until it is downloaded


@admin.register(sc.WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyTenantAdmin):
    """The webhook inbox: deliveries as received and what processing did (the raw body is not shown)."""

    list_display = ("topic", "event_id", "status", "attempts", "received_at", "processed_at", "sales_channel")
    list_filter = ("status", "integration", ("sales_channel", ONLY_PRESENT))
    search_fields = ("topic", "event_id")
    exclude = ("body",)
    list_select_related = ("multi_tenant_company", "sales_channel")
