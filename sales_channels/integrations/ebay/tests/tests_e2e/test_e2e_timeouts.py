"""Read timeouts after eBay did the work: the retried push links what exists and duplicates nothing."""

import pytest

from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import sizes
from sales_channels.tests import catalog, e2e

pytestmark = pytest.mark.django_db(transaction=True)

SLOW = 1.0  # the sandbox answers this late, after doing the work
PATIENCE = 0.3  # the client's read timeout here


@pytest.mark.parametrize(
    "path",
    [
        "bulk_create_or_replace_inventory_item",
        "bulk_create_offer",
        "bulk_publish_offer",
        "publish_by_inventory_item_group",
    ],
)
def test_a_timed_out_call_that_went_through_is_neither_lost_nor_duplicated(
    company, ebay_channel, ebay_view, ebay_sandbox, settings, path
):
    settings.SALES_CHANNELS_READ_TIMEOUT_SECONDS = PATIENCE
    mugs = []
    for index in range(3):
        mug = catalog.product(company, f"SLOW-{index}", name=f"Slow mug {index}", price="8.00", stock=2)
        catalog.image(company, mug, url=f"https://images.example.com/slow-{index}.jpg", main=True)
        mugs.append(mug)
    tee = catalog.configurable(company, "SLOWTEE", variations=["SLOWTEE-S", "SLOWTEE-M"], price="9.00", stock=1)
    catalog.image(company, tee, url="https://images.example.com/slow-tee.jpg", main=True)
    sizes(company, tee)
    before = ebay_sandbox.counts()
    ebay_sandbox.inject_fault("timeout", times=1, path=path, execute=True, seconds=SLOW)

    tasks = e2e.assign_and_run(ebay_view, product_ids=[m.pk for m in mugs] + [tee.pk])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks if t.status != "succeeded"]
    assert ebay_sandbox.faults == []  # the slow answer was given (and timed out): in-session retry or task retry
    assert ebay_sandbox.counts() == {
        "inventory_items": before["inventory_items"] + 3 + 2,
        "offers": before["offers"] + 3 + 2,
        "groups": before["groups"] + 1,
        "listings": before["listings"] + 3 + 1,
    }
    skus = [offer["sku"] for offer in ebay_sandbox.inventory.offers.values() if offer["sku"].startswith("SLOW")]
    assert sorted(skus) == ["SLOW-0", "SLOW-1", "SLOW-2", "SLOWTEE-M", "SLOWTEE-S"]
    assert {offer["status"] for offer in ebay_sandbox.inventory.offers.values() if offer["sku"] in skus} == {
        "PUBLISHED"
    }
    ours = EbayOffer.objects.filter(remote_product__sales_channel=ebay_channel).exclude(offer_id="")
    assert sorted(ours.values_list("offer_id", flat=True)) == sorted(
        key for key, offer in ebay_sandbox.inventory.offers.items() if offer["sku"] in skus
    )


@pytest.mark.parametrize("fault", ["timeout", "500"])
def test_a_withdraw_that_went_through_but_answered_late_is_not_a_failure(
    company, ebay_channel, ebay_view, ebay_sandbox, settings, fault
):
    """The retried withdraw finds the listing ended (eBay: 25713 "not available"): what it wanted, not a failure."""
    settings.SALES_CHANNELS_READ_TIMEOUT_SECONDS = PATIENCE
    mug = catalog.product(company, "GONE-0", name="Gone mug", price="8.00", stock=2)
    catalog.image(company, mug, url="https://images.example.com/gone-0.jpg", main=True)
    [task] = e2e.assign_and_run(ebay_view, product_ids=[mug.pk])
    assert task.status == "succeeded", task.error
    row = EbayOffer.objects.get(remote_product__local_instance_id=mug.pk)
    assert row.listing_id
    ebay_sandbox.inject_fault(fault, times=1, path=f"offer/{row.offer_id}/withdraw", execute=True, seconds=SLOW)
    since = e2e.last_task_id()

    mug.active = False
    mug.save()  # queues the listing's update
    tasks = e2e.run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert ebay_sandbox.inventory.offers[row.offer_id]["status"] == "UNPUBLISHED"
    assert {"id": f"offer:{row.offer_id}", "skus": ["GONE-0"]} in ebay_sandbox.control_state()["listings"]
    assert EbayOffer.objects.get(pk=row.pk).listing_id == ""


@pytest.mark.parametrize("fault", ["timeout", "500"])
def test_a_group_withdraw_that_went_through_but_answered_late_is_not_a_failure(
    company, ebay_channel, ebay_view, ebay_sandbox, settings, fault
):
    """The retried group withdraw finds nothing listed (eBay: 25725 "No offer found"): what it wanted."""
    settings.SALES_CHANNELS_READ_TIMEOUT_SECONDS = PATIENCE
    tee = catalog.configurable(company, "GONETEE", variations=["GONETEE-S", "GONETEE-M"], price="9.00", stock=1)
    catalog.image(company, tee, url="https://images.example.com/gone-tee.jpg", main=True)
    sizes(company, tee)
    tasks = e2e.assign_and_run(ebay_view, product_ids=[tee.pk])
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks]
    ebay_sandbox.inject_fault(fault, times=1, path="withdraw_by_inventory_item_group", execute=True, seconds=SLOW)
    since = e2e.last_task_id()

    tee.active = False
    tee.save()
    tasks = e2e.run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    offers = [o for o in ebay_sandbox.inventory.offers.values() if o["sku"].startswith("GONETEE-")]
    assert len(offers) == 2
    assert {o["status"] for o in offers} == {"UNPUBLISHED"}
    assert "GONETEE" in ebay_sandbox.inventory.groups  # withdrawn, not deleted
    held = [entry for entry in ebay_sandbox.control_state()["listings"] if "GONETEE-S" in entry["skus"]]
    assert held == [{"id": "group:GONETEE", "skus": ["GONETEE-M", "GONETEE-S"]}]  # at the vendor once, not live
