"""Shopify webhook routes, included under /webhooks/shopify/."""

from django.urls import path

from sales_channels.integrations.shopify.views import shopify_webhook

app_name = "shopify"

urlpatterns = [
    path("<int:channel_id>/", shopify_webhook, name="webhook"),
]
