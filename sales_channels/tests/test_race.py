"""Two workers creating the same listing at once give one remote object (PostgreSQL only: real row locks)."""

import os
import threading

import pytest
from django.db import connection, connections

from sales_channels.models import RemoteProduct, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.spec import STOREFRONT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL (DATABASE_URL): SQLite has no concurrent writers to race",
    ),
]


def test_create_racing_create_gives_one_remote_object(company, fake_backend):
    assert connection.vendor == "postgresql"
    catalog.currency(company)
    channel = SalesChannelFactory(multi_tenant_company=company, integration=STOREFRONT)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel)
    item = catalog.product(company, "RACE", price="5.00")
    remote = fake_backend.remote(channel)
    remote.create_latency = 0.3  # a slow vendor widens the window in which a naive create would duplicate
    tasks = [
        SyncTask.objects.create(
            multi_tenant_company=company, sales_channel=channel, usage=usage, object_id=item.pk, status="succeeded"
        )
        for usage in ("product.create", "product.sync")
    ]
    SyncTask.objects.filter(pk__in=[t.pk for t in tasks]).update(status="queued")
    barrier = threading.Barrier(2)
    errors = []

    def worker(task_id: int) -> None:
        try:
            barrier.wait()
            execute_sync_tasks(sync_task_ids=[task_id])
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(task.pk,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert remote.skus() == ["RACE"]
    assert remote.calls["create_product"] == 1
    assert RemoteProduct.objects.filter(sales_channel=channel).count() == 1
    outcomes = sorted(SyncTask.objects.filter(pk__in=[t.pk for t in tasks]).values_list("outcome", flat=True))
    assert outcomes in (["created", "unchanged"], ["created", "updated"])
