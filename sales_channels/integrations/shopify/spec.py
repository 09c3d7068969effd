"""The Shopify IntegrationSpec: channel model, client factory, steps, import processors, capabilities."""

from sales_channels.integrations.shopify.client import ShopifyClient
from sales_channels.integrations.shopify.demo import run_shopify_demo
from sales_channels.integrations.shopify.factories.imports import IMPORT_PROCESSORS
from sales_channels.integrations.shopify.factories.products import STEPS
from sales_channels.integrations.shopify.factories.sales_channels.tokens import refresh_access_token, token_provider
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.soak import connect_to_sandbox, start_sandbox
from sales_channels.registry import Capabilities, IntegrationSpec, SandboxSpec


def build_client(*, channel: ShopifySalesChannel, session) -> ShopifyClient:
    """The client for one shop, on the channel's shared session, with token refresh before expiry."""
    return ShopifyClient(
        channel=channel, session=session, token_provider=token_provider(channel=channel, session=session)
    )


def refresh_credentials(*, channel: ShopifySalesChannel) -> None:
    """Called by the task layer once after an AuthExpired: refresh the expiring offline token."""
    refresh_access_token(channel=channel)


SHOPIFY_SPEC = IntegrationSpec(
    integration=ShopifySalesChannel.INTEGRATION,
    channel_model=ShopifySalesChannel,
    build_client=build_client,
    steps=STEPS,
    import_processors=IMPORT_PROCESSORS,
    capabilities=Capabilities(kind="storefront", supports_bulk=True, max_batch_size=25),
    refresh_credentials=refresh_credentials,
    demo=run_shopify_demo,
    sandbox=SandboxSpec(start=start_sandbox, connect=connect_to_sandbox),
)
