"""A WooCommerce channel for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel


def populate_woocommerce(*, company) -> None:
    """One WooCommerce channel of `company`, holding a key pair (which no query may return)."""
    WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy WooCommerce store",
        store_url="https://tenancy-store.example.com",
        consumer_key="ck_tenancy",
        consumer_secret="cs_tenancy",
        webhook_secret="tenancy-webhook-signing",
    )
