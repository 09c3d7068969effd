"""The Magento 2 IntegrationSpec: channel model, client, steps and batch steps, bulk jobs, imports, connect, demo."""

from sales_channels.integrations.magento2.demo import run_magento2_demo
from sales_channels.integrations.magento2.demo_sandbox import SANDBOX_SPEC
from sales_channels.integrations.magento2.factories.imports import IMPORT_PROCESSORS
from sales_channels.integrations.magento2.factories.mixins import build_client
from sales_channels.integrations.magento2.factories.products import BATCH_STEPS, JOB_HANDLERS, STEPS
from sales_channels.integrations.magento2.factories.sales_channels.connect import CONNECT_SPEC
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.registry import Capabilities, IntegrationSpec


def reload_credentials(*, channel: Magento2SalesChannel) -> None:
    """After a 401: the credentials as stored now (integration tokens do not expire; the merchant, or the
    activation handshake, may have replaced them since the client was built). The call is tried once more."""
    channel.refresh_from_db(fields=list(Magento2SalesChannel.CREDENTIAL_FIELDS) + ["auth_method", "base_url"])


MAGENTO2_SPEC = IntegrationSpec(
    integration=Magento2SalesChannel.INTEGRATION,
    label="Magento 2",
    channel_model=Magento2SalesChannel,
    build_client=build_client,
    steps=STEPS,
    batch_steps=BATCH_STEPS,
    job_handlers=JOB_HANDLERS,
    import_processors=IMPORT_PROCESSORS,
    capabilities=Capabilities(kind="storefront", supports_bulk=True, max_batch_size=500),
    connect=CONNECT_SPEC,
    refresh_credentials=reload_credentials,
    demo=run_magento2_demo,
    sandbox=SANDBOX_SPEC,
)
