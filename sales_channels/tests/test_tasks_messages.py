"""How queued tasks are cut into worker messages for integrations without batch steps."""

import pytest

from sales_channels import tasks as task_module
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db


def test_per_listing_integrations_get_small_messages_spread_over_workers(storefront, company, monkeypatch):
    sent: list[list[int]] = []
    monkeypatch.setattr(task_module, "enqueue_sync_tasks", lambda *, sync_task_ids, delay=0: sent.append(sync_task_ids))
    items = [catalog.product(company, f"M{n:03d}", price="5.00", stock=1) for n in range(25)]
    requests = [
        TaskRequest(
            company_id=company.pk, sales_channel_id=storefront.pk, view_id=None, usage="product.sync", object_id=item.pk
        )
        for item in items
    ]

    task_module.enqueue_tasks_by_channel(tasks=queue_tasks(requests, enqueue=False))

    # A killed worker strands at most one small message until its lease ends.
    assert [len(chunk) for chunk in sent] == [10, 10, 5]
