"""The Shopify OAuth callback route, included under /integrations/shopify/."""

from django.urls import path

from sales_channels.integrations.shopify.views_oauth import shopify_oauth_callback

urlpatterns = [
    path("callback", shopify_oauth_callback, name="shopify-oauth-callback"),
]
