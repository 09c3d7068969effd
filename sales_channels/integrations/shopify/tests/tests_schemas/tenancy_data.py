"""A Shopify channel for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from sales_channels.integrations.shopify.models import ShopifySalesChannel


def populate_shopify(*, company) -> None:
    """One Shopify channel of `company`, holding credentials (which no query may return)."""

    ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy Shopify shop",
        shop_domain="tenancy-shop.myshopify.com",
        client_id="tenancy-client",
        client_secret="tenancy-app-credential",
        access_token="shpat_tenancy",
    )
