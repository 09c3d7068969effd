"""eBay routes, included under /integrations/ebay/: the consent callback and the account deletion endpoint."""

from django.urls import path

from sales_channels.integrations.ebay.views import ebay_account_deletion, ebay_oauth_callback

urlpatterns = [
    path("oauth/callback", ebay_oauth_callback, name="ebay-oauth-callback"),
    path("account-deletion", ebay_account_deletion, name="ebay-account-deletion"),
]
