"""The framework's order poll: which channels poll, and never two open order imports for one channel."""

from unittest import mock

import pytest

from sales_channels.imports.order_polls import polling_channels, queue_order_imports
from sales_channels.models import ImportProcess, ImportStatus, SalesChannel
from sales_channels.registry import IntegrationSpec, register, unregister
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake.spec import STOREFRONT

ORDERS_INTEGRATION = "fake_orders"

pytestmark = pytest.mark.django_db


class UnusedImport:
    """Stands for an integration's order import processor (the poll only checks that one is registered)."""


@pytest.fixture
def orders_spec():
    spec = register(
        IntegrationSpec(
            integration=ORDERS_INTEGRATION,
            channel_model=SalesChannel,
            build_client=lambda **_: None,
            import_processors={"orders": UnusedImport},
        )
    )
    yield spec
    unregister(ORDERS_INTEGRATION)


@pytest.fixture
def queued():
    """The import runs the poll enqueues (kept pending: nothing runs them here)."""
    with mock.patch("sales_channels.flows.default.enqueue_on_commit") as enqueue:
        yield enqueue


def channel(company, **fields) -> SalesChannel:
    defaults = {"integration": ORDERS_INTEGRATION, "import_orders": True}
    return SalesChannelFactory(multi_tenant_company=company, **{**defaults, **fields})


def test_only_active_connected_channels_importing_orders_with_an_orders_processor_poll(company, orders_spec):
    polling = channel(company)
    channel(company, import_orders=False)
    channel(company, active=False)
    channel(company, connection_status=SalesChannel.ConnectionStatus.FAILED)
    channel(company, integration=STOREFRONT)  # its integration imports no orders

    assert [found.pk for found in polling_channels()] == [polling.pk]


def test_a_poll_starts_one_order_import_per_channel_and_none_while_one_is_open(company, orders_spec, queued):
    first, second = channel(company), channel(company)

    started = queue_order_imports()

    assert sorted(process.sales_channel_id for process in started) == sorted([first.pk, second.pk])
    assert {process.kind for process in started} == {"orders"}
    assert queued.call_count == 2
    assert queue_order_imports() == []  # both still pending
    ImportProcess.objects.filter(sales_channel=first).update(status=ImportStatus.SUCCEEDED)

    again = queue_order_imports()

    assert [process.sales_channel_id for process in again] == [first.pk]
    assert ImportProcess.objects.filter(sales_channel=second, kind="orders").count() == 1
    assert all(process.multi_tenant_company_id == company.pk for process in ImportProcess.objects.all())
