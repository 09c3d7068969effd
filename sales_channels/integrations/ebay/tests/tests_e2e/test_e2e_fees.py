"""A dry run against the sandbox over real HTTP: listing fees quoted by eBay, nothing written, eBay's specs kept."""

from decimal import Decimal

import pytest

from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.factories.products.batch import EbayBatchListings
from sales_channels.integrations.ebay.factories.products.fees import NO_OFFER, PUBLISHED
from sales_channels.integrations.ebay.factories.products.steps import EbayProductStep
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.integrations.ebay.sandbox.fees import FREE_LISTINGS
from sales_channels.integrations.ebay.spec import build_client
from sales_channels.integrations.ebay.tests import openapi_check
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import inventory_calls, sizes
from sales_channels.models import RemoteProduct, SyncTask
from sales_channels.registry import spec_for_channel
from sales_channels.tests import catalog, e2e
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listed(company, ebay_view, ebay_sandbox):
    """Mugs published up to the free-listing allowance, and a configurable whose group eBay refused to publish
    (no image: its variations' offers exist unpublished), and a lamp never sent."""
    mugs = []
    for index in range(FREE_LISTINGS):
        mug = catalog.product(company, f"MUG-{index}", name=f"Mug {index}", price="12.50", stock=7)
        catalog.image(company, mug, url=f"https://images.example.com/mug-{index}.jpg", main=True)
        mugs.append(mug)
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"], price="19.90", stock=4)
    sizes(company, tee)
    tasks = {t.object_id: t for t in e2e.assign_and_run(ebay_view, product_ids=[m.pk for m in mugs] + [tee.pk])}
    assert {tasks[m.pk].status for m in mugs} == {"succeeded"}
    assert tasks[tee.pk].status == "failed"
    assert "25717" in tasks[tee.pk].error
    lamp = catalog.product(company, "LAMP-1", name="Lamp", price="30.00", stock=2)
    catalog.image(company, lamp, url="https://images.example.com/lamp.jpg", main=True)
    SalesPrice.objects.filter(product=mugs[0]).update(price=Decimal("13.00"))
    return mugs, tee, lamp


def dry_context(view) -> StepContext:
    channel = view.sales_channel.specific
    spec = spec_for_channel(channel)
    session = build_session(channel=channel)
    return StepContext(
        channel=channel,
        spec=spec,
        client=build_client(channel=channel, session=session),
        session=session,
        view=view,
        dry_run=True,
    )


def state(view) -> list:
    mirrors = RemoteProduct.objects.filter(view=view).order_by("pk")
    offers = EbayOffer.objects.order_by("pk")
    return [list(mirrors.values()), list(offers.values())]


def dry_batch(view, products) -> dict[int, object]:
    context = dry_context(view)
    tasks = [
        SyncTask(pk=index + 1, object_id=product.pk, payload={}, usage="product.sync", attempts=1)
        for index, product in enumerate(products)
    ]
    EbayBatchListings.prefetch(context=context, object_ids=[p.pk for p in products])
    answers = EbayBatchListings(context=context, tasks=tasks).run()
    return {task.object_id: answers[task.pk] for task in tasks}


def test_a_dry_run_quotes_unpublished_offers_and_writes_nothing(ebay_view, ebay_sandbox, listed):
    mugs, tee, lamp = listed
    before_db, before_remote = state(ebay_view), ebay_sandbox.counts()
    items = dict(ebay_sandbox.inventory.items)
    ebay_sandbox.request_log.clear()
    ebay_sandbox.exchanges = []

    outcomes = dry_batch(ebay_view, [mugs[0], tee, lamp])

    assert outcomes[tee.pk].kind == "updated"
    # the allowance is used up by the published mugs: eBay's sandbox charges the group's one listing
    assert outcomes[tee.pk].detail == "Dry run. eBay insertion fee: 0.35 USD."
    assert outcomes[mugs[0].pk].kind == "updated"
    assert outcomes[mugs[0].pk].detail == f"Dry run. {PUBLISHED}"
    assert outcomes[mugs[0].pk].diff["offer.pricingSummary.price.value"] == {"from": "12.50", "to": "13.00"}
    assert (outcomes[lamp.pk].kind, outcomes[lamp.pk].detail) == ("created", f"Dry run. {NO_OFFER}")
    assert inventory_calls(ebay_sandbox) == ["POST offer/get_listing_fees"]  # one read-only call, no write
    assert (state(ebay_view), ebay_sandbox.counts(), ebay_sandbox.inventory.items) == (
        before_db,
        before_remote,
        items,
    )
    [fees_call] = [e for e in ebay_sandbox.exchanges if e.path.endswith("get_listing_fees")]
    openapi_check.specs_or_skip()
    openapi_check.validate(fees_call)


def test_a_failed_fees_call_fails_no_dry_run(ebay_view, ebay_sandbox, listed):
    _mugs, tee, lamp = listed
    ebay_sandbox.inject_fault("500", times=20, path="get_listing_fees")
    before = state(ebay_view)

    outcomes = dry_batch(ebay_view, [tee, lamp])

    assert outcomes[tee.pk].kind == "updated"
    assert outcomes[tee.pk].detail.startswith("Dry run. eBay listing fees unavailable: ")
    assert "HTTP 500 from POST" in outcomes[tee.pk].detail
    assert outcomes[lamp.pk].detail == f"Dry run. {NO_OFFER}"
    assert state(ebay_view) == before


def test_the_single_listing_step_quotes_too_and_ebays_refusal_reads_as_unavailable(ebay_view, ebay_sandbox, listed):
    _mugs, tee, _lamp = listed
    variant = EbayOffer.objects.filter(remote_product__parent__local_instance_id=tee.pk).first()
    ebay_sandbox.request_log.clear()
    ebay_sandbox.exchanges = []

    outcome = EbayProductStep(context=dry_context(ebay_view), object_id=tee.pk).run()
    assert outcome.detail == "Dry run. eBay insertion fee: 0.35 USD."

    ebay_sandbox.inventory.offers[variant.offer_id]["status"] = "PUBLISHED"  # published outside OneSila
    outcome = EbayProductStep(context=dry_context(ebay_view), object_id=tee.pk).run()
    assert outcome.detail.startswith("Dry run. eBay listing fees unavailable: 25754: One or more provided offerId")
    assert set(inventory_calls(ebay_sandbox)) == {"POST offer/get_listing_fees"}
    refused = ebay_sandbox.exchanges[-1]
    assert (refused.path, refused.reply.status) == ("/sell/inventory/v1/offer/get_listing_fees", 400)
    openapi_check.specs_or_skip()
    checked = [e for e in ebay_sandbox.exchanges if openapi_check.covered(e.path)]
    assert [e.reply.status for e in checked] == [200, 400]
    for exchange in checked:
        openapi_check.validate(exchange)  # the quote and eBay's refusal both as eBay's spec says
