"""The batch step with HTTP mocked at the transport: bulk submission, its deferral, batched publications."""

import json
import re

import pytest
import responses

from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.products.bulk_push import BULK_PUSH_KIND
from sales_channels.integrations.shopify.factories.products.publications import UNSENT_HASH
from sales_channels.integrations.shopify.tests.tests_factories.test_products import channel, mug, shop
from sales_channels.models import RemoteJob, RemoteProduct, SalesChannelView, SalesChannelViewAssign, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db
__all__ = ["channel", "mug", "shop"]  # fixtures shared with test_products

UPLOAD_URL = "https://shopify-staged-uploads.storage.googleapis.com/"
PUBLICATION = "gid://shopify/Publication/1"


def product_set_answer(number: int, sku: str) -> dict:
    variant = {"id": f"gid://shopify/ProductVariant/{number}1", "inventoryItem": {"id": "gid://x/1", "sku": sku}}
    product = {"id": f"gid://shopify/Product/{number}", "handle": sku.lower(), "variants": {"nodes": [variant]}}
    return {"data": {"productSet": {"product": {**product, "media": {"nodes": []}}, "userErrors": []}}}


@pytest.fixture
def cup(company):
    return catalog.product(company, "CUP-1", name="Cup", price="4.00", stock=2)


def queue_tasks(channel, *products, usage="product.create") -> list[int]:
    return [
        SyncTask.objects.create(
            multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel, usage=usage, object_id=p.pk
        ).pk
        for p in products
    ]


def staged_target() -> dict:
    parameters = [{"name": "key", "value": "tmp/1/onesila-product-set.jsonl"}, {"name": "policy", "value": "SIGNED"}]
    return {"data": {"stagedUploadsCreate": {"stagedTargets": [{"url": UPLOAD_URL, "parameters": parameters}]}}}


def test_a_batch_at_the_threshold_is_staged_and_submitted_as_one_bulk_mutation(shop, channel, mug, cup):
    fake, mocked = shop
    channel.bulk_threshold = 2
    channel.save()
    uploads = []
    mocked.add_callback(responses.POST, UPLOAD_URL, callback=lambda request: uploads.append(request) or (201, {}, ""))
    fake.queue("StagedUploadsCreate", staged_target())
    operation = {"id": "gid://shopify/BulkOperation/7", "status": "CREATED"}
    fake.queue("BulkOperationRunMutation", {"data": {"bulkOperationRunMutation": {"bulkOperation": operation}}})

    tasks = execute_sync_tasks(sync_task_ids=queue_tasks(channel, mug, cup))

    assert fake.operations == ["StagedUploadsCreate", "BulkOperationRunMutation"]
    assert fake.sent[0][1] == {
        "input": [
            {
                "resource": "BULK_MUTATION_VARIABLES",
                "filename": "onesila-product-set.jsonl",
                "mimeType": "text/jsonl",
                "httpMethod": "POST",
            }
        ]
    }
    assert fake.sent[1][1] == {
        "mutation": load_document("product_set"),
        "stagedUploadPath": "tmp/1/onesila-product-set.jsonl",
        "clientIdentifier": f"onesila-{channel.pk}-{tasks[0].pk}",
    }
    [upload] = uploads
    body = upload.body.decode()
    lines = [json.loads(line) for line in re.findall(r"^\{.*\}$", body, flags=re.M)]
    assert [line["identifier"] for line in lines] == [
        {"customId": {"namespace": "onesila_sync", "key": "sku", "value": "MUG-1"}},
        {"customId": {"namespace": "onesila_sync", "key": "sku", "value": "CUP-1"}},
    ]
    assert lines[0]["input"]["variants"][0]["inventoryQuantities"][0]["quantity"] == 7
    assert {task.status for task in SyncTask.objects.all()} == {"awaiting"}
    job = RemoteJob.objects.get(kind=BULK_PUSH_KIND)
    assert (job.remote_id, sorted(job.sync_task_ids)) == ("gid://shopify/BulkOperation/7", sorted(t.pk for t in tasks))
    assert sorted(item["ref"] for item in job.items.values()) == [f"0:{mug.pk}", f"1:{cup.pk}"]


def test_another_bulk_mutation_running_defers_the_batch(shop, channel, mug, cup):
    fake, mocked = shop
    channel.bulk_threshold = 2
    channel.save()
    mocked.add(responses.POST, UPLOAD_URL, status=201)
    fake.queue("StagedUploadsCreate", staged_target())
    busy = {"code": "OPERATION_IN_PROGRESS", "field": None, "message": "A bulk mutation is already running."}
    fake.queue("BulkOperationRunMutation", {"data": {"bulkOperationRunMutation": {"userErrors": [busy]}}})

    execute_sync_tasks(sync_task_ids=queue_tasks(channel, mug, cup))

    tasks = SyncTask.objects.all()
    assert {task.status for task in tasks} == {"deferred"}
    assert {task.attempts for task in tasks} == {0}  # waiting for the shop is not an attempt
    assert not RemoteJob.objects.exists()


def test_live_batch_publishes_every_listing_in_one_publication_update(shop, channel, mug, cup, company):
    fake, _ = shop
    view = SalesChannelView.objects.create(multi_tenant_company=company, sales_channel=channel, remote_id=PUBLICATION)
    for product in (mug, cup):
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=company, sales_channel=channel, view=view, product=product
        )
    fake.queue("ProductSet", product_set_answer(501, "MUG-1"), product_set_answer(502, "CUP-1"))
    refused = {"field": ["input", "publishablesToAdd", "1"], "message": "Cannot publish", "code": "INVALID"}
    fake.queue("PublicationUpdate", {"data": {"publicationUpdate": {"userErrors": [refused]}}})

    execute_sync_tasks(sync_task_ids=queue_tasks(channel, mug, cup))

    assert fake.operations == ["ProductSet", "ProductSet", "PublicationUpdate"]
    assert fake.sent[2][1] == {
        "id": PUBLICATION,
        "input": {
            "publishablesToAdd": ["gid://shopify/Product/501", "gid://shopify/Product/502"],
            "publishablesToRemove": [],
        },
    }
    statuses = dict(SyncTask.objects.values_list("object_id", "status"))
    assert statuses == {mug.pk: "succeeded", cup.pk: "failed"}
    cup_mirror = RemoteProduct.objects.get(local_instance_id=cup.pk)
    assert cup_mirror.remote_id == "gid://shopify/Product/502"  # created: a retry updates it
    assert (cup_mirror.payload_hash, cup_mirror.last_payload["publications"]) == (UNSENT_HASH, [])
    assert "Cannot publish" in SyncTask.objects.get(object_id=cup.pk).error
