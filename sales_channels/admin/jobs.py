"""Admin for the framework's background records: asynchronous vendor jobs and the webhook inbox (read-only)."""

from django.contrib import admin

from sales_channels import models as sc
from sales_channels.admin.common import ONLY_PRESENT, ReadOnlyTenantAdmin


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

    list_display = (
        "topic",
        "event_id",
        "status",
        "attempts",
        "received_at",
        "processed_at",
        "next_attempt_at",
        "sales_channel",
    )
    list_filter = ("status", "integration", ("sales_channel", ONLY_PRESENT))
    search_fields = ("topic", "event_id")
    exclude = ("body",)
    list_select_related = ("multi_tenant_company", "sales_channel")
