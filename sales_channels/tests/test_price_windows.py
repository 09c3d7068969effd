"""Price lists reach the channels: a list's own edit (dates, currency, delete) and the daily windows pass."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from products.models import Product
from sales_channels import tasks
from sales_channels.flows import default as flows
from sales_channels.models import SalesChannelViewAssign
from sales_channels.price_windows import queue_window_changes, window_products
from sales_channels.tests import catalog
from sales_channels.tests.conftest import pending_tasks
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.spec import STOREFRONT
from sales_prices.models import SalesPriceList, SalesPriceListItem

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2031, 6, 15)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def enqueued(monkeypatch):
    """Stop the (immediate) worker: record the task ids flows hand to the queue instead of running them."""
    ids: list[int] = []
    monkeypatch.setattr(
        "sales_channels.tasks.enqueue_sync_tasks", lambda *, sync_task_ids, delay=0: ids.extend(sync_task_ids)
    )
    return ids


def assign(product, view) -> None:
    with flows.assign_signals_muted():
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=product.multi_tenant_company,
            product=product,
            view=view,
            sales_channel=view.sales_channel,
        )


def price_list(company, currency, *, name: str, products, start=None, end=None) -> SalesPriceList:
    """A list holding `products` at 5.00 (created without the on-commit signals running)."""
    created = SalesPriceList.objects.create(
        multi_tenant_company=company, name=name, currency=currency, start_date=start, end_date=end
    )
    for product in products:
        SalesPriceListItem.objects.create(
            multi_tenant_company=company, price_list=created, product=product, price=Decimal("5.00")
        )
    return created


def keys(**filters):
    return sorted((t.sales_channel_id, t.view_id, t.usage, t.object_id) for t in pending_tasks(**filters))


@pytest.fixture
def web(storefront):
    return storefront.views.get(remote_id="web")


@pytest.fixture
def other_store(other_company, fake_backend):
    """The other company's storefront, selling its own product, in its own list."""
    currency = catalog.currency(other_company)
    channel = SalesChannelFactory(multi_tenant_company=other_company, name="Other shop", integration=STOREFRONT)
    view = SalesChannelViewFactory(multi_tenant_company=other_company, sales_channel=channel, is_default=True)
    item = catalog.product(other_company, "OTHER", price="9.00")
    assign(item, view)
    return channel, currency, item


# -- a list's own edit ----------------------------------------------------------------------------------


def test_editing_a_lists_dates_queues_price_updates_for_its_products_only_in_its_company(
    company, other_company, eur, storefront, web, other_store, enqueued, django_capture_on_commit_callbacks
):
    mug, pen, cap = (catalog.product(company, sku, price="10.00") for sku in ("MUG", "PEN", "CAP"))
    tee = catalog.configurable(company, "TEE", variations=["TEE-S"])
    for item in (mug, pen, tee):
        assign(item, web)
    sale = price_list(company, eur, name="Sale", products=[mug, cap, Product.objects.get(sku="TEE-S")])
    other_channel, other_eur, other_item = other_store
    other_sale = price_list(other_company, other_eur, name="Sale", products=[other_item])
    assert not pending_tasks().exists()

    sale = SalesPriceList.objects.get(pk=sale.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sale.start_date = TODAY
        sale.end_date = TODAY + 10 * DAY
        sale.save()

    # the list's products where listed (a variation through its parent's listing); not PEN (listed, not in
    # the list), not CAP (in the list, listed nowhere)
    assert keys() == sorted(
        [(storefront.pk, None, "price.update", mug.pk), (storefront.pk, None, "price.update", tee.pk)]
    )
    assert not pending_tasks(sales_channel=other_channel).exists()
    assert sorted(enqueued) == sorted(pending_tasks().values_list("pk", flat=True))

    other_sale = SalesPriceList.objects.get(pk=other_sale.pk)
    with django_capture_on_commit_callbacks(execute=True):
        other_sale.start_date = TODAY
        other_sale.save()
    assert keys(sales_channel=other_channel) == [(other_channel.pk, None, "price.update", other_item.pk)]
    assert pending_tasks(sales_channel=storefront).count() == 2  # the other company's edit added nothing here


def test_deleting_a_list_queues_one_price_update_per_listing(
    company, eur, storefront, web, enqueued, django_capture_on_commit_callbacks
):
    items = [catalog.product(company, f"ITEM-{n}", price="10.00") for n in range(5)]
    for item in items:
        assign(item, web)
    sale = price_list(company, eur, name="Sale", products=items, start=TODAY - 3 * DAY)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        SalesPriceList.objects.get(pk=sale.pk).delete()

    assert len(callbacks) == 1  # one signal for the list, none per cascaded item
    assert keys() == sorted((storefront.pk, None, "price.update", item.pk) for item in items)


def test_a_list_edit_respects_the_channels_price_switch(
    company, eur, storefront, web, enqueued, django_capture_on_commit_callbacks
):
    mug = catalog.product(company, "MUG", price="10.00")
    assign(mug, web)
    sale = price_list(company, eur, name="Sale", products=[mug])
    storefront.sync_prices = False
    storefront.save()

    sale = SalesPriceList.objects.get(pk=sale.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sale.end_date = TODAY
        sale.save()

    assert not pending_tasks().exists()


# -- the daily pass ------------------------------------------------------------------------------------


@pytest.fixture
def windows(company, eur, storefront, web):
    """One listed product per kind of list; only the first two change price on TODAY."""
    made = {}
    cases = {
        "starts": (TODAY, TODAY + 5 * DAY),
        "ended": (TODAY - 5 * DAY, TODAY - DAY),
        "starts_tomorrow": (TODAY + DAY, None),
        "ends_today": (TODAY - 5 * DAY, TODAY),  # still in force today (bounds are inclusive)
        "ended_two_days_ago": (None, TODAY - 2 * DAY),
        "in_force": (TODAY - 5 * DAY, None),
        "open": (None, None),
    }
    for name, (start, end) in cases.items():
        item = catalog.product(company, name.upper(), price="10.00")
        assign(item, web)
        price_list(company, eur, name=name, products=[item], start=start, end=end)
        made[name] = item
    return made


def test_the_pass_queues_lists_starting_today_and_ended_yesterday_only(storefront, windows, enqueued):
    assert queue_window_changes(day=TODAY) == 2

    assert keys() == sorted(
        [
            (storefront.pk, None, "price.update", windows["starts"].pk),
            (storefront.pk, None, "price.update", windows["ended"].pk),
        ]
    )
    assert sorted(enqueued) == sorted(pending_tasks().values_list("pk", flat=True))


def test_the_pass_queues_once_per_listing(company, eur, storefront, windows, enqueued):
    # a product in two turning lists, and a second pass the same day: still one pending task each
    price_list(company, eur, name="Also starts", products=[windows["ended"]], start=TODAY)
    assert queue_window_changes(day=TODAY) == 2
    assert queue_window_changes(day=TODAY) == 2

    assert pending_tasks().count() == 2
    assert len(enqueued) == 2


def test_the_pass_names_a_variations_parent_listing(company, eur, storefront, web, enqueued):
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"])
    assign(tee, web)
    variations = list(Product.objects.filter(sku__in=["TEE-S", "TEE-M"]))
    price_list(company, eur, name="Tees", products=variations, start=TODAY)

    queue_window_changes(day=TODAY)

    assert keys() == [(storefront.pk, None, "price.update", tee.pk)]


def test_the_pass_skips_inactive_channels_the_price_switch_and_other_companies(
    company, eur, storefront, windows, other_store, enqueued
):
    other_channel, other_eur, other_item = other_store
    price_list(other_item.multi_tenant_company, other_eur, name="starts", products=[other_item], start=TODAY)
    storefront.sync_prices = False
    storefront.save()

    queue_window_changes(day=TODAY)
    assert keys() == [(other_channel.pk, None, "price.update", other_item.pk)]  # each company its own

    other_channel.active = False
    other_channel.save()
    assert window_products(day=TODAY) == {company.pk: {windows["starts"].pk, windows["ended"].pk}}
    storefront.active = False
    storefront.save()
    assert window_products(day=TODAY) == {}  # no active channel anywhere: nothing is even read per company


def test_the_pass_queries_do_not_grow_with_the_number_of_products_or_lists(company, eur, storefront, web, enqueued):
    def turning(prefix: str, count: int) -> None:
        items = [catalog.product(company, f"{prefix}{n}", price="10.00") for n in range(count)]
        for item in items:
            assign(item, web)
        half = count // 2
        price_list(company, eur, name=f"{prefix}-starts", products=items[:half], start=TODAY)
        for n, item in enumerate(items[half:]):  # one list per product: lists must not cost queries either
            price_list(company, eur, name=f"{prefix}-ended-{n}", products=[item], end=TODAY - DAY)

    def queries(day: datetime.date) -> tuple[int, int]:
        """(statements other than INSERT, INSERT statements) of one pass."""
        with CaptureQueriesContext(connection) as captured:
            queue_window_changes(day=day)
        inserts = sum(q["sql"].startswith("INSERT") for q in captured.captured_queries)
        return len(captured) - inserts, inserts

    turning("S", 4)
    reads_small, inserts_small = queries(TODAY)
    assert pending_tasks().count() == 4
    pending_tasks().delete()
    turning("L", 80)
    reads_large, inserts_large = queries(TODAY)

    assert pending_tasks().count() == 84
    assert reads_small == reads_large <= 8
    # One bulk INSERT, split only by the database's bound-parameter limit (SQLite: ~45 rows a statement).
    assert inserts_small == 1
    assert inserts_large <= 1 + 2 * 84 // 45


def test_the_pass_defaults_to_today_and_is_a_daily_framework_task(company, eur, storefront, web, enqueued):
    mug = catalog.product(company, "MUG", price="10.00")
    assign(mug, web)
    price_list(company, eur, name="Today", products=[mug], start=timezone.localdate())

    assert queue_window_changes() == 1
    assert keys() == [(storefront.pk, None, "price.update", mug.pk)]

    name = tasks.queue_price_list_windows.task_class.__name__
    runs_at = datetime.datetime(2031, 6, 15, 0, 5)
    assert name in {task.name for task in HUEY.read_periodic(runs_at)}  # registered with the consumer
    assert name not in {task.name for task in HUEY.read_periodic(runs_at + datetime.timedelta(hours=1))}
