"""The channel admin: add a channel by integration and connect it, test it, pull, import, resync, verify.

"Add sales channel" first asks for the integration (every registered spec with a `connect`), then
shows that integration's own form (the spec's `connect.fields` on its channel model) and runs its
connect flow when saved: the channel is saved and the flow runs inside one transaction, so a refused
credentials check rolls back and creates nothing (the merchant sees why in red, with the form's
non-secret values kept); an OAuth flow sends the merchant to the vendor's approval page and the
integration's callback view finishes it. A channel's page edits its vendor fields too, and has a
"Connect" button that runs the flow again (a new token, e.g. after "reconnect the channel").
"""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import modelform_factory
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse

from core.admin_helpers import TenantAdmin, company_aware_form, user_company
from sales_channels import models as sc
from sales_channels import services
from sales_channels.admin.common import (
    https_by_default,
    report,
    run_per_channel,
    secret_field_names,
    short,
)
from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import IntegrationSpec, find_spec, registered
from sales_channels.surfaces import ConnectSpec, remember_pending_connect
from sales_channels.verify import verify_remote

CONNECT_ERROR_ATTR = "_sales_channel_connect_error"
CONNECT_REDIRECT_ATTR = "_sales_channel_connect_redirect"
NEW_SECRET_HELP = "Stored encrypted and never shown again; give it only when the connect flow needs it."


def connectable_specs() -> list[IntegrationSpec]:
    """Every registered integration the admin can add and connect, by name."""
    return sorted((spec for spec in registered() if spec.connect is not None), key=lambda spec: spec.integration)


# -- actions --------------------------------------------------------------------------------------


@admin.action(description="Test the connection of the selected channels")
def check_connections(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done, refused = [], []
    for channel in queryset:
        try:
            services.check_connection(channel=channel)
        except services.ChannelActionError as error:
            refused.append(str(error))
            continue
        if channel.connection_status == sc.SalesChannel.ConnectionStatus.CONNECTED:
            done.append(f"{channel.name}: connected")
        else:
            refused.append(f"{channel.name}: the connection test failed. {channel.last_connection_error}")
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


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


@admin.action(description="Update existing products from the selected channels (creates none; says why it skips)")
def import_products_update_only(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        process = services.start_import(channel=channel, kind="products", update_only=True)
        return f"update-only import #{process.pk} started"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


@admin.action(description="Resync every assigned product of the selected channels")
def resync_assigned_products(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    def action(*, channel) -> str:
        return f"{len(services.resync_products(channel=channel))} sync task(s) queued"

    run_per_channel(modeladmin=modeladmin, request=request, channels=queryset, action=action)


@admin.action(description="Resync: verify remote (find listings missing or changed on the vendor, resync them)")
def verify_remote_listings(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done, refused = [], []
    for channel in queryset:
        spec = find_spec(channel.integration)
        try:
            done.append(f"{channel.name}: {verify_remote(channel=channel).summary()}")
        except services.ChannelActionError as error:
            refused.append(str(error))
        except SalesChannelError as error:
            vendor = services.vendor_label(spec=spec) if spec else "The vendor"
            refused.append(f"{channel.name}: verify remote failed. {explain_failure(error=error, vendor=vendor)}")
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


# -- the admin ------------------------------------------------------------------------------------


def connect_of(spec: IntegrationSpec) -> ConnectSpec:
    """The spec's connect flow: the add and connect views only reach here for specs that declare one."""
    if spec.connect is None:
        raise ValueError(f"Integration '{spec.integration}' has no connect flow.")
    return spec.connect


class SalesChannelAdmin(TenantAdmin):
    """Channels with their connection state and queue counts; adding one asks for the integration first."""

    list_display = (
        "name",
        "integration",
        "active",
        "connection_status",
        "error_preview",
        "pending",
        "failed",
        "outdated",
    )
    list_filter = ("active", "connection_status", "integration")
    search_fields = ("name",)
    ordering = ("name",)
    readonly_fields = ("integration", "connection_status", "last_connection_error", "created_at", "updated_at")
    actions = (
        check_connections,
        pull_metadata,
        import_products,
        import_products_update_only,
        resync_assigned_products,
        verify_remote_listings,
    )
    change_form_template = "admin/sales_channels/saleschannel/change_form.html"

    def get_queryset(self, request):
        outdated = (
            sc.RemoteProduct.objects.filter(
                sales_channel=OuterRef("pk"), status=sc.MirrorStatus.OUTDATED, parent__isnull=True
            )
            .values("sales_channel")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_count=Count("sync_tasks", filter=Q(sync_tasks__status__in=PENDING_STATUSES)),
                failed_count=Count("sync_tasks", filter=Q(sync_tasks__status=sc.SyncTaskStatus.FAILED)),
                outdated_count=Coalesce(Subquery(outdated), 0),
            )
        )

    @admin.display(description="last connection error")
    def error_preview(self, obj) -> str:
        return short(obj.last_connection_error)

    @admin.display(description="pending tasks", ordering="pending_count")
    def pending(self, obj) -> int:
        return obj.pending_count

    @admin.display(description="failed tasks", ordering="failed_count")
    def failed(self, obj) -> int:
        return obj.failed_count

    @admin.display(description="outdated listings", ordering="outdated_count")
    def outdated(self, obj) -> int:
        return obj.outdated_count

    # -- the integration's own form -----------------------------------------------------------------

    def _spec(self, request: HttpRequest, obj=None) -> IntegrationSpec | None:
        name = obj.integration if obj is not None else request.GET.get("integration", "")
        spec = find_spec(name)
        return spec if spec is not None and spec.connect is not None else None

    def get_object(self, request, object_id, from_field=None):
        channel = super().get_object(request, object_id, from_field)
        return channel.specific if channel is not None else None

    def _form_fields(self, request: HttpRequest, spec: IntegrationSpec, obj) -> list[str]:
        connect_fields = connect_of(spec).fields
        if obj is None:
            return list(connect_fields)
        base = list(super().get_form(request, None, change=True, fields=None).base_fields)
        return [*base, *(name for name in connect_fields if name not in base)]

    def get_fields(self, request, obj=None):
        spec = self._spec(request, obj)
        if spec is None:
            return super().get_fields(request, obj)
        readonly = [name for name in self.get_readonly_fields(request, obj) if obj is not None]
        return [*self._form_fields(request, spec, obj), *readonly]

    def get_fieldsets(self, request, obj=None):
        spec = self._spec(request, obj)
        if obj is not None or spec is None:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": self.get_fields(request, obj), "description": connect_of(spec).help_text})]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None and self._spec(request) is not None else super().get_readonly_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        spec = self._spec(request, obj)
        if spec is None:
            return super().get_form(request, obj, change=change, **kwargs)
        fields = self._form_fields(request, spec, obj)
        secrets = [name for name in fields if name in secret_field_names(model=spec.channel_model)]
        form_class = modelform_factory(
            spec.channel_model,
            form=forms.ModelForm,
            fields=fields,
            formfield_callback=partial(self.formfield_for_dbfield, request=request),
            help_texts={name: NEW_SECRET_HELP for name in secrets} if obj is None else None,
        )
        company = None if request.user.is_superuser else user_company(request)
        return company_aware_form(form_class=form_class, company=company)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in secret_field_names(model=db_field.model):
            kwargs["widget"] = forms.PasswordInput(render_value=False)
            kwargs["required"] = False
            kwargs.setdefault("help_text", "Stored encrypted and never shown. Leave empty to keep the stored value.")
        return super().formfield_for_dbfield(db_field, request, **https_by_default(db_field=db_field, kwargs=kwargs))

    # -- add: choose the integration, then connect ----------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        spec = self._spec(request)
        if spec is None:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Add sales channel: choose the integration",
                "integrations": [
                    {
                        "name": item.integration,
                        "label": services.vendor_label(spec=item),
                        "help": connect_of(item).help_text,
                    }
                    for item in connectable_specs()
                ],
            }
            return render(request, "admin/sales_channels/saleschannel/choose_integration.html", context)
        extra = {**(extra_context or {}), "title": f"Add a {services.vendor_label(spec=spec)} channel and connect it"}
        return super().add_view(request, form_url, extra)

    def save_model(self, request, obj, form, change):
        keep = [name for name in secret_field_names(model=type(obj)) if not form.cleaned_data.get(name)]
        if change and keep:
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*keep).get()
            for name in keep:
                setattr(obj, name, stored[name])
        spec = self._spec(request, obj if change else None)
        if not change and spec is not None:
            obj.integration = spec.integration  # vendor subclasses set it themselves; a shared model does not
        super().save_model(request, obj, form, change)
        if change or spec is None:
            return
        try:
            with transaction.atomic():
                redirect = connect_of(spec).connect(channel=obj, request=request)
        except (SalesChannelError, services.ChannelActionError) as error:
            transaction.set_rollback(True)  # the add form's transaction: a failed connect creates nothing
            reason = explain_failure(error=error, vendor=services.vendor_label(spec=spec))
            if isinstance(error, services.ChannelActionError):
                reason = str(error)
            setattr(request, CONNECT_ERROR_ATTR, reason)
            return
        if redirect:
            remember_pending_connect(request=request, channel_id=obj.pk)
        setattr(request, CONNECT_REDIRECT_ATTR, redirect)

    def log_addition(self, request, obj, message):
        if getattr(request, CONNECT_ERROR_ATTR, None) is None:  # a refused connect rolled the addition back
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        error = getattr(request, CONNECT_ERROR_ATTR, None)
        spec = self._spec(request)
        if error is not None and spec is not None:  # only a spec's connect flow sets the error
            self.message_user(
                request, f"The channel was not created: the connection failed. {error}", level=messages.ERROR
            )
            kept = {
                name: request.POST.get(name, "")
                for name in connect_of(spec).fields
                if name not in secret_field_names(model=spec.channel_model)
            }
            query = urlencode({"integration": spec.integration, **kept})
            return HttpResponseRedirect(f"{reverse('admin:sales_channels_saleschannel_add')}?{query}")
        redirect = getattr(request, CONNECT_REDIRECT_ATTR, None)
        if redirect:
            return HttpResponseRedirect(redirect)
        self.message_user(request, f"{obj.name}: connected.", level=messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_change", args=[obj.pk]))

    # -- connect again from the channel's page ----------------------------------------------------------

    def get_urls(self):
        connect = path(
            "<path:object_id>/connect/",
            self.admin_site.admin_view(self.connect_view),
            name="sales_channels_saleschannel_connect",
        )
        return [connect, *super().get_urls()]

    def connect_view(self, request: HttpRequest, object_id: str):
        """POST: run the integration's connect flow for an existing channel (a new authorization or check)."""
        channel = self.get_object(request, object_id)
        change_url = reverse("admin:sales_channels_saleschannel_change", args=[object_id])
        if channel is None or request.method != "POST" or not self.has_change_permission(request, channel):
            self.message_user(request, "That channel was not found.", level=messages.ERROR)
            return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_changelist"))
        spec = self._spec(request, channel)
        if spec is None:
            self.message_user(
                request, f"Integration '{channel.integration or '(none)'}' has no connect flow.", level=messages.ERROR
            )
            return HttpResponseRedirect(change_url)
        try:
            redirect = connect_of(spec).connect(channel=channel, request=request)
        except (SalesChannelError, services.ChannelActionError) as error:
            reason = str(error) if isinstance(error, services.ChannelActionError) else None
            reason = reason or explain_failure(error=error, vendor=services.vendor_label(spec=spec))
            self.message_user(request, f"{channel.name}: the connection failed. {reason}", level=messages.ERROR)
            return HttpResponseRedirect(change_url)
        if redirect:
            return HttpResponseRedirect(redirect)
        self.message_user(request, f"{channel.name}: connected.", level=messages.SUCCESS)
        return HttpResponseRedirect(change_url)


admin.site.register(sc.SalesChannel, SalesChannelAdmin)
