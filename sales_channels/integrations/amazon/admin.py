"""The Amazon channel admin: the channels listed per company, and the SQS notification set-up as an action.

Channels are added and connected from "Add sales channel" (the framework's admin); this admin lists
the Amazon ones with their seller and connection state, and its action "Subscribe to Amazon
notifications" asks for the SQS queue ARN (a form page), then runs the same set-up as the GraphQL
mutation `subscribeAmazonNotifications` for each selected channel: successes in green, refusals and
vendor failures in red, an ARN of the wrong shape as a form error.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from core.admin_helpers import TenantAdmin
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.schema.notifications import (
    SQS_ARN_SHAPE,
    SubscriptionRefused,
    check_sqs_arn,
    run_subscription,
)

ACTION_NAME = "subscribe_notifications"


class SqsArnForm(forms.Form):
    """The SQS queue Amazon delivers the notifications to."""

    sqs_arn = forms.CharField(label="SQS queue ARN", max_length=256, help_text=f"The queue's ARN: {SQS_ARN_SHAPE}.")

    def clean_sqs_arn(self) -> str:
        try:
            return check_sqs_arn(sqs_arn=self.cleaned_data["sqs_arn"], field="sqs_arn")
        except SubscriptionRefused as error:
            raise forms.ValidationError(error.message.removeprefix("sqs_arn: ")) from error


@admin.action(description="Subscribe to Amazon notifications (asks for the SQS queue ARN)")
def subscribe_notifications(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    form = SqsArnForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Subscribe to Amazon notifications",
            "opts": modeladmin.model._meta,
            "form": form,
            "channels": list(queryset),
            "action_name": ACTION_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/amazon/subscribe_notifications.html", context)
    for channel in queryset:
        try:
            outcome = run_subscription(channel=channel, sqs_arn=form.cleaned_data["sqs_arn"], field="sqs_arn")
        except SubscriptionRefused as error:
            modeladmin.message_user(request, error.message, level=messages.ERROR)
            continue
        modeladmin.message_user(request, f"{channel.name}: {outcome.summary()}", level=messages.SUCCESS)
    return None


@admin.register(AmazonSalesChannel)
class AmazonSalesChannelAdmin(TenantAdmin):
    """Amazon channels of the user's company (read-only here) and the notification set-up action."""

    list_display = ("name", "region", "selling_partner_id", "connection_status", "active")
    list_filter = ("region", "connection_status", "active")
    search_fields = ("name", "selling_partner_id")
    ordering = ("name",)
    fields = ("name", "region", "application_id", "selling_partner_id", "connection_status", "active")
    readonly_fields = fields
    actions = (subscribe_notifications,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added and connected from "Add sales channel"
