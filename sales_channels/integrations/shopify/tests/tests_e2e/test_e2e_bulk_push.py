"""The bulk push against the sandbox over real HTTP: staged JSONL, one bulk productSet, the report bound per line."""

from decimal import Decimal

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.factories.products.bulk_push import BULK_PUSH_KIND
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import products, shop
from sales_channels.models import RemoteJob, RemoteProduct, SyncTask
from sales_channels.tasks_jobs import execute_job_poll
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["products", "shop"]  # fixtures shared with test_e2e_push


def _operations(sandbox) -> list[str]:
    return [entry["operation"] for entry in sandbox.request_log if entry["path"].endswith("graphql.json")]


def _finish_jobs() -> list[RemoteJob]:
    for job in RemoteJob.objects.filter(kind=BULK_PUSH_KIND, finished_at__isnull=True):
        execute_job_poll(job_id=job.pk, force=True)
    return list(RemoteJob.objects.filter(kind=BULK_PUSH_KIND).order_by("pk"))


@pytest.fixture
def bulk_shop(shop, shopify_sandbox):
    channel, view = shop
    channel.bulk_threshold = 2
    channel.save()
    shopify_sandbox.set_media_processing(0.0)
    shopify_sandbox.state.bulk_mutation_seconds_per_line = 0.0
    return channel, view


def test_an_initial_push_of_many_listings_goes_through_one_bulk_mutation(bulk_shop, products, shopify_sandbox):
    channel, view = bulk_shop
    mug, tee = products
    before = shopify_sandbox.counts()
    shopify_sandbox.request_log.clear()

    since = last_task_id()
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    run_all(since=since)
    assert set(SyncTask.objects.filter(pk__gt=since).values_list("status", flat=True)) == {"awaiting"}
    [job] = _finish_jobs()
    tasks = run_all(since=since)

    assert job.status == "completed", job.error
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    operations = _operations(shopify_sandbox)
    assert "ProductSet" not in operations  # productSet ran inside the bulk operation
    assert operations[:3] == ["StagedUploadsCreate", "BulkOperationRunMutation", "BulkOperation"]
    assert operations.count("PublicationUpdate") == 1  # both listings published in one call
    assert shopify_sandbox.counts() == {
        "products": before["products"] + 2,
        "variants": before["variants"] + 1 + 4,
        "media": before["media"] + 2,
    }
    state = shopify_sandbox.state
    mug_mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    mug_remote = state.product_by_gid(mug_mirror.remote_id)
    assert view.remote_id.rsplit("/", 1)[-1] in {str(p) for p in mug_remote.publication_ids}
    # the translation went out in the follow-up product.update the job queued
    assert state.translations[mug_remote.gid][("nl", "title")].value == "Mok"
    tee_mirror = RemoteProduct.objects.get(local_instance_id=tee.pk)
    assert ShopifyRemoteVariant.objects.filter(remote_product=tee_mirror).count() == 4
    assert RemoteProduct.objects.filter(parent=tee_mirror).exclude(remote_id="").count() == 4
    assert [v.inventory_item.levels for v in mug_remote.variants][0]  # first stock carried by the line

    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(since=since)
    assert _finish_jobs() == [job]  # nothing changed: no new bulk operation
    assert _operations(shopify_sandbox) == []


def test_a_refused_line_fails_only_its_own_listing(bulk_shop, products, shopify_sandbox):
    channel, view = bulk_shop
    mug, tee = products
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    run_all(since=since)
    _finish_jobs()
    run_all(since=since)
    tee_mirror = RemoteProduct.objects.get(local_instance_id=tee.pk)
    state = shopify_sandbox.state
    del state.products[state.product_by_gid(tee_mirror.remote_id).id]  # deleted on Shopify meanwhile
    SalesPrice.objects.filter(product__multi_tenant_company=channel.multi_tenant_company).update(price=Decimal("9.90"))

    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(since=since)
    jobs = _finish_jobs()
    tasks = {task.object_id: task for task in run_all(since=since) if task.usage == "product.sync"}

    assert jobs[-1].status == "completed"
    assert tasks[mug.pk].status == "succeeded"
    assert tasks[tee.pk].status == "failed"
    assert "productSet" in tasks[tee.pk].error
    mug_mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    tee_mirror.refresh_from_db()
    assert tee_mirror.last_error
    assert not mug_mirror.last_error
    assert state.product_by_gid(mug_mirror.remote_id).variants[0].price == "9.90"


def test_one_bulk_mutation_at_a_time_defers_the_next_batch(bulk_shop, products, shopify_sandbox):
    channel, view = bulk_shop
    mug, tee = products
    shopify_sandbox.state.bulk_mutation_seconds_per_line = 3600.0  # still running
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    run_all(since=since, rounds=1)
    [job] = RemoteJob.objects.filter(kind=BULK_PUSH_KIND)
    execute_job_poll(job_id=job.pk, force=True)
    job.refresh_from_db()
    assert job.status == "running"

    SalesPrice.objects.filter(product=mug).update(price=Decimal("8.00"))
    SalesPrice.objects.filter(product__in=[v.variation for v in tee.variation_links.all()]).update(price=Decimal("7"))
    first = last_task_id()
    SyncTask.objects.filter(pk__lte=first).update(status="succeeded")  # the first batch's tasks aside
    flows.resync_products(channel=channel)
    run_all(since=first, rounds=1)
    deferred = SyncTask.objects.filter(pk__gt=first, usage="product.sync")
    assert set(deferred.values_list("status", flat=True)) == {"deferred"}
    assert "another bulk mutation" in deferred.first().error
