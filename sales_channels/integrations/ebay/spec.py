"""The eBay IntegrationSpec: a marketplace (one listing per marketplace view) with 25-item bulk calls."""

from dataclasses import replace

from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.demo import run_ebay_demo
from sales_channels.integrations.ebay.demo_sandbox import SANDBOX_SPEC
from sales_channels.integrations.ebay.factories.imports.orders import EbayOrdersImport
from sales_channels.integrations.ebay.factories.imports.products import EbayProductsImport
from sales_channels.integrations.ebay.factories.products import BATCH_STEPS, STEPS
from sales_channels.integrations.ebay.factories.sales_channels.account_deletion import EBAY_WEBHOOKS
from sales_channels.integrations.ebay.factories.sales_channels.connect import CONNECT_SPEC
from sales_channels.integrations.ebay.factories.sales_channels.tokens import refresh_user_token
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.soak import connect_to_sandbox, start_sandbox
from sales_channels.registry import Capabilities, IntegrationSpec


def build_client(*, channel: EbaySalesChannel, session) -> EbayClient:
    """The client of one seller account on the channel's shared session."""
    return EbayClient(channel=channel, session=session)


def refresh_credentials(*, channel: EbaySalesChannel) -> None:
    """Called by the task layer once after an AuthExpired: a forced user-token refresh."""
    refresh_user_token(channel=channel, force=True)


EBAY_SPEC = IntegrationSpec(
    integration=EbaySalesChannel.INTEGRATION,
    label="eBay",
    channel_model=EbaySalesChannel,
    build_client=build_client,
    steps=STEPS,
    batch_steps=BATCH_STEPS,
    import_processors={"products": EbayProductsImport, "orders": EbayOrdersImport},
    capabilities=Capabilities(kind="marketplace", supports_bulk=True, max_batch_size=100),
    refresh_credentials=refresh_credentials,
    connect=CONNECT_SPEC,
    demo=run_ebay_demo,
    sandbox=replace(SANDBOX_SPEC, soak_start=start_sandbox, soak_connect=connect_to_sandbox),
    webhooks=EBAY_WEBHOOKS,
)
