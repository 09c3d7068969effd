"""An Amazon channel built in the database (no sandbox), for unit tests that mock HTTP."""

from sales_channels.integrations.amazon.models import AmazonSalesChannel


def fixture_channel(company, **fields) -> AmazonSalesChannel:
    """A channel with LWA credentials and a refresh token for seller SELLER1, connected unless told otherwise."""
    return AmazonSalesChannel.objects.create(
        multi_tenant_company=company,
        name="Amazon",
        lwa_client_id="amzn1.application-oa2-client.x",
        lwa_client_secret="super-secret-value",
        refresh_token="Atzr|refresh-secret",
        selling_partner_id="SELLER1",
        connection_status=fields.pop("connection_status", "connected"),
        **fields,
    )
