"""Groups cost no call, so they take no slot of a 25-SKU bulk call; a large backlog is taken in bulk-load batches."""

import pytest

from properties.models import Property
from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.factories.products.batch import BULK_LOAD_BATCH, EbayBatchListings
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import inventory_calls
from sales_channels.models import SyncTask
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_channels.tests.marketplace_catalog import prop, select_value, set_select

pytestmark = pytest.mark.django_db(transaction=True)


def test_25_simple_listings_and_3_groups_take_one_bulk_call_for_the_listings(company, ebay_view, ebay_sandbox):
    size = prop(company, "size", kind=Property.Type.SELECT, name="Size")
    small, large = select_value(company, size, "S"), select_value(company, size, "L")
    tees = []
    for index in range(3):  # created first: their tasks come first in the batch
        tee = catalog.configurable(company, f"TEE{index}", variations=[f"TEE{index}-S", f"TEE{index}-L"], price="9.00")
        catalog.image(company, tee, url=f"https://images.example.com/tee-{index}.jpg", main=True)
        for link, value in zip(tee.variation_links.order_by("variation__sku"), (large, small), strict=True):
            set_select(company, link.variation, size, value)
        tees.append(tee)
    mugs = []
    for index in range(25):
        mug = catalog.product(company, f"SLOT-{index}", name=f"Mug {index}", price="5.00", stock=2)
        catalog.image(company, mug, url=f"https://images.example.com/slot-{index}.jpg", main=True)
        mugs.append(mug)
    ebay_sandbox.request_log.clear()

    since = last_task_id()
    flows.assign_products(view=ebay_view, product_ids=[t.pk for t in tees] + [m.pk for m in mugs])
    tasks = run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks if t.status != "succeeded"]
    calls = inventory_calls(ebay_sandbox)
    assert calls.count("POST bulk_create_or_replace_inventory_item") == 2  # the 25 mugs, then the 6 variations
    assert calls.count("POST bulk_create_offer") == 2
    assert calls.count("POST bulk_publish_offer") == 1  # the 25 mugs; the groups publish themselves
    assert calls.count("POST offer/publish_by_inventory_item_group") == 3


def test_a_large_backlog_is_taken_in_bulk_load_batches(company, ebay_channel, ebay_view):
    usage = "product.create"
    default = 100

    def queue(ids: range) -> None:
        SyncTask.objects.bulk_create(
            SyncTask(
                multi_tenant_company=company, sales_channel=ebay_channel, view=ebay_view, usage=usage, object_id=pk
            )
            for pk in ids
        )

    queue(range(BULK_LOAD_BATCH - 1))
    assert EbayBatchListings.batch_size(channel=ebay_channel, usage=usage, default=default) == default
    queue(range(BULK_LOAD_BATCH - 1, BULK_LOAD_BATCH))
    assert EbayBatchListings.batch_size(channel=ebay_channel, usage=usage, default=default) == BULK_LOAD_BATCH
    assert EbayBatchListings.batch_size(channel=ebay_channel, usage="price.update", default=default) == default
    SyncTask.objects.filter(sales_channel=ebay_channel).update(status="succeeded")
    assert EbayBatchListings.batch_size(channel=ebay_channel, usage=usage, default=default) == default
