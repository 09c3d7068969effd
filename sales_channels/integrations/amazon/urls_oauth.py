"""The Amazon consent callback route, included under /integrations/amazon/."""

from django.urls import path

from sales_channels.integrations.amazon.views_oauth import amazon_oauth_callback

urlpatterns = [path("callback", amazon_oauth_callback, name="amazon-oauth-callback")]
