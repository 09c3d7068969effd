"""The Amazon IntegrationSpec: a marketplace (one listing per marketplace view) with feeds as vendor jobs."""

from dataclasses import replace

from sales_channels.integrations.amazon.client import AmazonAuthError, AmazonClient
from sales_channels.integrations.amazon.demo import SANDBOX_SPEC, run_amazon_demo
from sales_channels.integrations.amazon.factories.auth import refresh_access_token
from sales_channels.integrations.amazon.factories.connect import CONNECT_SPEC
from sales_channels.integrations.amazon.factories.feeds import BATCH_STEPS, JOB_HANDLERS
from sales_channels.integrations.amazon.factories.imports import IMPORT_PROCESSORS
from sales_channels.integrations.amazon.factories.listings import STEPS
from sales_channels.integrations.amazon.factories.notifications import AMAZON_WEBHOOKS
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.soak import connect_to_sandbox, start_sandbox
from sales_channels.marketplaces.issues import ListingInvalid
from sales_channels.registry import Capabilities, IntegrationSpec


def build_client(*, channel: AmazonSalesChannel, session) -> AmazonClient:
    """The SP-API client of one seller on the channel's shared session."""
    return AmazonClient(channel=channel, session=session)


AMAZON_SPEC = IntegrationSpec(
    integration=AmazonSalesChannel.INTEGRATION,
    label="Amazon",
    channel_model=AmazonSalesChannel,
    build_client=build_client,
    steps=STEPS,
    batch_steps=BATCH_STEPS,
    import_processors=IMPORT_PROCESSORS,
    job_handlers=JOB_HANDLERS,
    capabilities=Capabilities(kind="marketplace", supports_bulk=True, max_batch_size=1000),
    refresh_credentials=refresh_access_token,
    non_retryable=(ListingInvalid, AmazonAuthError),
    connect=CONNECT_SPEC,
    webhooks=AMAZON_WEBHOOKS,
    demo=run_amazon_demo,
    sandbox=replace(SANDBOX_SPEC, soak_start=start_sandbox, soak_connect=connect_to_sandbox),
)
