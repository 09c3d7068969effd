"""A feed that Amazon throttles (429 on createFeed): its listings read 'waiting', never 'failed', then land."""

import pytest
from django.utils import timezone

from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.feeds import FEED_MIN_MESSAGES
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import MirrorStatus, RemoteJob, RemoteProduct, SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import e2e

pytestmark = pytest.mark.django_db(transaction=True)


def run_once() -> None:
    """One worker round over every pending task (the deferred retry is not due yet)."""
    ids = list(SyncTask.objects.filter(status__in=PENDING_STATUSES).values_list("pk", flat=True))
    e2e.open_throttles()
    execute_sync_tasks(sync_task_ids=ids, now=timezone.now() + timezone.timedelta(hours=2))


def test_a_throttled_feed_leaves_its_listings_waiting_then_lands_them(shirts, amazon_channel, amazon_sandbox):
    items = [shirts.shirt(f"SLOW-{n:03}") for n in range(FEED_MIN_MESSAGES + 5)]
    amazon_sandbox.inject_fault("429", operation="createFeed", times=50)  # every attempt of this round

    flows.assign_products(view=shirts.view, product_ids=[item.pk for item in items])
    run_once()

    assert amazon_sandbox.calls("createFeed") >= 1
    assert amazon_sandbox.calls("putListingsItem") == 0  # the batch went the feed way
    assert not RemoteJob.objects.exists()
    mirrors = RemoteProduct.objects.filter(local_instance__in=items, view=shirts.view)
    assert mirrors.count() == len(items)
    assert set(mirrors.values_list("status", flat=True)) == {MirrorStatus.WAITING}
    for message in mirrors.values_list("last_error", flat=True):
        assert message.startswith("waiting (throttled, next try at ")
    tasks = SyncTask.objects.filter(object_id__in=[item.pk for item in items])
    assert set(tasks.values_list("status", flat=True)) == {"deferred"}
    assert set(tasks.values_list("error_kind", flat=True)) == {"rate_limited"}

    amazon_sandbox.faults.clear()  # Amazon accepts feeds again
    run_all()
    assert set(mirrors.values_list("status", flat=True)) == {MirrorStatus.SYNCED}
    assert set(mirrors.values_list("last_error", flat=True)) == {""}
    stored = {sku for (sku, marketplace) in amazon_sandbox.listings.items if marketplace == US}
    assert {f"SLOW-{n:03}" for n in range(len(items))} <= stored
