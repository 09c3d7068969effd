"""Webhook routes of every integration, included under /webhooks/."""

from django.urls import path

from sales_channels.webhooks.views import webhook_view

app_name = "webhooks"

urlpatterns = [
    path("<slug:integration>/<int:channel_id>/", webhook_view, name="inbox"),
]
