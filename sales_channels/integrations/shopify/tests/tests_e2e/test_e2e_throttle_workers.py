"""Four workers share one shop's cost budget: calls are paid for before they are sent, none is THROTTLED."""

import os
import threading
import uuid

import pytest
from django.db import connection, connections

from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.client import ShopifyClient
from sales_channels.integrations.shopify.factories.sales_channels.tokens import store_token_answer
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.sandbox import ShopifySandbox
from sales_channels.throttle import (
    REDIS_COSTS_PREFIX,
    REDIS_KEY_PREFIX,
    DatabaseThrottleStore,
    RedisThrottleStore,
    Throttle,
)

BUCKET_POINTS = 1000.0
RESTORE_POINTS_PER_SECOND = 2000.0
WORKERS = 4
CALLS_EACH = 4


class CountedBucket:
    """Counts the sandbox bucket's refusals (each one a THROTTLED answer)."""

    def __init__(self, bucket) -> None:
        self.refused = 0
        self.taken = 0
        take = bucket.take

        def counted(cost: float) -> bool:
            granted = take(cost)
            if granted:
                self.taken += 1
            else:
                self.refused += 1
            return granted

        bucket.take = counted


@pytest.fixture(params=["database", "redis"])
def store(request):
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379/14)")
        store = RedisThrottleStore.from_url(url)
        yield store
        for prefix in (REDIS_KEY_PREFIX, REDIS_COSTS_PREFIX):
            for key in store._client.scan_iter(f"{prefix}shopify-e2e-*"):
                store._client.delete(key)
        return
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite cannot share a database between threads; run on PostgreSQL or with Redis")
    yield DatabaseThrottleStore()


@pytest.mark.django_db(transaction=True)
def test_four_workers_never_send_a_call_the_bucket_cannot_pay_for(company, store):
    with ShopifySandbox(bucket_size=BUCKET_POINTS, restore_rate=RESTORE_POINTS_PER_SECOND) as sandbox:
        channel = ShopifySalesChannel(
            multi_tenant_company=company,
            name="Sandbox shop",
            shop_domain=sandbox.shop,
            base_url=sandbox.base_url,
            connection_status="connected",
        )
        store_token_answer(channel=channel, answer=sandbox.issue_access_token())
        channel.save()  # connected: the metadata pulls run now, before the workers start
        sandbox.bucket.refill_fully()
        counted = CountedBucket(sandbox.bucket)
        key = f"shopify-e2e-{uuid.uuid4().hex}"
        errors: list[BaseException] = []
        barrier = threading.Barrier(WORKERS)

        def worker() -> None:
            throttle = Throttle(key, capacity=BUCKET_POINTS, refill_per_second=RESTORE_POINTS_PER_SECOND, store=store)
            session = VendorSession(
                company_id=company.pk, sales_channel_id=channel.pk, throttle=throttle, max_inline_wait=30
            )
            client = ShopifyClient(channel=channel, session=session)
            try:
                barrier.wait()
                for _ in range(CALLS_EACH):
                    client.execute(document="products_by_sku", variables={"query": "sku:NONE", "variantsFirst": 50})
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert (counted.taken, counted.refused) == (WORKERS * CALLS_EACH, 0)
    # At most the very first call of the push is THROTTLED: before it nobody knew what it costs.
    assert counted.refused <= 1
