"""Lost and unreadable answers through the fake vendor: a create is looked up before it is redone, reads are retried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sales_channels.exceptions import AnswerLost
from sales_channels.models import ImportProcess, MirrorStatus, RemoteImageProductAssociation, RemoteProduct
from sales_channels.tasks import execute_import, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.faults import LOST_ANSWER, TRUNCATED
from sales_channels.tests.fake.remote import VALIDATION
from sales_channels.tests.fake.steps import FakeListingStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt(company, eur):
    return catalog.product(company, "SHIRT-1", name="Shirt", price="19.99", stock=7)


def mirror_of(product) -> RemoteProduct:
    return RemoteProduct.objects.get(local_instance_id=product.pk)


def run_again(task):
    [task] = execute_sync_tasks(sync_task_ids=[task.pk], now=timezone.now() + timedelta(hours=2))
    return task


@pytest.mark.parametrize("kind", [TRUNCATED, LOST_ANSWER])
def test_a_create_whose_answer_was_lost_binds_what_the_vendor_created(storefront, remote, shirt, push, kind):
    remote.inject(kind, operation="create_product")

    task = push(storefront, shirt)

    assert (task.status, task.outcome) == ("succeeded", "created"), task.error
    assert remote.skus() == ["SHIRT-1"]  # one remote product, not two
    assert remote.calls["create_product"] == 1
    assert remote.calls["find_product"] == 2  # the lookup before the create, and the one that found it
    mirror = mirror_of(shirt)
    assert mirror.remote_id == next(iter(remote.products))
    assert mirror.status == MirrorStatus.SYNCED
    assert remote.prices[(mirror.remote_id, "EUR")]["price"] == "19.99"  # the parts went to the found object


def test_a_lost_create_answer_with_nothing_created_creates_again(storefront, remote, shirt, push, monkeypatch):
    original = FakeClient.create_product
    lost = []

    def lost_before_the_vendor(self, *, payload):
        if not lost:
            lost.append(payload["sku"])
            raise AnswerLost("ReadTimeout", operation="create_product")
        return original(self, payload=payload)

    monkeypatch.setattr(FakeClient, "create_product", lost_before_the_vendor)

    task = push(storefront, shirt)

    assert (task.status, task.outcome) == ("succeeded", "created")
    assert "created again" in task.detail["detail"]
    assert remote.skus() == ["SHIRT-1"]


def test_a_vendor_whose_lookup_lags_defers_instead_of_creating_again(storefront, remote, shirt, push, monkeypatch):
    monkeypatch.setattr(FakeListingStep, "redo_lost_create", False)
    lagging = []
    original = FakeClient.find_product

    def lagging_lookup(self, *, sku, marketplace=None):
        if lagging:  # the search index has not seen the product created a moment ago
            lagging.pop()
            return None
        return original(self, sku=sku, marketplace=marketplace)

    monkeypatch.setattr(FakeClient, "find_product", lagging_lookup)
    remote.inject(TRUNCATED, operation="create_product")
    lagging.extend([1, 1])  # the pre-create lookup and the recovery lookup both miss it

    task = push(storefront, shirt)

    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert "answer to a write was lost" in task.error
    assert remote.skus() == ["SHIRT-1"]

    task = run_again(task)

    assert (task.status, task.outcome) == ("succeeded", "linked")  # found by the retry's lookup: no duplicate
    assert remote.skus() == ["SHIRT-1"]
    assert mirror_of(shirt).remote_id == next(iter(remote.products))


def test_the_link_survives_when_the_update_after_recovery_fails(storefront, remote, shirt, push):
    remote.inject(TRUNCATED, operation="create_product")
    remote.inject(VALIDATION, operation="update_product", messages=("name: taken",))

    task = push(storefront, shirt)

    assert (task.status, task.error_kind) == ("failed", "validation")
    mirror = mirror_of(shirt)
    assert mirror.remote_id == next(iter(remote.products))  # bound before the update was tried
    assert (mirror.status, mirror.payload_hash) == (MirrorStatus.FAILED, "")

    task = push(storefront, shirt)

    assert (task.status, task.outcome) == ("succeeded", "updated")
    assert remote.skus() == ["SHIRT-1"]
    assert remote.calls["create_product"] == 1


def test_a_variation_whose_create_answer_was_lost_is_bound(company, storefront, remote, eur, push):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"], price="9.00")
    remote.inject(TRUNCATED, operation="create_product", times=3)  # the listing and both variations

    task = push(storefront, parent)

    assert (task.status, task.outcome) == ("succeeded", "created"), task.error
    assert remote.skus() == ["TEE", "TEE-M", "TEE-S"]
    bound = RemoteProduct.objects.filter(sales_channel=storefront).exclude(remote_id="")
    assert sorted(bound.values_list("remote_sku", flat=True)) == ["TEE", "TEE-M", "TEE-S"]


def test_a_truncated_read_defers_the_task_instead_of_failing_it(storefront, remote, shirt, push):
    remote.inject(TRUNCATED, operation="find_product")

    task = push(storefront, shirt)

    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert "Unreadable vendor answer" in task.error
    assert remote.calls["create_product"] == 0

    task = run_again(task)

    assert (task.status, task.outcome) == ("succeeded", "created")
    assert remote.skus() == ["SHIRT-1"]


def test_a_truncated_import_page_is_read_again_not_failed(storefront, remote):
    remote.products.update({str(n): {"id": str(n), "sku": f"S{n}", "name": f"N{n}"} for n in range(1, 6)})
    remote.inject(TRUNCATED, operation="list_products")
    remote.faults[0].times = 0  # armed once the first page went through
    original = remote.call

    def second_page_truncated(operation, handler, *args, **kwargs):
        if operation == "list_products" and remote.calls["list_products"] == 1:
            remote.faults[0].times = 1
        return original(operation, handler, *args, **kwargs)

    remote.call = second_page_truncated
    process = ImportProcess.objects.create(
        multi_tenant_company=storefront.multi_tenant_company, sales_channel=storefront
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()

    assert (process.status, process.cursor, process.created_count) == ("pending", {"offset": 2}, 2)
    assert "Unreadable vendor answer" in process.error

    process.next_run_at = None
    process.save()
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 5, 0)
    assert remote.calls["list_products"] == 4  # page 1, page 2 truncated, pages 2 and 3: page 1 not again


def test_an_image_whose_create_answer_was_lost_is_bound_not_duplicated(company, storefront, remote, eur, push):
    pen = catalog.product(company, "PEN", price="1.00", stock=2)
    catalog.image(company, pen, url="https://images.example.com/pen.jpg", main=True)
    remote.inject(TRUNCATED, operation="upsert_image")

    task = push(storefront, pen)

    assert (task.status, task.outcome) == ("succeeded", "created"), task.error
    [image_id] = remote.images  # created once: found by its URL, not sent again
    assert RemoteImageProductAssociation.objects.get(remote_product__local_instance_id=pen.pk).remote_id == image_id
    assert remote.calls["upsert_image"] == 1


def test_an_image_lost_and_not_found_is_retried(company, storefront, remote, eur, push, monkeypatch):
    pen = catalog.product(company, "PEN", price="1.00", stock=2)
    catalog.image(company, pen, url="https://images.example.com/pen.jpg", main=True)
    monkeypatch.setattr(FakeClient, "find_image", lambda self, *, remote_id, url: None)
    remote.inject(LOST_ANSWER, operation="upsert_image")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert "answer to a write was lost" in task.error
