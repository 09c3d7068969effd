"""The Magento 2 IntegrationSpec: channel model, client factory, connect form, capabilities."""

from sales_channels.integrations.magento2.factories.imports import IMPORT_PROCESSORS
from sales_channels.integrations.magento2.factories.mixins import build_client
from sales_channels.integrations.magento2.factories.products import BATCH_STEPS, JOB_HANDLERS, STEPS
from sales_channels.integrations.magento2.factories.sales_channels.connect import CONNECT_SPEC
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.registry import Capabilities, IntegrationSpec

MAGENTO2_SPEC = IntegrationSpec(
    integration=Magento2SalesChannel.INTEGRATION,
    channel_model=Magento2SalesChannel,
    build_client=build_client,
    steps=STEPS,
    batch_steps=BATCH_STEPS,
    job_handlers=JOB_HANDLERS,
    import_processors=IMPORT_PROCESSORS,
    capabilities=Capabilities(kind="storefront", supports_bulk=True, max_batch_size=100),
    connect=CONNECT_SPEC,
)
