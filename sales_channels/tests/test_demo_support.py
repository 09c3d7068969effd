"""The demos' shared steps on the fake storefront: push and outcome counts, deferral, deadline, live change, summary."""

import time
from decimal import Decimal

import pytest

from inventory.models import Inventory
from sales_channels import demo_support
from sales_channels.models import ImportProcess, RemoteProduct, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tests import catalog
from sales_channels.tests.demo_checks import figures
from sales_channels.tests.fake.remote import RATE_LIMIT, SERVER_ERROR
from sales_prices.models import SalesPrice


@pytest.fixture
def products(company, eur):
    return [
        catalog.product(company, "PEN", price="1.00", stock=2),
        catalog.product(company, "INK", price="3.00", stock=4),
    ]


def soon(seconds: float = 20.0) -> float:
    return time.monotonic() + seconds


def test_the_summary_adds_the_import_to_the_push_and_names_every_outcome():
    imported = ImportProcess(created_count=3, linked_count=1, failed_count=0)

    counts = demo_support.merged_counts(pushed={"created": 2, "unchanged": 5}, imported=imported)
    line = demo_support.summary_line(counts=counts, calls=17, seconds=2.345)

    assert line == "5 created, 1 linked, 0 updated, 5 unchanged, 0 failed, 17 HTTP calls, 2.3 s"
    assert figures(line) == {"created": 5, "linked": 1, "updated": 0, "unchanged": 5, "failed": 0, "calls": 17}
    assert demo_support.merged_counts(pushed={}, imported=None) == dict.fromkeys(demo_support.OUTCOMES, 0)


def test_the_live_change_line_says_whether_the_price_arrived():
    same = demo_support.LiveChange(
        vendor="Shop", sku="PEN", price=Decimal("2.00"), remote_price=Decimal("2.0"), remote_stock=7
    )
    stale = demo_support.LiveChange(
        vendor="Shop", sku="PEN", price=Decimal("2.00"), remote_price=Decimal("1.00"), remote_stock=2
    )
    raised = demo_support.LiveChange(
        vendor="Market",
        sku="PEN",
        price=Decimal("2.00"),
        remote_price=Decimal("2.38"),
        remote_stock=7,
        remote_price_before=Decimal("1.19"),
        remote_stock_before=2,
    )

    assert same.line() == "live change on PEN: price 2.00 arrived (Shop 2.0), stock now 7"
    assert "NOT arrived (Shop 1.00)" in stale.line()
    assert raised.line() == "live change on PEN: price +1 arrived (Market 1.19 -> 2.38), stock 2 -> 7"
    assert not demo_support.LiveChange(
        vendor="Shop", sku="PEN", price=Decimal("2"), remote_price=None, remote_stock=None
    ).arrived
    assert demo_support.live_change_line(None) == demo_support.NOTHING_TO_CHANGE


@pytest.mark.django_db
def test_push_runs_a_deferred_task_when_it_is_due_and_counts_outcomes(storefront, remote, products):
    remote.inject(RATE_LIMIT, operation="create_product", retry_after=1)
    view = storefront.views.get(is_default=True)
    product_ids = demo_support.demo_products(channel=storefront, limit=10)

    counts = demo_support.push(channel=storefront, view=view, product_ids=product_ids, deadline=soon())

    assert product_ids == [item.pk for item in products]
    assert counts == {"created": 2, "failed": 0}
    assert remote.skus() == ["INK", "PEN"]
    assert not SyncTask.objects.filter(sales_channel=storefront, status__in=PENDING_STATUSES).exists()
    assert demo_support.demo_products(channel=storefront, limit=10) == []  # pushed products are mirrored now


@pytest.mark.django_db
def test_a_task_left_unfinished_at_the_deadline_counts_as_failed(storefront, remote, products):
    remote.inject(SERVER_ERROR, operation="create_product", times=99)
    view = storefront.views.get(is_default=True)

    counts = demo_support.push(
        channel=storefront, view=view, product_ids=[products[0].pk], deadline=time.monotonic() + 0.5
    )

    assert counts.get("failed") == 1


@pytest.mark.django_db
def test_the_live_change_raises_price_and_stock_and_runs_what_it_queues(storefront, remote, products):
    view = storefront.views.get(is_default=True)
    demo_support.push(channel=storefront, view=view, product_ids=[item.pk for item in products], deadline=soon())
    pen = demo_support.product_to_change(product_ids=[item.pk for item in products], currency="EUR")

    price = demo_support.change_price_and_stock(channel=storefront, product=pen, currency="EUR", deadline=soon())

    assert (pen.sku, price) == ("PEN", Decimal("2.00"))
    assert SalesPrice.objects.get(product=pen).price == Decimal("2.00")
    assert Inventory.objects.get(product=pen).quantity == 2 + demo_support.STOCK_STEP
    assert not SyncTask.objects.filter(sales_channel=storefront, status__in=PENDING_STATUSES).exists()
    assert demo_support.product_to_change(product_ids=[item.pk for item in products], currency="USD") is None


@pytest.mark.django_db
def test_forgetting_the_previous_run_cancels_open_tasks_and_drops_mirrors(storefront, remote, products):
    view = storefront.views.get(is_default=True)
    demo_support.push(channel=storefront, view=view, product_ids=[products[0].pk], deadline=soon())
    remote.inject(SERVER_ERROR, operation="create_product", times=99)
    demo_support.push(channel=storefront, view=view, product_ids=[products[1].pk], deadline=time.monotonic() + 0.3)

    demo_support.forget_previous_run(channel=storefront)

    assert not RemoteProduct.objects.filter(sales_channel=storefront).exists()
    assert SyncTask.objects.filter(sales_channel=storefront, status=SyncTaskStatus.CANCELLED).exists()
    assert not SyncTask.objects.filter(sales_channel=storefront, status__in=PENDING_STATUSES).exists()
