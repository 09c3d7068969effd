"""URL routes: the admin and the GraphQL endpoint."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from strawberry.django.views import GraphQLView

from OneSila.schema import schema

urlpatterns = [
    path("admin/", admin.site.urls),
    path("webhooks/shopify/", include("sales_channels.integrations.shopify.urls")),
    path("webhooks/", include("sales_channels.webhooks.urls")),
    path("integrations/shopify/", include("sales_channels.integrations.shopify.urls_oauth")),
    path("integrations/ebay/", include("sales_channels.integrations.ebay.urls")),
    path("integrations/amazon/", include("sales_channels.integrations.amazon.urls_oauth")),
    path("integrations/magento2/", include("sales_channels.integrations.magento2.urls")),
    path("integrations/woocommerce/", include("sales_channels.integrations.woocommerce.urls")),
    path("graphql/", GraphQLView.as_view(schema=schema, graphql_ide="graphiql" if settings.DEBUG else None)),
]
