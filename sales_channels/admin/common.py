"""Shared pieces of the sales-channel admin: action reporting, URL and credential form fields, read-only bases."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from core.admin_helpers import TenantAdmin
from core.fields import EncryptedTextField
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.registry import find_spec

ONLY_PRESENT = admin.RelatedOnlyFieldListFilter
ERROR_PREVIEW = 120


def short(text: str) -> str:
    """At most ERROR_PREVIEW characters of a message, for list columns."""
    return text if len(text) <= ERROR_PREVIEW else f"{text[:ERROR_PREVIEW]}..."


def https_by_default(*, db_field, kwargs: dict) -> dict:
    """URL inputs without a scheme mean https (Django 6's default, chosen now)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return kwargs


def secret_field_names(*, model: type[models.Model]) -> list[str]:
    """Names of a model's encrypted (credential) fields."""
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def admin_link(*, obj, text: str | None = None) -> str:
    """An HTML link to a row's admin change page (empty when the row is None)."""
    if obj is None:
        return "-"
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else str(obj))


def changelist_link(*, model: type[models.Model], query: str, text: str) -> str:
    """An HTML link to a model's changelist filtered by `query` (e.g. 'sync_task_id=3')."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, query, text)


def report(*, modeladmin, request: HttpRequest, done: list[str], refused: list[str]) -> None:
    """Successes in one green message, failures in one red (error-level) message."""
    if done:
        modeladmin.message_user(request, "; ".join(done), level=messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, "; ".join(refused), level=messages.ERROR)


def run_per_channel(*, modeladmin, request: HttpRequest, channels, action: Callable[..., str]) -> None:
    """Run `action(channel=...)` (returns a summary) per channel; refusals and vendor failures are shown in red."""
    done, refused = [], []
    for channel in channels:
        try:
            done.append(f"{channel.name}: {action(channel=channel)}")
        except services.ChannelActionError as error:
            refused.append(str(error))
        except SalesChannelError as error:  # the vendor refused: say what failed, why and what to do
            spec = find_spec(channel.integration)
            vendor = services.vendor_label(spec=spec) if spec is not None else "The vendor"
            refused.append(f"{channel.name}: failed. {explain_failure(error=error, vendor=vendor)}")
    report(modeladmin=modeladmin, request=request, done=done, refused=refused)


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
