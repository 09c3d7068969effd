"""End to end against the sandbox: eBay's 250 revisions a day (counted per call and per listing, group listings
included), eBay's own revision-limit answer, daily call quotas, and withdrawing an inactive product's listing."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from types import MappingProxyType

import pytest

from products.models import Product, ProductTranslation
from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.client import item_error
from sales_channels.integrations.ebay.factories.products.push import Listing, Revisions, RevisionsHeldBack
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.integrations.ebay.spec import EBAY_SPEC
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import inventory_calls, sizes
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)

REVISING = (
    "POST bulk_create_or_replace_inventory_item",
    "POST bulk_update_price_quantity",
    "PUT inventory_item_group/TEE",
    "POST offer/publish_by_inventory_item_group",
)


@pytest.fixture
def listed(company, ebay_view):
    """Two live mugs and a live three-size tee."""
    mugs = []
    for index in range(2):
        mug = catalog.product(company, f"MUG-{index}", name=f"Mug {index}", price="12.50", stock=7)
        catalog.image(company, mug, url=f"https://images.example.com/mug-{index}.jpg", main=True)
        mugs.append(mug)
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M", "TEE-L"], price="19.90", stock=4)
    catalog.image(company, tee, url="https://images.example.com/tee.jpg", main=True)
    sizes(company, tee)
    tasks = e2e.assign_and_run(ebay_view, product_ids=[m.pk for m in mugs] + [tee.pk])
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks if t.status != "succeeded"]
    return mugs, tee


def row_of(product: Product) -> EbayOffer:
    return EbayOffer.objects.get(remote_product__local_instance_id=product.pk)


def ebay_revisions(sandbox, listing_id: str) -> int:
    """The revisions the sandbox (eBay) counted today on one listing."""
    return sandbox.inventory.revisions[(listing_id, sandbox._day())]


def resync(channel, products: list[Product], rounds: int = 2):
    since = last_task_id()
    flows.resync_products(channel=channel, product_ids=[p.pk for p in products])
    return {t.object_id: t for t in run_all(since=since, rounds=rounds)}


@pytest.fixture(params=["batch", "single"])
def path(request):
    """The batch step (bulk calls), or the single-listing step the framework runs when a usage has no batch."""
    kept = EBAY_SPEC.batch_steps
    if request.param == "single":
        unbatched = {usage: step for usage, step in kept.items() if usage != "product.sync"}
        object.__setattr__(EBAY_SPEC, "batch_steps", MappingProxyType(unbatched))  # a frozen spec
    yield request.param
    object.__setattr__(EBAY_SPEC, "batch_steps", kept)


def test_a_variation_price_change_counts_one_revision_on_the_group_listing(ebay_channel, listed, ebay_sandbox, path):
    _mugs, tee = listed
    group = row_of(tee)
    assert group.listing_id
    assert group.revisions == 0
    ebay_sandbox.request_log.clear()

    SalesPrice.objects.filter(product__sku__startswith="TEE-").update(price=Decimal("21.00"))
    tasks = resync(ebay_channel, [tee])

    assert tasks[tee.pk].status == "succeeded", tasks[tee.pk].error
    calls = inventory_calls(ebay_sandbox)
    assert set(calls) == {"POST bulk_update_price_quantity"}
    assert len(calls) == (1 if path == "batch" else 3)  # the batch sends the three offers in one call
    group.refresh_from_db()
    assert group.revisions == len(calls) == ebay_revisions(ebay_sandbox, group.listing_id)
    assert group.revisions_day == datetime.now(tz=UTC).date()


def test_a_group_with_250_revisions_holds_its_variations_change_back(ebay_channel, listed, ebay_sandbox, path):
    _mugs, tee = listed
    EbayOffer.objects.filter(pk=row_of(tee).pk).update(revisions=250, revisions_day=datetime.now(tz=UTC).date())
    ebay_sandbox.request_log.clear()

    SalesPrice.objects.filter(product__sku="TEE-S").update(price=Decimal("21.00"))
    tasks = resync(ebay_channel, [tee])

    held = tasks[tee.pk]
    assert held.status == "deferred", (held.status, held.error)
    assert "250 revisions" in held.error
    assert [c for c in inventory_calls(ebay_sandbox) if c in REVISING] == []  # nothing sent to eBay
    mirror = RemoteProduct.objects.get(local_instance_id=tee.pk, view__isnull=False)
    assert mirror.status == "waiting"
    assert "eBay allows 250 revisions of a listing a day" in mirror.last_error


def test_an_item_and_a_price_change_count_one_revision_per_call(ebay_channel, listed, ebay_sandbox, path):
    mugs, _tee = listed
    ebay_sandbox.request_log.clear()
    ProductTranslation.objects.filter(product=mugs[0]).update(name="Mug zero, renamed")
    SalesPrice.objects.filter(product=mugs[0]).update(price=Decimal("13.00"))

    tasks = resync(ebay_channel, [mugs[0]])

    assert tasks[mugs[0].pk].status == "succeeded", tasks[mugs[0].pk].error
    row = row_of(mugs[0])
    revising = [c for c in inventory_calls(ebay_sandbox) if c in REVISING or c.startswith("PUT offer/")]
    assert len(revising) == 2, revising
    assert row.revisions == 2 == ebay_revisions(ebay_sandbox, row.listing_id)


def test_ebays_own_revision_limit_answer_holds_the_change_back(ebay_channel, listed, ebay_sandbox):
    mugs, _tee = listed
    row = row_of(mugs[0])
    ebay_sandbox.inventory.revisions[(row.listing_id, ebay_sandbox._day())] = 250  # revised in eBay's own UI
    SalesPrice.objects.filter(product=mugs[0]).update(price=Decimal("15.00"))

    held = resync(ebay_channel, [mugs[0]])[mugs[0].pk]

    assert held.status == "deferred", (held.status, held.error)
    assert held.next_run_at >= datetime.combine(
        datetime.now(tz=UTC).date() + timedelta(days=1), time.min, tzinfo=UTC
    ) - timedelta(seconds=5)
    mirror = RemoteProduct.objects.get(local_instance_id=mugs[0].pk)
    assert (mirror.status, "250 revisions" in mirror.last_error) == ("waiting", True)


def test_a_used_up_daily_quota_defers_until_it_resets(ebay_channel, listed, ebay_sandbox):
    mugs, _tee = listed
    ebay_sandbox.quotas["inventory"] = ebay_sandbox.calls_today("inventory")  # the day's Inventory calls used up
    SalesPrice.objects.filter(product=mugs[0]).update(price=Decimal("15.00"))
    ebay_sandbox.request_log.clear()

    held = resync(ebay_channel, [mugs[0]], rounds=3)[mugs[0].pk]

    assert held.status == "deferred", (held.status, held.error)
    midnight = datetime.combine(datetime.now(tz=UTC).date() + timedelta(days=1), time.min, tzinfo=UTC)
    assert abs((held.next_run_at - midnight).total_seconds()) < 60
    mirror = RemoteProduct.objects.get(local_instance_id=mugs[0].pk)
    assert mirror.status == "waiting"
    assert "daily call quota" in mirror.last_error
    refused = [r for r in ebay_sandbox.request_log if r["status"] == 429]
    assert len(refused) <= 4, refused  # one task run (and the session's own retries), not a retry every few seconds
    assert any("/developer/analytics/" in r["path"] for r in ebay_sandbox.request_log)


def test_an_inactive_product_is_withdrawn_and_republished_once_active(ebay_channel, listed, ebay_sandbox, path):
    mugs, tee = listed
    mug_row, tee_row = row_of(mugs[0]), row_of(tee)
    before = ebay_sandbox.counts()
    Product.objects.filter(pk__in=[mugs[0].pk, tee.pk]).update(active=False)

    tasks = resync(ebay_channel, [mugs[0], tee])

    assert {t.status for t in tasks.values()} == {"succeeded"}, [t.error for t in tasks.values()]
    offer = ebay_sandbox.inventory.offers[mug_row.offer_id]
    assert offer["status"] == "UNPUBLISHED"
    assert "listing" not in offer
    assert "MUG-0" in ebay_sandbox.inventory.items
    assert "TEE" in ebay_sandbox.inventory.groups
    variants = [o for o in ebay_sandbox.inventory.offers.values() if o["sku"].startswith("TEE-")]
    assert len(variants) == 3
    assert {o["status"] for o in variants} == {"UNPUBLISHED"}
    assert ebay_sandbox.counts() == {**before, "listings": before["listings"] - 2}
    assert (row_of(mugs[0]).listing_id, row_of(tee).listing_id) == ("", "")

    Product.objects.filter(pk__in=[mugs[0].pk, tee.pk]).update(active=True)
    tasks = resync(ebay_channel, [mugs[0], tee])

    assert {t.status for t in tasks.values()} == {"succeeded"}, [t.error for t in tasks.values()]
    assert ebay_sandbox.counts() == before
    assert ebay_sandbox.inventory.offers[mug_row.offer_id]["status"] == "PUBLISHED"
    assert row_of(mugs[0]).listing_id
    assert row_of(tee).listing_id
    assert tee_row.offer_id == row_of(tee).offer_id


def test_the_sandbox_counts_one_revision_per_call_on_a_live_group(listed, ebay_sandbox):
    _mugs, tee = listed
    listing_id = row_of(tee).listing_id
    inventory = ebay_sandbox.inventory
    group = dict(inventory.groups["TEE"])
    variants = [o for o in inventory.offers.values() if o["sku"].startswith("TEE-")]

    for call in (
        lambda: inventory.put_group("TEE", group),  # eBay updates the live listing
        lambda: inventory.publish_group({"inventoryItemGroupKey": "TEE", "marketplaceId": "EBAY_US"}),
        lambda: inventory.bulk_price_quantity(
            {"requests": [{"offers": [{"offerId": o["offerId"], "availableQuantity": 2}]} for o in variants]}
        ),
    ):
        before = ebay_revisions(ebay_sandbox, listing_id)
        inventory.begin_call()
        call()
        inventory.end_call()
        assert ebay_revisions(ebay_sandbox, listing_id) == before + 1


def test_revisions_are_checked_before_each_call_and_spent_once_per_listing():
    live = EbayOffer(listing_id="110", revisions=249, revisions_day=datetime.now(tz=UTC).date())
    first, second = (Listing(key=k, payload={"item": {"sku": k}}, live=live) for k in ("A", "B"))
    revisions, failed = Revisions(), {}

    assert revisions.take([first, second], lambda item: item.live, failed) == [first, second]
    assert (live.revisions, failed) == (250, {})
    assert revisions.take([first], lambda item: item.live, failed) == []
    assert isinstance(failed["A"].error, RevisionsHeldBack)
    assert live.revisions == 250


def test_ebays_revision_limit_in_a_bulk_answer_is_a_hold_back():
    refused = item_error({"statusCode": 400, "errors": [{"errorId": 25025, "message": "limit of 250 revisions"}]})

    assert isinstance(refused, RevisionsHeldBack)
    assert refused.retry_after > 0
    assert "250 revisions" in refused.waiting_note


def test_an_inactive_configurable_never_listed_is_not_said_to_be_withdrawn(company, ebay_view, ebay_sandbox):
    """Its group and offers are written, nothing is published: the task says so, not "listing withdrawn"."""
    tee = catalog.configurable(company, "COAT", variations=["COAT-S", "COAT-M"], price="49.00", stock=2)
    catalog.image(company, tee, url="https://images.example.com/coat.jpg", main=True)
    sizes(company, tee)
    Product.objects.filter(pk=tee.pk).update(active=False)

    tasks = e2e.assign_and_run(ebay_view, product_ids=[tee.pk])

    [task] = [t for t in tasks if t.object_id == tee.pk]
    assert task.status == "succeeded", task.error
    assert "COAT" in ebay_sandbox.inventory.groups
    assert "withdrawn" not in str(task.detail)
