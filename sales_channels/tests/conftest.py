"""Fixtures of the framework tests: the fake integration registered, a storefront and a marketplace."""

import os
import uuid

import pytest

from sales_channels.models import SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.remote import FakeBackend
from sales_channels.tests.fake.spec import MARKETPLACE, STOREFRONT, register_fake, unregister_fake
from sales_channels.tests.http_support import FakeClock
from sales_channels.throttle import REDIS_COSTS_PREFIX, REDIS_KEY_PREFIX, DatabaseThrottleStore, RedisThrottleStore


@pytest.fixture
def fake_backend():
    """The fake vendors (one in-memory remote per channel), registered as two integrations."""
    backend = FakeBackend()
    register_fake(backend)
    yield backend
    unregister_fake()


@pytest.fixture
def eur(company):
    return catalog.currency(company)


@pytest.fixture
def storefront(company, fake_backend, eur):
    """A storefront channel with two store views (the first is the default)."""
    channel = SalesChannelFactory(multi_tenant_company=company, name="Web shop", integration=STOREFRONT)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="web", is_default=True)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="b2b")
    return channel


@pytest.fixture
def marketplace(company, fake_backend, eur):
    """A marketplace channel with three marketplaces (views)."""
    channel = SalesChannelFactory(multi_tenant_company=company, name="Marketplace", integration=MARKETPLACE)
    for code in ("DE", "FR", "NL"):
        SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id=code, name=code)
    return channel


@pytest.fixture
def remote(fake_backend, storefront):
    """The storefront's in-memory vendor."""
    return fake_backend.remote(storefront)


def pending_tasks(**filters):
    return SyncTask.objects.filter(status__in=PENDING_STATUSES, **filters).order_by("id")


@pytest.fixture
def run_pending():
    """Run every pending (due) task, as a worker would; returns the tasks with their final state."""

    def run(**filters):
        return execute_sync_tasks(sync_task_ids=list(pending_tasks(**filters).values_list("pk", flat=True)))

    return run


@pytest.fixture
def push():
    """Run one step for one product now (through the task runner): push(channel, product, usage=..., view=...)."""

    def run(channel, product, *, usage: str = "product.sync", view=None, payload: dict | None = None) -> SyncTask:
        task = SyncTask.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id,
            sales_channel=channel,
            view=view,
            usage=usage,
            object_id=getattr(product, "pk", product),
            payload=payload or {},
        )
        [task] = execute_sync_tasks(sync_task_ids=[task.pk])
        return task

    return run


# -- the throttle tests' buckets ------------------------------------------------------------------


@pytest.fixture
def clock():
    """A clock the test moves by hand."""
    return FakeClock()


@pytest.fixture
def key():
    """A bucket key no other test (nor another pytest worker sharing the Redis database) uses."""
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def redis_store(key):
    """The Redis throttle store; afterwards only this test's own keys are deleted, never a neighbour's."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379/14)")
    store = RedisThrottleStore.from_url(url)
    yield store
    for prefix in (REDIS_KEY_PREFIX, REDIS_COSTS_PREFIX):
        for stored in store._client.scan_iter(f"{prefix}{key}*"):
            store._client.delete(stored)


@pytest.fixture(params=["database", "redis"])
def store(request):
    """Each throttle store in turn."""
    if request.param == "database":
        request.getfixturevalue("db")
        return DatabaseThrottleStore()
    return request.getfixturevalue("redis_store")
