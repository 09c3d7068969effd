"""The losing side of a concurrent create, made deterministic: the loser loaded its batch, then the winner ran.

The loser then waits on the mirror's lock (here: finds the winner's row), sees it bound, reloads what it
had cached about the listing (`on_bound_elsewhere`) and ends unchanged or updated, without a second create.
The threaded version runs on PostgreSQL in `test_race.py`.
"""

import pytest
from django.utils import timezone

from sales_channels.models import RemotePrice, RemoteProduct, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.fake.steps import FakeProductStep

pytestmark = pytest.mark.django_db


def queued(channel, product, *, usage: str) -> SyncTask:
    return SyncTask.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        usage=usage,
        object_id=product.pk,
    )


@pytest.fixture
def winner_runs_after_the_losers_prefetch(monkeypatch):
    """Patches FakeProductStep.prefetch: the first batch loaded triggers `winner()` before its steps run."""
    original = FakeProductStep.prefetch.__func__
    reload_parts = FakeProductStep.on_bound_elsewhere
    state = {"winner": None, "result": None, "bound_elsewhere": []}

    def prefetch(cls, *, context, object_ids):
        original(cls, context=context, object_ids=object_ids)
        if state["winner"] is not None:
            run, state["winner"] = state["winner"], None
            state["result"] = run()

    def on_bound_elsewhere(self, *, mirror):
        state["bound_elsewhere"].append(mirror.local_instance_id)
        reload_parts(self, mirror=mirror)

    monkeypatch.setattr(FakeProductStep, "prefetch", classmethod(prefetch))
    monkeypatch.setattr(FakeProductStep, "on_bound_elsewhere", on_bound_elsewhere)
    return state


def test_the_loser_finds_the_listing_bound_and_ends_unchanged(
    storefront, remote, company, eur, winner_runs_after_the_losers_prefetch
):
    state = winner_runs_after_the_losers_prefetch
    pen = catalog.product(company, "PEN", price="1.00", stock=2)
    loser = queued(storefront, pen, usage="product.sync")
    winner = queued(storefront, pen, usage="product.create")
    SyncTask.objects.filter(pk__in=[loser.pk, winner.pk]).update(status="queued")

    def run_winner():
        [task] = execute_sync_tasks(sync_task_ids=[winner.pk], now=timezone.now())
        RemotePrice.objects.all().delete()  # what the winner's batch had not flushed yet
        return task

    state["winner"] = run_winner
    [loser] = execute_sync_tasks(sync_task_ids=[loser.pk], now=timezone.now())

    assert state["result"].outcome == "created"
    assert (loser.status, loser.outcome) == ("succeeded", "updated")  # its price, not yet recorded, pushed again
    assert state["bound_elsewhere"] == [pen.pk]
    assert remote.skus() == ["PEN"]
    assert remote.calls["create_product"] == 1
    assert RemoteProduct.objects.filter(sales_channel=storefront).count() == 1
    assert RemotePrice.objects.count() == 1


def test_the_losers_variations_are_not_created_twice(
    storefront, remote, company, eur, winner_runs_after_the_losers_prefetch
):
    state = winner_runs_after_the_losers_prefetch
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"], price="9.00")
    loser = queued(storefront, tee, usage="product.sync")
    winner = queued(storefront, tee, usage="product.create")
    SyncTask.objects.filter(pk__in=[loser.pk, winner.pk]).update(status="queued")

    def run_winner():
        [task] = execute_sync_tasks(sync_task_ids=[winner.pk], now=timezone.now())
        return task

    state["winner"] = run_winner
    [loser] = execute_sync_tasks(sync_task_ids=[loser.pk], now=timezone.now())

    assert (loser.status, loser.outcome) == ("succeeded", "unchanged")
    assert remote.skus() == ["TEE", "TEE-M", "TEE-S"]
    assert remote.calls["create_product"] == 3
    assert RemoteProduct.objects.filter(sales_channel=storefront).count() == 3
