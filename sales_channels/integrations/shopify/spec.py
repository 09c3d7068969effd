"""The Shopify IntegrationSpec: channel model, client factory, steps, import processors, capabilities."""

from dataclasses import replace

from sales_channels.integrations.shopify.client import ShopifyClient
from sales_channels.integrations.shopify.demo import run_shopify_demo
from sales_channels.integrations.shopify.demo_sandbox import SANDBOX_SPEC
from sales_channels.integrations.shopify.factories.imports import IMPORT_PROCESSORS
from sales_channels.integrations.shopify.factories.imports.bulk import JOB_HANDLERS
from sales_channels.integrations.shopify.factories.products import STEPS
from sales_channels.integrations.shopify.factories.products.batch import (
    ShopifyProductBatchStep,
    ShopifyProductCreateBatchStep,
)
from sales_channels.integrations.shopify.factories.products.bulk_push import ShopifyBulkPushJob
from sales_channels.integrations.shopify.factories.products.bulk_translations import ShopifyBulkTranslationsJob
from sales_channels.integrations.shopify.factories.sales_channels.client_credentials import (
    client_credentials_provider,
    renew_token,
)
from sales_channels.integrations.shopify.factories.sales_channels.connect import CONNECT_SPEC
from sales_channels.integrations.shopify.factories.sales_channels.tokens import refresh_access_token, token_provider
from sales_channels.integrations.shopify.factories.sales_channels.webhooks import SHOPIFY_WEBHOOKS
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.soak import connect_to_sandbox, start_sandbox
from sales_channels.registry import Capabilities, IntegrationSpec


def build_client(*, channel: ShopifySalesChannel, session) -> ShopifyClient:
    """The client for one shop, on the channel's shared session, with its token renewed before expiry."""
    if channel.auth_method == ShopifySalesChannel.AuthMethod.CLIENT_CREDENTIALS:
        provider = client_credentials_provider(channel=channel, session=session)
    else:
        provider = token_provider(channel=channel, session=session)
    return ShopifyClient(channel=channel, session=session, token_provider=provider)


def refresh_credentials(*, channel: ShopifySalesChannel) -> None:
    """Called by the task layer once after an AuthExpired: a new client-credentials token or a refresh."""
    if channel.auth_method == ShopifySalesChannel.AuthMethod.CLIENT_CREDENTIALS:
        renew_token(channel=channel)
    else:
        refresh_access_token(channel=channel)


SHOPIFY_SPEC = IntegrationSpec(
    integration=ShopifySalesChannel.INTEGRATION,
    label="Shopify",
    channel_model=ShopifySalesChannel,
    build_client=build_client,
    steps=STEPS,
    import_processors=IMPORT_PROCESSORS,
    batch_steps={
        "product.create": ShopifyProductCreateBatchStep,
        "product.sync": ShopifyProductBatchStep,
        "product.update": ShopifyProductBatchStep,  # the bulk push's translation follow-ups are claimed together
    },
    job_handlers={
        **JOB_HANDLERS,
        ShopifyBulkPushJob.kind: ShopifyBulkPushJob,
        ShopifyBulkTranslationsJob.kind: ShopifyBulkTranslationsJob,
    },
    capabilities=Capabilities(kind="storefront", supports_bulk=True, max_batch_size=25),
    refresh_credentials=refresh_credentials,
    demo=run_shopify_demo,
    webhooks=SHOPIFY_WEBHOOKS,
    connect=CONNECT_SPEC,
    sandbox=replace(SANDBOX_SPEC, soak_start=start_sandbox, soak_connect=connect_to_sandbox),
)
