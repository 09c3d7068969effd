"""The batch size hook reads the bulk threshold from the channel the runner loaded: no query for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales_channels.integrations.shopify.factories.products.batch import ShopifyProductBatchStep
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.tests.tests_factories.test_products import channel, mug, shop
from sales_channels.models import SalesChannel, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db
__all__ = ["channel", "mug", "shop"]  # fixtures shared with test_products


def _queue(channel, count: int) -> list[int]:
    company = channel.multi_tenant_company
    products = [catalog.product(company, f"BS-{n}", name=f"Batch {n}", price="4.00", stock=1) for n in range(count)]
    return [
        SyncTask.objects.create(
            multi_tenant_company=company, sales_channel=channel, usage="product.create", object_id=product.pk
        ).pk
        for product in products
    ]


def test_below_the_threshold_the_default_costs_no_query(channel):
    channel.bulk_threshold = 0
    with CaptureQueriesContext(connection) as captured:
        size = ShopifyProductBatchStep.batch_size(channel=channel, usage="product.create", default=25)
    assert size == 25
    assert captured.captured_queries == []


def test_a_backlog_at_the_threshold_is_claimed_whole_with_one_count_query(channel):
    channel.bulk_threshold = 3
    channel.save()
    _queue(channel, 4)
    with CaptureQueriesContext(connection) as captured:
        size = ShopifyProductBatchStep.batch_size(channel=channel, usage="product.create", default=2)
    assert size == 4
    [query] = captured.captured_queries  # the waiting tasks: the threshold came with the channel
    assert "synctask" in query["sql"].lower()


def test_the_runner_hands_the_hook_the_vendor_channel(channel, monkeypatch):
    seen: list[type] = []
    original = ShopifyProductBatchStep.batch_size.__func__

    def spy(cls, *, channel, usage, default):
        seen.append(type(channel))
        return original(cls, channel=channel, usage=usage, default=default)

    monkeypatch.setattr(ShopifyProductBatchStep, "batch_size", classmethod(spy))
    ids = _queue(channel, 1)
    assert type(SyncTask.objects.select_related("sales_channel").get(pk=ids[0]).sales_channel) is SalesChannel
    monkeypatch.setattr(ShopifyProductBatchStep, "run", lambda self: {task.pk: "awaiting" for task in self.tasks})

    execute_sync_tasks(sync_task_ids=ids)

    assert seen == [ShopifySalesChannel]
