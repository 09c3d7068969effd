"""Refused credentials: a revoked token is refreshed (again if need be); only a refused refresh asks to reconnect."""

import pytest

from sales_channels.exceptions import TransientVendorError
from sales_channels.models import SalesChannel, SyncTask
from sales_channels.tasks_batch import MAX_REFRESHES_PER_RUN
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.batch_spec import BATCH, FakeBatchBackend, register_fake_batch, unregister_fake_batch
from sales_channels.tests.fake.remote import AUTH
from sales_channels.tests.test_tasks import run_again
from sales_channels.tests.test_tasks_batch import queue, run

pytestmark = pytest.mark.django_db

CONNECTED = SalesChannel.ConnectionStatus.CONNECTED
FAILED = SalesChannel.ConnectionStatus.FAILED


@pytest.fixture
def pen(company, eur):
    return catalog.product(company, "PEN", price="1.00", stock=2)


def connected(channel) -> SalesChannel:
    channel.connection_status = CONNECTED
    channel.save(update_fields=["connection_status"])
    return channel


def test_a_token_revoked_again_right_after_its_refresh_is_refreshed_again(storefront, remote, pen, push):
    connected(storefront)
    remote.inject(AUTH, operation="find_product", times=2)  # the fresh token was revoked too (another worker's fault)

    task = push(storefront, pen)

    assert (task.status, task.outcome) == ("succeeded", "created")
    assert remote.refreshes == 2
    storefront.refresh_from_db()
    assert (storefront.connection_status, storefront.last_connection_error) == (CONNECTED, "")


def test_refreshes_that_work_but_never_get_through_defer_then_fail_as_auth(storefront, remote, pen, push):
    connected(storefront)
    remote.inject(AUTH, operation="find_product", times=1000)

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert remote.refreshes == MAX_REFRESHES_PER_RUN
    storefront.refresh_from_db()
    assert storefront.connection_status == CONNECTED  # the refreshes worked: nothing to reconnect yet
    while task.status == "deferred":
        task = run_again(task)
    assert (task.status, task.error_kind, task.attempts) == ("failed", "auth", task.max_attempts)
    storefront.refresh_from_db()
    assert storefront.connection_status == FAILED
    assert "401" in storefront.last_connection_error


def test_a_refused_refresh_fails_as_auth_with_a_reconnect_error(storefront, remote, pen, push, fake_backend):
    connected(storefront)
    fake_backend.refresh_fails = True
    remote.inject(AUTH, operation="find_product")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("failed", "auth")
    assert "refresh token was revoked" in task.error
    storefront.refresh_from_db()
    assert storefront.connection_status == FAILED
    assert "refresh token was revoked" in storefront.last_connection_error


def test_a_transient_fault_on_the_refresh_defers_without_disconnecting(storefront, remote, pen, push, fake_backend):
    connected(storefront)
    fake_backend.refresh_error = TransientVendorError("HTTP 503 from POST /admin/oauth/access_token.", status_code=503)
    remote.inject(AUTH, operation="find_product")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("deferred", "transient")
    storefront.refresh_from_db()
    assert storefront.connection_status == CONNECTED
    task = run_again(task)
    assert (task.status, task.outcome) == ("succeeded", "created")


# -- the batch path -------------------------------------------------------------------------------


@pytest.fixture
def batch_backend():
    backend = FakeBatchBackend()
    register_fake_batch(backend)
    yield backend
    unregister_fake_batch()


@pytest.fixture
def batch_shop(company, batch_backend, eur):
    channel = SalesChannelFactory(multi_tenant_company=company, name="Batch shop", integration=BATCH)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="web", is_default=True)
    return connected(channel)


@pytest.fixture
def vendor(batch_backend, batch_shop):
    return batch_backend.remote(batch_shop)


def test_a_batch_refreshes_again_when_the_fresh_token_is_revoked(company, batch_shop, vendor):
    vendor.inject(AUTH, times=2)
    tasks = run(queue(batch_shop, [catalog.product(company, f"B{n}", price="5.00", stock=3) for n in range(3)]))

    assert {task.status for task in tasks} == {"succeeded"}
    assert vendor.refreshes == 2


def test_a_batch_with_a_refused_refresh_marks_the_channel_once(company, batch_shop, vendor, batch_backend):
    batch_backend.refresh_fails = True
    vendor.inject(AUTH)
    tasks = run(queue(batch_shop, [catalog.product(company, f"B{n}", price="5.00", stock=3) for n in range(3)]))

    assert {(task.status, task.error_kind) for task in tasks} == {("failed", "auth")}
    batch_shop.refresh_from_db()
    assert batch_shop.connection_status == FAILED
    assert SyncTask.objects.filter(sales_channel=batch_shop, status="failed").count() == 3
