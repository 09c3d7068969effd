"""Magento 2 routes, included under /integrations/magento2/."""

from django.urls import path

from sales_channels.integrations.magento2.views import activate_integration

urlpatterns = [
    path("activate/<str:activation_key>", activate_integration, name="magento2-activate"),
]
