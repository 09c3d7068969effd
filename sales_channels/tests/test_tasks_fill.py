"""Filling a batch on PostgreSQL skips the tasks another worker is claiming (FOR UPDATE SKIP LOCKED)."""

import os
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.models import SyncTask
from sales_channels.tasks import _fill
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.batch_spec import BATCH, FakeBatchBackend, register_fake_batch, unregister_fake_batch

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL): SQLite has no row locks"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def shop(company, eur):
    backend = FakeBatchBackend()
    register_fake_batch(backend)
    channel = SalesChannelFactory(multi_tenant_company=company, name="Batch shop", integration=BATCH)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="web", is_default=True)
    yield channel
    unregister_fake_batch()


def test_a_fill_takes_the_tasks_no_other_worker_is_claiming_and_does_not_wait(shop, company):
    products = [catalog.product(company, f"F{n}", price="2.00", stock=1) for n in range(6)]
    requests = [
        TaskRequest(company_id=company.pk, sales_channel_id=shop.pk, view_id=None, usage="product.sync", object_id=p.pk)
        for p in products
    ]
    tasks = queue_tasks(requests, enqueue=False)
    locked_ids = [task.pk for task in tasks[:3]]
    held, release = threading.Event(), threading.Event()

    def other_worker_claiming() -> None:
        try:
            with transaction.atomic():
                list(SyncTask.objects.select_for_update().filter(pk__in=locked_ids))
                held.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    worker = threading.Thread(target=other_worker_claiming)
    worker.start()
    try:
        assert held.wait(timeout=10)
        claimed = _fill([tasks[-1]], size=6, now=timezone.now())
    finally:
        release.set()
        worker.join()

    assert sorted(task.pk for task in claimed) == sorted(task.pk for task in tasks[3:])
    assert set(SyncTask.objects.filter(pk__in=locked_ids).values_list("status", flat=True)) == {"queued"}
