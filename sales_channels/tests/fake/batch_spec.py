"""The fake batch integrations: one with a synchronous batch endpoint, one pushing through asynchronous jobs."""

from sales_channels.models import SalesChannel
from sales_channels.registry import Capabilities, IntegrationSpec, register, unregister
from sales_channels.tests.fake.batch_client import FakeBatchClient
from sales_channels.tests.fake.batch_remote import FakeBatchRemote
from sales_channels.tests.fake.batch_steps import (
    BATCH_STEPS,
    JOB_BATCH_STEPS,
    PRODUCTS_JOB,
    SINGLE_STEPS,
    FakeProductsJob,
)
from sales_channels.tests.fake.remote import FakeBackend

BATCH = "fake_batch"
BATCH_JOBS = "fake_batch_jobs"
BATCH_SIZE = 100


class FakeBatchBackend(FakeBackend):
    """One FakeBatchRemote per channel."""

    def remote(self, channel_or_id) -> FakeBatchRemote:
        key = getattr(channel_or_id, "pk", channel_or_id)
        return self.remotes.setdefault(key, FakeBatchRemote())


def build_batch_specs(backend: FakeBatchBackend) -> list[IntegrationSpec]:
    def build_client(*, channel, session) -> FakeBatchClient:
        return FakeBatchClient(backend.remote(channel))

    common = {
        "channel_model": SalesChannel,
        "build_client": build_client,
        "steps": SINGLE_STEPS,
        "refresh_credentials": backend.refresh,
        "capabilities": Capabilities(kind="storefront", supports_bulk=True, max_batch_size=BATCH_SIZE),
    }
    return [
        IntegrationSpec(integration=BATCH, batch_steps=BATCH_STEPS, **common),
        IntegrationSpec(
            integration=BATCH_JOBS,
            batch_steps=JOB_BATCH_STEPS,
            job_handlers={PRODUCTS_JOB: FakeProductsJob},
            **common,
        ),
    ]


def register_fake_batch(backend: FakeBatchBackend) -> list[IntegrationSpec]:
    return [register(spec) for spec in build_batch_specs(backend)]


def unregister_fake_batch() -> None:
    unregister(BATCH)
    unregister(BATCH_JOBS)
