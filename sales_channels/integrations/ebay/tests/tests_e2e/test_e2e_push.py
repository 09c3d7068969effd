"""End to end against the sandbox over real HTTP: bulk push, resync, live price and stock, unassign, faults."""

from decimal import Decimal

import pytest
from django.utils import timezone

from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


def sizes(company, parent):
    """A Size select property on each variation of `parent` (S, M, L by SKU suffix)."""
    links = list(parent.variation_links.select_related("variation"))
    size, options = e2e.select_property(
        company, "size", "Size", [link.variation.sku.rsplit("-", 1)[-1] for link in links]
    )
    for link, option in zip(links, options, strict=True):
        e2e.choose(link.variation, size, option)


@pytest.fixture
def products(company):
    mugs = []
    for index in range(30):  # more than one bulk call of 25
        mug = catalog.product(company, f"MUG-{index}", name=f"Mug {index}", price="12.50", stock=7)
        catalog.image(company, mug, url=f"https://images.example.com/mug-{index}.jpg", main=True)
        mugs.append(mug)
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M", "TEE-L"], price="19.90", stock=4)
    catalog.image(company, tee, url="https://images.example.com/tee.jpg", main=True)
    sizes(company, tee)
    return mugs, tee


def inventory_calls(sandbox) -> list[str]:
    return [
        f"{r['method']} {r['path'].split('/v1/')[-1]}" for r in sandbox.request_log if "/sell/inventory/" in r["path"]
    ]


def test_push_resync_live_changes_and_unassign(ebay_channel, ebay_view, products, ebay_sandbox):
    mugs, tee = products
    before = ebay_sandbox.counts()
    ebay_sandbox.request_log.clear()

    tasks = e2e.assign_and_run(ebay_view, product_ids=[m.pk for m in mugs] + [tee.pk])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks if t.status != "succeeded"]
    assert ebay_sandbox.counts() == {
        "inventory_items": before["inventory_items"] + 30 + 3,
        "offers": before["offers"] + 30 + 3,
        "groups": before["groups"] + 1,
        "listings": before["listings"] + 30 + 1,
    }
    calls = inventory_calls(ebay_sandbox)
    # 33 SKUs in two calls: 25 mugs, then 5 mugs with the 3 variations (they share the call)
    assert calls.count("POST bulk_create_or_replace_inventory_item") == 2
    assert calls.count("POST bulk_create_offer") == 2
    assert calls.count("POST bulk_publish_offer") == 2  # the variations are published with their group
    assert calls.count("PUT inventory_item_group/TEE") == 1
    assert calls.count("POST offer/publish_by_inventory_item_group") == 1
    assert len(calls) == 8
    item = ebay_sandbox.inventory.items["MUG-3"]
    assert item["product"]["title"] == "Mug 3"
    assert item["product"]["imageUrls"] == ["https://images.example.com/mug-3.jpg"]
    assert item["availability"]["shipToLocationAvailability"]["quantity"] == 7
    assert item["locale"] == "en_US"
    mug_offer = EbayOffer.objects.get(remote_product__local_instance_id=mugs[3].pk)
    offer = ebay_sandbox.inventory.offers[mug_offer.offer_id]
    assert offer["pricingSummary"]["price"] == {"value": "12.50", "currency": "USD"}
    assert offer["status"] == "PUBLISHED"
    assert offer["listing"]["listingId"] == mug_offer.listing_id
    group = ebay_sandbox.inventory.groups["TEE"]
    assert sorted(group["variantSKUs"]) == ["TEE-L", "TEE-M", "TEE-S"]
    assert group["variesBy"]["specifications"] == [{"name": "Size", "values": ["L", "M", "S"]}]
    assert ebay_sandbox.inventory.items["TEE-S"]["product"]["aspects"] == {"Size": ["S"]}
    assert RemoteProduct.objects.get(local_instance_id=tee.pk, view=ebay_view).remote_id == "TEE"

    ebay_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=ebay_channel)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert inventory_calls(ebay_sandbox) == []  # an unchanged catalog costs no call

    ebay_sandbox.request_log.clear()
    since = last_task_id()
    for mug in mugs[:3]:
        e2e.edit_price(mug, price="14.00")
    e2e.edit_stock(mugs[0], quantity=3)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    # price and quantity only (each save runs its own task at once here: one call per change)
    assert set(inventory_calls(ebay_sandbox)) == {"POST bulk_update_price_quantity"}
    offer = ebay_sandbox.inventory.offers[EbayOffer.objects.get(remote_product__local_instance_id=mugs[0].pk).offer_id]
    assert (offer["pricingSummary"]["price"]["value"], offer["availableQuantity"]) == ("14.00", 3)
    assert ebay_sandbox.inventory.items["MUG-0"]["availability"]["shipToLocationAvailability"]["quantity"] == 3

    since = last_task_id()
    flows.unassign_products(view=ebay_view, product_ids=[mugs[0].pk, tee.pk])
    assert {(t.usage, t.status) for t in run_all(since=since)} == {("product.delete", "succeeded")}
    assert "MUG-0" not in ebay_sandbox.inventory.items
    assert "TEE" not in ebay_sandbox.inventory.groups
    assert not RemoteProduct.objects.filter(local_instance_id__in=[mugs[0].pk, tee.pk]).exists()


def test_a_refused_listing_fails_alone_with_ebays_message(ebay_channel, ebay_view, products, ebay_sandbox):
    mugs, _tee = products
    long_sku = "L" * 60  # eBay takes SKUs of at most 50 characters
    odd = catalog.product(ebay_channel.multi_tenant_company, long_sku, price="3.00", stock=1)
    catalog.image(ebay_channel.multi_tenant_company, odd, url="https://images.example.com/odd.jpg", main=True)
    tasks = {t.object_id: t for t in e2e.assign_and_run(ebay_view, product_ids=[mugs[0].pk, odd.pk])}

    assert tasks[mugs[0].pk].status == "succeeded"
    assert tasks[odd.pk].status == "failed"
    assert "25707: This is an invalid value for a SKU" in tasks[odd.pk].error
    mirror = RemoteProduct.objects.get(local_instance_id=odd.pk, view=ebay_view)
    assert mirror.status == "failed"
    assert "25707" in mirror.last_error
    assert long_sku not in ebay_sandbox.inventory.items
    assert ebay_sandbox.inventory.offers[EbayOffer.objects.get(remote_product__local_instance_id=mugs[0].pk).offer_id]


def test_a_fault_storm_duplicates_nothing(ebay_channel, ebay_view, products, ebay_sandbox):
    mugs, tee = products
    before = ebay_sandbox.counts()
    ebay_sandbox.inject_fault("500", times=2, path="bulk_create_or_replace_inventory_item")
    ebay_sandbox.inject_fault("429", times=1, path="bulk_create_offer", retry_after=0)
    ebay_sandbox.inject_fault("malformed_json", times=1, path="bulk_create_offer", execute=True)
    ebay_sandbox.inject_fault("500", times=1, path="bulk_publish_offer")
    ebay_sandbox.inject_fault("revoke_token")

    tasks = e2e.assign_and_run(ebay_view, product_ids=[m.pk for m in mugs[:5]] + [tee.pk])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks if t.status != "succeeded"]
    assert ebay_sandbox.counts() == {
        "inventory_items": before["inventory_items"] + 5 + 3,
        "offers": before["offers"] + 5 + 3,
        "groups": before["groups"] + 1,
        "listings": before["listings"] + 5 + 1,
    }


def test_a_listing_without_an_image_or_a_price_fails_before_any_call(company, ebay_view, ebay_sandbox):
    bare = catalog.product(company, "BARE-1", name="Bare", stock=1)
    ebay_sandbox.request_log.clear()
    [task] = e2e.assign_and_run(ebay_view, product_ids=[bare.pk])

    assert (task.status, task.error_kind) == ("failed", "mapping")
    assert "BARE-1: a price in EBAY_US's currency" in task.error
    assert "BARE-1: an HTTPS image" in task.error
    assert inventory_calls(ebay_sandbox) == []


def test_a_listing_with_250_revisions_today_holds_its_change_back(ebay_channel, ebay_view, products, ebay_sandbox):
    mugs, _tee = products
    assert {t.status for t in e2e.assign_and_run(ebay_view, product_ids=[mugs[0].pk, mugs[1].pk])} == {"succeeded"}
    EbayOffer.objects.filter(remote_product__local_instance_id=mugs[0].pk).update(
        revisions=250, revisions_day=timezone.now().date()
    )
    ebay_sandbox.request_log.clear()

    since = last_task_id()
    SalesPrice.objects.filter(product__in=mugs[:2]).update(price=Decimal("15.00"))
    flows.resync_products(channel=ebay_channel, product_ids=[mugs[0].pk, mugs[1].pk])
    tasks = {t.object_id: t for t in run_all(since=since, rounds=2)}

    held = tasks[mugs[0].pk]
    assert held.status not in ("succeeded", "failed")
    assert held.next_run_at > timezone.now()
    assert "250 revisions" in held.error
    assert tasks[mugs[1].pk].status == "succeeded"
    assert inventory_calls(ebay_sandbox) == ["POST bulk_update_price_quantity"]  # the other listing only
    assert EbayOffer.objects.get(remote_product__local_instance_id=mugs[1].pk).revisions == 1
