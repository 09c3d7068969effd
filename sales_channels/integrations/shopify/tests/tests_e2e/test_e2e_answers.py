"""Against the sandbox over real HTTP: truncated answers and the losing side of a concurrent create."""

import os
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from sales_channels.integrations.shopify.factories.products.steps import ShopifyProductStep
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import (
    ImportProcess,
    RemoteCallLog,
    RemoteImageProductAssociation,
    RemoteInventory,
    RemoteLanguage,
    RemotePrice,
    RemoteProduct,
    SalesChannelView,
    SyncTask,
)
from sales_channels.tasks import execute_import, execute_sync_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL): SQLite has no concurrent writers to race",
)


@pytest.fixture
def shop(company, shopify_sandbox, shopify_channel):
    """The sandbox channel with EUR, English, the primary location and the Online Store view."""
    catalog.currency(company)
    state = shopify_sandbox.state
    shopify_channel.primary_location_id = next(iter(state.locations.values())).gid
    shopify_channel.shop_currency = "EUR"
    shopify_channel.save()
    RemoteLanguage.objects.update_or_create(
        sales_channel=shopify_channel,
        remote_code="en",
        view=None,
        defaults={"multi_tenant_company": company, "local_instance": "en"},
    )
    online = next(p for p in state.publications.values() if p.title == "Online Store")
    view, _ = SalesChannelView.objects.get_or_create(
        sales_channel=shopify_channel, remote_id=online.gid, defaults={"multi_tenant_company": company, "name": "Web"}
    )
    return shopify_channel, view


@pytest.fixture
def mug(company):
    product = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    catalog.image(company, product, url="https://images.example.com/mug-front.jpg", main=True)
    return product


def queued(channel, product, *, usage: str) -> SyncTask:
    task = SyncTask.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        usage=usage,
        object_id=product.pk,
        status="succeeded",
    )
    SyncTask.objects.filter(pk=task.pk).update(status="queued")  # queued without the on-commit enqueue
    return task


def push(channel, product, *, usage="product.sync") -> SyncTask:
    [task] = execute_sync_tasks(sync_task_ids=[queued(channel, product, usage=usage).pk], now=timezone.now())
    return task


def product_operations(sandbox) -> list[str]:
    return [r["operation"] for r in sandbox.request_log if r["operation"] in ("ProductsBySku", "ProductSet")]


def sandbox_products_with_sku(sandbox, sku: str) -> list:
    return [p for p in sandbox.state.products.values() if any(v.inventory_item.sku == sku for v in p.variants)]


def test_an_executed_product_set_with_a_truncated_answer_is_bound_once(shop, mug, shopify_sandbox):
    channel, _view = shop
    before = shopify_sandbox.counts()
    shopify_sandbox.inject_fault("malformed_json", operation="ProductSet", execute=True)

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.outcome) == ("succeeded", "created"), task.error
    [remote] = sandbox_products_with_sku(shopify_sandbox, "MUG-1")  # exactly one product
    assert shopify_sandbox.counts()["products"] == before["products"] + 1
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    assert (mirror.remote_id, mirror.status) == (remote.gid, "synced")
    variant = ShopifyRemoteVariant.objects.get(local_instance_id=mug.pk)
    assert variant.product_remote_id == remote.gid
    assert RemoteImageProductAssociation.objects.filter(remote_product=mirror).count() == 1
    assert shopify_sandbox.counts()["media"] == before["media"] + 1  # the image was not attached twice
    # productSet upserts by the listing's custom id: the create whose answer was lost is sent again and lands
    # on the same product (no SKU lookup on the way)
    assert product_operations(shopify_sandbox) == ["ProductSet", "ProductSet"]


def test_the_loser_of_a_concurrent_create_ends_unchanged_not_failed(shop, mug, shopify_sandbox, monkeypatch):
    """The loser prefetched before the winner created the listing; it waits on the lock, then finds it bound.

    The winner's part mirrors are still in its batch buffer (not flushed) when the loser runs, so the loser
    pushes the price and stock itself and needs the variant the winner bound.
    """
    channel, _view = shop
    loser = queued(channel, mug, usage="product.sync")
    original = ShopifyProductStep.prefetch.__func__
    ran = []

    def prefetch_then_lose(cls, *, context, object_ids):
        original(cls, context=context, object_ids=object_ids)
        if not ran:  # the loser's batch is loaded; now the winner runs from start to end
            ran.append("winner")
            ran[0] = push(channel, mug, usage="product.create")
            RemotePrice.objects.all().delete()  # what the winner's batch had not flushed yet
            RemoteInventory.objects.all().delete()

    monkeypatch.setattr(ShopifyProductStep, "prefetch", classmethod(prefetch_then_lose))

    [loser] = execute_sync_tasks(sync_task_ids=[loser.pk], now=timezone.now())

    assert (ran[0].status, ran[0].outcome) == ("succeeded", "created")
    assert loser.status == "succeeded", loser.error
    assert loser.outcome in ("unchanged", "updated")
    assert len(sandbox_products_with_sku(shopify_sandbox, "MUG-1")) == 1
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    assert mirror.status == "synced"
    assert RemotePrice.objects.filter(remote_product=mirror).count() == 1


@on_postgres
def test_two_workers_creating_the_same_listing_both_succeed(shop, company, shopify_sandbox):
    """The real race on PostgreSQL: a create and a sync of one product at once, in two threads."""
    assert connection.vendor == "postgresql"
    channel, _view = shop
    mug = catalog.product(company, "RACE-MUG", name="Race mug", price="5.00", stock=3)
    tasks = [queued(channel, mug, usage=usage) for usage in ("product.create", "product.sync")]
    barrier = threading.Barrier(2)
    errors = []

    def worker(task_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            execute_sync_tasks(sync_task_ids=[task_id], now=timezone.now())
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
    finished = SyncTask.objects.filter(pk__in=[t.pk for t in tasks])
    assert {t.status for t in finished} == {"succeeded"}, [(t.usage, t.error) for t in finished]
    assert sorted(t.outcome for t in finished) in (["created", "unchanged"], ["created", "updated"])
    assert len(sandbox_products_with_sku(shopify_sandbox, "RACE-MUG")) == 1
    assert ShopifyRemoteVariant.objects.filter(local_instance_id=mug.pk).count() == 1


def test_a_truncated_import_page_is_read_again_not_failed(shopify_channel, company, shopify_sandbox):
    catalog.currency(company)
    shopify_sandbox.inject_fault("malformed_json", operation="ProductsPage", times=2)
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=shopify_channel, kind="products")

    execute_import(import_process_id=process.pk)
    process.refresh_from_db()

    assert (process.status, process.failed_count, process.created_count) == ("succeeded", 0, 3), process.error
    assert shopify_sandbox.faults.pending() == []  # both cut-off answers were served
    assert RemoteCallLog.objects.filter(attempt=3, status_code=200).count() == 1  # the page read whole at try 3
