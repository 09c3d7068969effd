"""The product steps with HTTP mocked at the transport: each call, each failure and where it is stored."""
# The listing's translations, publications and removed metafields: tests_factories/test_listing.py.

import json
import re
from pathlib import Path

import pytest
import requests
import responses

from inventory.models import Inventory
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant, ShopifySalesChannel
from sales_channels.models import RemoteInventory, RemoteProduct, SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"
TOKEN_URL = f"https://{SHOP}/admin/oauth/access_token"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class Shop:
    """Answers GraphQL calls by operation name from queued replies; records what was sent."""

    def __init__(self, mocked: responses.RequestsMock) -> None:
        self.replies: dict[str, list] = {}
        self.sent: list[tuple[str, dict]] = []
        mocked.add_callback(responses.POST, GRAPHQL, callback=self.answer)

    def queue(self, operation: str, *replies) -> None:
        self.replies.setdefault(operation, []).extend(replies)

    def answer(self, request):
        body = json.loads(request.body)
        operation = re.search(r"\b(?:query|mutation)\s+(\w+)", body["query"]).group(1)
        self.sent.append((operation, body["variables"]))
        reply = self.replies[operation].pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, tuple):
            return reply
        return (200, {"Content-Type": "application/json"}, json.dumps(reply))

    @property
    def operations(self) -> list[str]:
        return [operation for operation, _ in self.sent]


@pytest.fixture
def shop():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        yield Shop(mocked), mocked


@pytest.fixture
def channel(company):
    catalog.currency(company)
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        client_id="fixture-client",
        client_secret="fixture-app-credential",
        access_token="shpat_fixture_access_0001",
        connection_status="connected",
        primary_location_id="gid://shopify/Location/1",
        shop_currency="EUR",
        custom_id_ready=True,
    )


@pytest.fixture
def mug(company):
    return catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)


def push(channel, product, usage="product.sync") -> SyncTask:
    task = SyncTask.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        usage=usage,
        object_id=product.pk,
    )
    [task] = execute_sync_tasks(sync_task_ids=[task.pk])
    return task


def test_create_upserts_by_custom_id_in_one_product_set_without_a_lookup(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", fixture("push_product_set_created.json"))

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.outcome) == ("succeeded", "created")
    assert fake.sent == [
        (
            "ProductSet",
            {
                "identifier": {"customId": {"namespace": "onesila_sync", "key": "sku", "value": "MUG-1"}},
                "input": {
                    "title": "Mug",
                    "descriptionHtml": "",
                    "status": "ACTIVE",
                    "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
                    "variants": [
                        {
                            "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                            "inventoryItem": {"sku": "MUG-1", "tracked": True},
                            "inventoryPolicy": "DENY",
                            "price": "12.50",
                            "compareAtPrice": None,
                            "barcode": None,
                            "inventoryQuantities": [
                                {"locationId": "gid://shopify/Location/1", "name": "available", "quantity": 7}
                            ],
                        }
                    ],
                    "files": [],
                    "metafields": [
                        {"namespace": "onesila_sync", "key": "sku", "type": "single_line_text_field", "value": "MUG-1"}
                    ],
                },
                "variantsFirst": 1,
                "mediaFirst": 1,
                "withVariants": True,  # a new variant: its id is bound (the inventory item when stock needs it)
                "withFeaturedMedia": False,  # no new file: no media in the answer
                "withMedia": False,
            },
        )
    ]
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    assert (mirror.remote_id, mirror.status) == ("gid://shopify/Product/9001", "synced")
    row = ShopifyRemoteVariant.objects.get(local_instance_id=mug.pk)
    assert (row.remote_id, row.inventory_item_id) == (
        "gid://shopify/ProductVariant/9004",
        "gid://shopify/InventoryItem/9005",
    )
    assert RemoteInventory.objects.get(remote_product=mirror).last_payload == {"quantity": 7}

    fake.sent.clear()
    assert push(channel, mug).outcome == "unchanged"
    assert fake.sent == []


def test_a_stale_stock_compare_rereads_the_level_and_retries_once(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", fixture("push_product_set_created.json"))
    push(channel, mug, usage="product.create")
    stock = Inventory.objects.get(product=mug)
    stock.quantity = 4
    stock.save()
    fake.sent.clear()
    fake.queue("InventorySetQuantities", fixture("push_inventory_stale.json"), fixture("push_inventory_set.json"))
    fake.queue("InventoryItem", fixture("push_inventory_item.json"))

    task = push(channel, mug, usage="stock.update")

    assert task.status == "succeeded", task.error
    assert fake.operations == ["InventorySetQuantities", "InventoryItem", "InventorySetQuantities"]
    sent = [v for op, v in fake.sent if op == "InventorySetQuantities"]
    assert [v["input"]["quantities"][0]["changeFromQuantity"] for v in sent] == [7, 11]
    keys = [v["idempotencyKey"] for v in sent]
    assert all(key.startswith("onesila-stock-") for key in keys)
    assert keys[0] != keys[1]


def test_user_errors_fail_the_task_and_are_stored_on_the_mirror(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", fixture("push_product_set_user_errors.json"))

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.error_kind) == ("failed", "validation")
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    assert mirror.status == "failed"
    assert "productSet: input.handle: Handle 'mug' already in use" in mirror.last_error


def test_throttled_resends_that_call_once_its_cost_is_available(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", fixture("push_throttled.json"), fixture("push_product_set_created.json"))

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.attempts) == ("succeeded", 1)
    assert fake.operations[:2] == ["ProductSet", "ProductSet"]  # the call, not the task, again


def test_throttled_beyond_the_wait_bound_defers_the_task_without_burning_an_attempt(shop, channel, mug):
    fake, _ = shop
    throttled = fixture("push_throttled.json")
    throttled["extensions"]["cost"]["requestedQueryCost"] = 900  # 9 s of refill: more than a worker waits
    throttled["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] = 0
    fake.queue("ProductSet", throttled)

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.error_kind, task.attempts) == ("deferred", "rate_limited", 0)
    assert task.next_run_at is not None
    assert fake.operations == ["ProductSet"]  # not re-sent into a bucket that cannot pay for it


def test_a_401_refreshes_the_token_once_and_retries(shop, channel, mug):
    fake, mocked = shop
    channel.refresh_token = "shprt_fixture_refresh_0001"
    channel.save()
    mocked.add(responses.POST, TOKEN_URL, json=fixture("auth_token_refreshed.json"))
    fake.queue("ProductSet", (401, {}, json.dumps({"errors": "[API] Invalid API key or access token"})))
    fake.queue("ProductSet", fixture("push_product_set_created.json"))

    task = push(channel, mug, usage="product.create")

    assert task.status == "succeeded", task.error
    channel.refresh_from_db()
    assert channel.access_token == "shpat_fixture_access_0002"
    assert [call.request.url for call in mocked.calls].count(TOKEN_URL) == 1


def test_a_server_error_is_retried_then_deferred_as_transient(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", *[(500, {}, json.dumps({"errors": "Internal Server Error"}))] * 10)

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert fake.operations.count("ProductSet") >= 1


def test_a_timeout_is_transient(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", *[requests.exceptions.ReadTimeout("read timed out")] * 5)

    task = push(channel, mug, usage="product.create")

    # The answer of the write was lost: productSet upserts by custom id, so it is sent again once, then deferred.
    assert (task.status, task.error_kind) == ("deferred", "transient")
    assert set(fake.operations) == {"ProductSet"}
    assert RemoteProduct.objects.get(local_instance_id=mug.pk).status == "waiting"  # deferred is not failed


def test_malformed_json_is_stored_on_the_mirror(shop, channel, mug):
    fake, _ = shop
    truncated = (200, {"Content-Type": "application/json"}, '{"data": {"productSet')
    fake.queue("ProductSet", truncated, truncated)  # the create, and the same upsert sent again

    task = push(channel, mug, usage="product.create")

    assert (task.status, task.error_kind) == ("deferred", "transient")  # AnswerLost: looked up, retried later
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    assert mirror.status == "waiting"  # deferred is not failed
    assert "malformed JSON" in task.error
    assert "waiting" in mirror.last_error


def test_delete_sends_product_delete_and_forgets_the_mirror(shop, channel, mug):
    fake, _ = shop
    fake.queue("ProductSet", fixture("push_product_set_created.json"))
    push(channel, mug, usage="product.create")
    fake.sent.clear()
    fake.queue("ProductDelete", fixture("push_product_delete.json"))

    task = push(channel, mug, usage="product.delete")

    assert (task.status, task.outcome) == ("succeeded", "deleted")
    assert fake.sent == [("ProductDelete", {"input": {"id": "gid://shopify/Product/9001"}})]
    assert not RemoteProduct.objects.filter(local_instance_id=mug.pk).exists()
