"""WooCommerce routes under /integrations/woocommerce/: the key-provisioning callback and return."""

from django.urls import path

from sales_channels.integrations.woocommerce import views

urlpatterns = [
    path("auth/callback/", views.auth_callback, name="woocommerce-auth-callback"),
    path("auth/return/", views.auth_return, name="woocommerce-auth-return"),
]
