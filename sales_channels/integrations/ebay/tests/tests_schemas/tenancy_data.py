"""An eBay channel for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from sales_channels.integrations.ebay.models import EbaySalesChannel


def populate_ebay(*, company) -> None:
    """One eBay channel of `company`, holding credentials (which no query may return)."""
    EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy eBay seller",
        client_id="tenancy-app-id",
        client_secret="tenancy-cert-id",
        runame="tenancy-runame",
        access_token="v^tenancy",
    )
