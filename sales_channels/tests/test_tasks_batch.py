"""The batch push path: one vendor call per batch, one outcome per listing, failures isolated, no duplicates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from products.models import ConfigurableVariation
from sales_channels import tasks as task_module
from sales_channels import tasks_failures
from sales_channels.exceptions import MappingMissing
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.models import MirrorStatus, RemotePrice, RemoteProduct, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.batch_spec import BATCH, FakeBatchBackend, register_fake_batch, unregister_fake_batch
from sales_channels.tests.fake.batch_steps import FakeBatchListingStep, FakeBatchProducts
from sales_channels.tests.fake.remote import RATE_LIMIT, SERVER_ERROR

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch_backend():
    backend = FakeBatchBackend()
    register_fake_batch(backend)
    yield backend
    unregister_fake_batch()


@pytest.fixture
def shop(company, batch_backend, eur):
    channel = SalesChannelFactory(multi_tenant_company=company, name="Batch shop", integration=BATCH)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="web", is_default=True)
    return channel


@pytest.fixture
def vendor(batch_backend, shop):
    return batch_backend.remote(shop)


def products(company, count: int, *, prefix: str = "P") -> list:
    return [catalog.product(company, f"{prefix}{n:03d}", price="5.00", stock=3) for n in range(count)]


def queue(channel, items, *, usage: str = "product.sync") -> list[SyncTask]:
    requests = [
        TaskRequest(
            company_id=channel.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            view_id=None,
            usage=usage,
            object_id=getattr(item, "pk", item),
        )
        for item in items
    ]
    return queue_tasks(requests, enqueue=False)


def run(tasks: list[SyncTask], *, at=None) -> list[SyncTask]:
    execute_sync_tasks(sync_task_ids=[task.pk for task in tasks], now=at)
    return list(SyncTask.objects.filter(pk__in=[task.pk for task in tasks]).order_by("id"))


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def test_a_batch_of_listings_is_one_vendor_call_with_one_outcome_each(shop, vendor, company):
    items = products(company, 30)

    tasks = run(queue(shop, items))

    assert [task.outcome for task in tasks] == ["created"] * 30
    assert vendor.calls == {"batch_products": 1}
    mirrors = RemoteProduct.objects.filter(sales_channel=shop)
    assert mirrors.count() == 30
    assert {m.status for m in mirrors} == {MirrorStatus.SYNCED}
    assert sorted(r["sku"] for r in vendor.products.values()) == [f"P{n:03d}" for n in range(30)]
    assert next(iter(vendor.products.values()))["price"] == "5.00"


def test_an_unchanged_resync_makes_no_call_and_a_change_updates_only_that_listing(shop, vendor, company):
    items = products(company, 5)
    run(queue(shop, items))
    vendor.calls.clear()

    assert [t.outcome for t in run(queue(shop, items))] == ["unchanged"] * 5
    assert vendor.total_calls == 0

    items[2].translations.filter(language="en").update(name="Renamed")
    tasks = run(queue(shop, items))
    assert [t.outcome for t in tasks].count("updated") == 1
    assert vendor.calls == {"batch_products": 1}


def test_one_rejected_listing_fails_alone_with_its_own_error(shop, vendor, company):
    items = products(company, 4)
    vendor.reject["P002"] = "The price is below the allowed minimum."

    tasks = run(queue(shop, items))

    assert [t.status for t in tasks] == ["succeeded", "succeeded", "failed", "succeeded"]
    assert tasks[2].error == "The price is below the allowed minimum."
    assert tasks[2].error_kind == "validation"
    assert all(not t.error for t in tasks if t.status == "succeeded")
    mirror = RemoteProduct.objects.get(local_instance=items[2])
    assert (mirror.status, mirror.last_error, mirror.remote_id) == ("failed", tasks[2].error, "")
    assert vendor.calls == {"batch_products": 1}


def test_a_listing_with_a_missing_mapping_fails_alone_before_the_call(shop, vendor, company, monkeypatch):
    items = products(company, 3)
    build = FakeBatchListingStep.build_payload

    def build_or_fail(self):
        if self.object_id == items[1].pk:
            raise MappingMissing(["property 'Colour'"])
        return build(self)

    monkeypatch.setattr(FakeBatchListingStep, "build_payload", build_or_fail)

    tasks = run(queue(shop, items))

    assert [t.status for t in tasks] == ["succeeded", "failed", "succeeded"]
    assert tasks[1].error_kind == "mapping"
    assert len(vendor.products) == 2


def test_a_batch_retried_after_a_timeout_does_not_create_twice(shop, vendor, company):
    items = products(company, 10)
    vendor.lose_answer("batch_products")

    tasks = run(queue(shop, items))
    assert {t.status for t in tasks} == {"deferred"}
    assert len(vendor.products) == 10  # the vendor created them; the answer was lost
    assert {m.status for m in RemoteProduct.objects.filter(sales_channel=shop)} == {MirrorStatus.WAITING}

    tasks = run(tasks, at=later(10_000))

    assert [t.outcome for t in tasks] == ["linked"] * 10
    assert len(vendor.products) == 10
    assert vendor.skus() == sorted(item.sku for item in items)
    assert vendor.calls["lookup_skus"] == 1  # the retried creates were looked up in one call
    mirrors = RemoteProduct.objects.filter(sales_channel=shop)
    assert {m.remote_id for m in mirrors} == set(vendor.products)


def test_a_create_answered_already_exists_links_by_sku_and_updates(shop, vendor, company):
    items = products(company, 3)
    vendor.products["900"] = {"id": "900", "sku": "P001", "name": "old"}
    vendor._skus["P001"] = "900"

    tasks = run(queue(shop, items))

    assert [t.outcome for t in tasks] == ["created", "linked", "created"]
    assert len(vendor.products) == 3
    assert vendor.products["900"]["name"] == "Name of P001"
    assert RemoteProduct.objects.get(local_instance=items[1]).remote_id == "900"
    assert vendor.calls == {"batch_products": 2}  # the batch, then the linked update


def test_a_whole_batch_failure_defers_every_listing_and_marks_them_waiting(shop, vendor, company):
    items = products(company, 3)
    vendor.inject(RATE_LIMIT, operation="batch_products", retry_after=60)

    tasks = run(queue(shop, items))

    assert {(t.status, t.error_kind, t.attempts) for t in tasks} == {("deferred", "rate_limited", 0)}
    mirror = RemoteProduct.objects.get(local_instance=items[0])
    assert mirror.status == MirrorStatus.WAITING
    assert mirror.last_error.startswith("waiting (throttled, next try at ")
    assert [t.outcome for t in run(tasks, at=later(61))] == ["created"] * 3


def test_a_throttled_listing_never_reads_failed_before_the_task_layer_defers_it(shop, vendor, company, monkeypatch):
    items = products(company, 3)
    vendor.inject(RATE_LIMIT, operation="batch_products", retry_after=60)
    seen_before_deferral = []
    defer = tasks_failures.defer_task

    def watching_defer(task, **kwargs):
        seen_before_deferral.append(RemoteProduct.objects.get(local_instance_id=task.object_id).status)
        return defer(task, **kwargs)

    monkeypatch.setattr(tasks_failures, "defer_task", watching_defer)

    tasks = run(queue(shop, items))

    assert {t.status for t in tasks} == {"deferred"}
    assert seen_before_deferral == [MirrorStatus.WAITING] * 3


def test_the_batch_respects_the_vendor_limit(shop, vendor, company, monkeypatch):
    monkeypatch.setattr(FakeBatchProducts, "vendor_limit", 4)
    items = products(company, 10)

    tasks = run(queue(shop, items))

    assert [t.outcome for t in tasks] == ["created"] * 10
    assert vendor.calls == {"batch_products": 3}


def test_configurables_push_their_variations_in_a_batch_of_their_own(shop, vendor, company):
    shirts = [catalog.configurable(company, f"SHIRT{n}", variations=[f"SHIRT{n}-S", f"SHIRT{n}-M"]) for n in range(3)]

    tasks = run(queue(shop, shirts))

    assert {t.outcome for t in tasks} == {"created"}
    assert vendor.calls == {"batch_products": 2}  # parents, then every variation of the batch
    assert len(vendor.products) == 9
    variations = [r for r in vendor.products.values() if r.get("parent")]
    assert len(variations) == 6
    assert RemoteProduct.objects.filter(sales_channel=shop, parent__isnull=False).count() == 6


def test_a_burst_of_changes_runs_as_full_batches_not_single_calls(shop, vendor, company):
    items = products(company, 250)
    tasks = queue(shop, items)

    execute_sync_tasks(sync_task_ids=[tasks[0].pk])  # one worker message: it fills its batch to 100

    assert vendor.calls == {"batch_products": 1}
    assert SyncTask.objects.filter(status="succeeded").count() == 100
    for task in tasks[1:]:
        execute_sync_tasks(sync_task_ids=[task.pk])  # what later messages find: most already done
    assert vendor.calls == {"batch_products": 3}
    assert SyncTask.objects.filter(status="succeeded").count() == 250


def test_enqueueing_hands_workers_messages_per_channel_in_batch_sized_chunks(shop, company, monkeypatch):
    sent: list[list[int]] = []
    monkeypatch.setattr(task_module, "enqueue_sync_tasks", lambda *, sync_task_ids, delay=0: sent.append(sync_task_ids))
    items = products(company, 230)

    task_module.enqueue_tasks_by_channel(tasks=queue(shop, items))

    assert [len(chunk) for chunk in sent] == [100, 100, 30]


def test_prices_of_many_listings_go_in_one_section_call(shop, vendor, company):
    items = products(company, 6)
    run(queue(shop, items))
    vendor.calls.clear()

    tasks = run(queue(shop, items, usage="price.update"))

    assert {t.outcome for t in tasks} == {"updated"}
    assert vendor.calls == {"batch_prices": 1}
    assert RemotePrice.objects.filter(sales_channel=shop).count() == 6
    vendor.calls.clear()
    assert {t.outcome for t in run(queue(shop, items, usage="price.update"))} == {"unchanged"}
    assert vendor.total_calls == 0


def test_a_section_item_rejected_fails_only_its_listing(shop, vendor, company):
    items = products(company, 3)
    run(queue(shop, items))
    vendor.reject["P000"] = "Stock cannot be negative."

    tasks = run(queue(shop, items, usage="stock.update"))

    assert [t.status for t in tasks] == ["failed", "succeeded", "succeeded"]
    assert tasks[0].error == "Stock cannot be negative."


def test_a_server_error_retries_the_batch_and_then_succeeds(shop, vendor, company):
    items = products(company, 2)
    vendor.inject(SERVER_ERROR, operation="batch_products")

    tasks = run(queue(shop, items))
    assert {(t.status, t.error_kind) for t in tasks} == {("deferred", "transient")}

    assert [t.outcome for t in run(tasks, at=later(10_000))] == ["created", "created"]
    assert len(vendor.products) == 2


def test_a_price_update_of_configurables_sends_every_variations_price_in_the_same_call(shop, vendor, company):
    shirts = [catalog.configurable(company, f"TEE{n}", variations=[f"TEE{n}-S", f"TEE{n}-M"]) for n in range(2)]
    run(queue(shop, shirts))
    vendor.calls.clear()

    tasks = run(queue(shop, shirts, usage="price.update"))

    assert {t.outcome for t in tasks} == {"updated"}
    assert vendor.calls == {"batch_prices": 1}
    priced = {m.remote_product.local_instance.sku for m in RemotePrice.objects.filter(sales_channel=shop)}
    assert {"TEE0-S", "TEE0-M", "TEE1-S", "TEE1-M"} <= priced


def test_a_variation_removed_locally_is_deleted_remotely_by_the_batch(shop, vendor, company):
    shirt = catalog.configurable(company, "POLO", variations=["POLO-S", "POLO-M"])
    run(queue(shop, [shirt]))
    assert len(vendor.products) == 3
    ConfigurableVariation.objects.filter(parent=shirt, variation__sku="POLO-M").delete()

    [task] = run(queue(shop, [shirt]))

    assert task.status == "succeeded"
    assert sorted(r["sku"] for r in vendor.products.values()) == ["POLO", "POLO-S"]
    assert not RemoteProduct.objects.filter(sales_channel=shop, local_instance__sku="POLO-M").exists()


def test_a_variation_waits_with_its_listing_and_fails_with_it_when_no_try_is_left(shop, vendor, company):
    shirt = catalog.configurable(company, "WAIT", variations=["WAIT-S", "WAIT-M"])
    run(queue(shop, [shirt]))
    variations = RemoteProduct.objects.filter(sales_channel=shop, parent__isnull=False)
    variations.update(payload_hash="")  # sent again by the next sync; the parent is unchanged (no call)
    vendor.inject(RATE_LIMIT, operation="batch_products", retry_after=60)

    [task] = run(queue(shop, [shirt]))

    assert (task.status, task.error_kind) == ("deferred", "rate_limited")
    assert RemoteProduct.objects.get(local_instance=shirt).status == MirrorStatus.WAITING
    assert set(variations.values_list("status", flat=True)) == {MirrorStatus.WAITING}  # not "failed" meanwhile
    SyncTask.objects.filter(pk=task.pk).update(max_attempts=1)
    vendor.inject(SERVER_ERROR, operation="batch_products")

    [task] = run([task], at=later(61))

    assert task.status == "failed"
    assert RemoteProduct.objects.get(local_instance=shirt).status == MirrorStatus.FAILED
    assert set(variations.values_list("status", flat=True)) == {MirrorStatus.FAILED}
    assert all(error == task.error for error in variations.values_list("last_error", flat=True))
