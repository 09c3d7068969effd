"""The Magento 2 sandbox as `make demo`, `make run` and the soak command use it: a fixed port, channels reconnected.

The sandbox keeps its store in memory only and makes new integration credentials each start:
`reconnect_demo_channel` gives a channel the new store URL and credentials and connects it again
through the real credentials check (which pulls the metadata).
"""

from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import (
    Magento2AttributeSet,
    Magento2RemoteProperty,
    Magento2SalesChannel,
    Magento2StoreView,
)
from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.models import RemoteJob, RemoteJobStatus, RemoteProduct, SyncTask, SyncTaskStatus
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.surfaces import SandboxSpec

DEFAULT_SANDBOX_PORT = 8703
CHANNEL_NAME = "Magento 2 sandbox"
SOAK_CHANNEL_NAME = "Magento 2 soak"
SANDBOX_REQUESTS_PER_SECOND = 50.0  # the sandbox is local: the demo need not crawl at a real store's pace


def sandbox_port() -> int:
    """The fixed port of the demo sandbox: env MAGENTO2_SANDBOX_PORT, else settings, else 8703 (0: any free port)."""
    return SANDBOX_SPEC.port()


def start_sandbox(*, port: int) -> Magento2Sandbox:
    """A seeded sandbox store on 127.0.0.1:`port` in a background thread (`stop()` ends it)."""
    return Magento2Sandbox(port=port).start()


def point_at_sandbox(*, channel: Magento2SalesChannel, sandbox: Magento2Sandbox) -> None:
    """The sandbox's URL and this run's integration credentials on the channel (saved)."""
    channel.base_url = sandbox.base_url
    for name, value in sandbox.credentials().items():
        setattr(channel, name, value)
    channel.auth_method = Magento2SalesChannel.AuthMethod.OAUTH1
    channel.requests_per_second = SANDBOX_REQUESTS_PER_SECOND
    channel.burst = int(SANDBOX_REQUESTS_PER_SECOND)
    channel.active = True
    channel.save()


def reconnect_demo_channel(*, channel, sandbox: Magento2Sandbox) -> str:
    """Reconnect a channel to a freshly started sandbox through the credentials check; its status line."""
    magento_channel = channel if isinstance(channel, Magento2SalesChannel) else channel.specific
    Magento2RemoteProperty.objects.filter(sales_channel=magento_channel).delete()  # the fresh store has none of ours
    point_at_sandbox(channel=magento_channel, sandbox=sandbox)
    connect_with_credentials(channel=magento_channel)
    return f"reconnected to {sandbox.base_url} ({magento_channel.connection_status})"


def forget_previous_store(*, channel: Magento2SalesChannel) -> None:
    """A fresh sandbox holds none of what an earlier one held: drop the mirrors, tasks, jobs and attribute mappings."""
    SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES).update(status=SyncTaskStatus.CANCELLED)
    RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES).update(status=RemoteJobStatus.FAILED)
    RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=False).delete()
    RemoteProduct.objects.filter(sales_channel=channel).delete()
    Magento2RemoteProperty.objects.filter(sales_channel=channel).delete()  # their options go with them
    Magento2AttributeSet.objects.filter(sales_channel=channel).delete()
    channel.attribute_set_id = channel.attribute_group_id = None


def sandbox_channel(*, company, sandbox: Magento2Sandbox, name: str = CHANNEL_NAME) -> Magento2SalesChannel:
    """The company's sandbox channel (created once), pointed at this sandbox, its old store forgotten, connected."""
    channel = Magento2SalesChannel.objects.filter(multi_tenant_company=company, name=name).first()
    if channel is None:
        channel = Magento2SalesChannel(multi_tenant_company=company, name=name)
    else:
        forget_previous_store(channel=channel)
    point_at_sandbox(channel=channel, sandbox=sandbox)
    connect_with_credentials(channel=channel)
    return channel


def start_soak_sandbox(*, test_mode: bool) -> Magento2Sandbox:
    """An empty store (no seeded products) on a free port, its fault switches on in test mode, the consumer prompt."""
    return Magento2Sandbox(seed_products=False, test_mode=test_mode, consumer_delay=0.0).start()


def connect_soak_channel(*, company, sandbox: Magento2Sandbox) -> tuple:
    """(channel, default store view) connected through the real credentials check, for the soak command."""
    channel = sandbox_channel(company=company, sandbox=sandbox, name=SOAK_CHANNEL_NAME)
    view = Magento2StoreView.objects.filter(sales_channel=channel, active=True).order_by("-is_default", "id").first()
    return channel, view


SANDBOX_SPEC = SandboxSpec(
    default_port=DEFAULT_SANDBOX_PORT,
    port_env="MAGENTO2_SANDBOX_PORT",
    start=start_sandbox,
    reconnect=reconnect_demo_channel,
    soak_start=start_soak_sandbox,
    soak_connect=connect_soak_channel,
)
