"""An Amazon channel for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from sales_channels.integrations.amazon.models import AmazonSalesChannel


def populate_amazon(*, company) -> None:
    """One Amazon channel of `company`, holding credentials (which no query may return)."""
    AmazonSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy Amazon seller",
        lwa_client_id="amzn1.application-oa2-client.tenancy",
        lwa_client_secret="tenancy-lwa-credential",
        refresh_token="Atzr|tenancy",
        selling_partner_id="TENANCY1",
    )
