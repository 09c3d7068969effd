"""Flows: which channels and views a change concerns, dedupe, escalation, switches, assigns, tenancy, cost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Inventory
from products.models import BundleItem, Product
from sales_channels.flows import default as flows
from sales_channels.models import RemoteProduct, SalesChannelViewAssign, SyncTask
from sales_channels.tests import catalog
from sales_channels.tests.conftest import pending_tasks
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.spec import STOREFRONT
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    """Stop the (immediate) worker: record the task ids flows hand to the queue instead of running them."""
    ids: list[int] = []
    monkeypatch.setattr(
        "sales_channels.tasks.enqueue_sync_tasks", lambda *, sync_task_ids, delay=0: ids.extend(sync_task_ids)
    )
    return ids


def assign(product, view):
    with flows.assign_signals_muted():
        return SalesChannelViewAssign.objects.create(
            multi_tenant_company=product.multi_tenant_company,
            product=product,
            view=view,
            sales_channel=view.sales_channel,
        )


def keys():
    return sorted((t.sales_channel_id, t.view_id, t.usage, t.object_id) for t in pending_tasks())


@pytest.fixture
def shirt(company, eur, storefront, marketplace):
    item = catalog.product(company, "SHIRT", price="10.00", stock=5)
    assign(item, storefront.views.get(remote_id="web"))
    assign(item, storefront.views.get(remote_id="b2b"))
    assign(item, marketplace.views.get(remote_id="DE"))
    assign(item, marketplace.views.get(remote_id="FR"))
    return item


def test_ten_rapid_saves_give_one_pending_task_per_listing(
    shirt, storefront, marketplace, enqueued, django_capture_on_commit_callbacks
):
    translation = shirt.translations.get()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            translation.name = f"Shirt v{n}"
            translation.save()

    de, fr = marketplace.views.get(remote_id="DE").pk, marketplace.views.get(remote_id="FR").pk
    assert keys() == sorted(
        [
            (storefront.pk, None, "product.sync", shirt.pk),  # a storefront lists once, whatever its views
            (marketplace.pk, de, "product.sync", shirt.pk),
            (marketplace.pk, fr, "product.sync", shirt.pk),
        ]
    )
    assert sorted(enqueued) == sorted(pending_tasks().values_list("pk", flat=True))


def test_a_price_change_queues_a_price_update(shirt, storefront, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        price = SalesPrice.objects.get(product=shirt)
        price.price = Decimal("12.00")
        price.save()

    assert {t.usage for t in pending_tasks(sales_channel=storefront)} == {"price.update"}


def test_several_change_kinds_collapse_into_one_full_sync(
    shirt, storefront, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        price = SalesPrice.objects.get(product=shirt)
        price.price = Decimal("12.00")
        price.save()
    first = pending_tasks(sales_channel=storefront).get()
    with django_capture_on_commit_callbacks(execute=True):
        stock = Inventory.objects.get(product=shirt)
        stock.quantity = 1
        stock.save()

    assert [t.usage for t in pending_tasks(sales_channel=storefront)] == ["product.sync"]
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_a_pending_full_sync_absorbs_narrower_changes(shirt, storefront, enqueued):
    flows.resync_products(channel=storefront, product_ids=[shirt.pk])
    flows.on_catalog_changed(company_id=shirt.multi_tenant_company_id, kind="price", product_ids=[shirt.pk])

    assert [t.usage for t in pending_tasks(sales_channel=storefront)] == ["product.sync"]


def test_switched_off_channels_get_nothing_for_that_kind(shirt, storefront, marketplace, enqueued):
    storefront.sync_prices = False
    storefront.save()

    flows.on_catalog_changed(company_id=shirt.multi_tenant_company_id, kind="price", product_ids=[shirt.pk])

    assert not pending_tasks(sales_channel=storefront).exists()
    assert pending_tasks(sales_channel=marketplace).count() == 2


def test_inactive_channels_get_nothing(shirt, storefront, enqueued):
    storefront.active = False
    storefront.save()

    flows.on_catalog_changed(company_id=shirt.multi_tenant_company_id, kind="content", product_ids=[shirt.pk])

    assert not pending_tasks(sales_channel=storefront).exists()


def test_a_variation_change_concerns_its_parents_listing(
    company, storefront, enqueued, django_capture_on_commit_callbacks
):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S"])
    assign(parent, storefront.views.get(remote_id="web"))
    variation = Product.objects.get(sku="TEE-S")

    with django_capture_on_commit_callbacks(execute=True):
        price = SalesPrice.objects.get(product=variation)
        price.price = Decimal("11.00")
        price.save()

    assert keys() == [(storefront.pk, None, "price.update", parent.pk)]


def test_a_components_stock_concerns_the_bundle(company, storefront, enqueued):
    component = catalog.product(company, "CUP", stock=4)
    bundle = catalog.product(company, "SET", kind=Product.BUNDLE)
    BundleItem.objects.create(multi_tenant_company=company, parent=bundle, product=component, quantity=2)
    assign(bundle, storefront.views.get(remote_id="web"))

    flows.on_catalog_changed(company_id=company.pk, kind="stock", product_ids=[component.pk])

    assert keys() == [(storefront.pk, None, "stock.update", bundle.pk)]


def test_assigning_creates_the_listing_remotely(company, storefront, remote, django_capture_on_commit_callbacks):
    item = catalog.product(company, "PEN", price="1.00")

    with django_capture_on_commit_callbacks(execute=True):
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=company, product=item, view=storefront.views.get(remote_id="web")
        )

    assert remote.skus() == ["PEN"]
    assert SyncTask.objects.get().outcome == "created"


def test_bulk_assign_queues_one_create_per_listing(company, storefront, marketplace, enqueued):
    items = [catalog.product(company, f"P{n}") for n in range(3)]
    view = marketplace.views.get(remote_id="NL")

    assert flows.assign_products(view=view, product_ids=[i.pk for i in items]) == 3
    assert flows.assign_products(view=view, product_ids=[i.pk for i in items]) == 0

    assert keys() == sorted((marketplace.pk, view.pk, "product.create", i.pk) for i in items)


def test_unassigning_deletes_the_listing_remotely(company, storefront, remote, django_capture_on_commit_callbacks):
    item = catalog.product(company, "PEN")
    view = storefront.views.get(remote_id="web")
    with django_capture_on_commit_callbacks(execute=True):
        SalesChannelViewAssign.objects.create(multi_tenant_company=company, product=item, view=view)
    assert remote.skus() == ["PEN"]

    with django_capture_on_commit_callbacks(execute=True):
        flows.unassign_products(view=view, product_ids=[item.pk])

    assert remote.products == {}
    assert SyncTask.objects.filter(usage="product.delete").get().outcome == "deleted"


def test_unassigning_one_of_two_storefront_views_syncs_instead(shirt, storefront, enqueued):
    flows.unassign_products(view=storefront.views.get(remote_id="b2b"), product_ids=[shirt.pk])

    assert [t.usage for t in pending_tasks(sales_channel=storefront)] == ["product.sync"]


def test_unassign_cancels_a_pending_create(company, storefront, enqueued):
    item = catalog.product(company, "PEN")
    view = storefront.views.get(remote_id="web")
    flows.assign_products(view=view, product_ids=[item.pk])
    create = pending_tasks().get()

    flows.unassign_products(view=view, product_ids=[item.pk])

    create.refresh_from_db()
    assert create.status == "cancelled"
    assert [t.usage for t in pending_tasks()] == ["product.delete"]


def test_deleting_a_product_queues_deletes_carrying_the_remote_id(
    company, storefront, marketplace, enqueued, django_capture_on_commit_callbacks
):
    item = catalog.product(company, "PEN")
    web = storefront.views.get(remote_id="web")
    de = marketplace.views.get(remote_id="DE")
    for channel, view, remote_id in ((storefront, None, "r-1"), (marketplace, de, "m-1")):
        RemoteProduct.objects.create(
            multi_tenant_company=company, sales_channel=channel, view=view, local_instance=item, remote_id=remote_id
        )
    assign(item, web)
    assign(item, de)
    product_id = item.pk

    with django_capture_on_commit_callbacks(execute=True):
        item.delete()

    tasks = list(pending_tasks())
    assert sorted(
        (t.sales_channel_id, t.view_id, t.usage, t.object_id, t.payload["remote_id"]) for t in tasks
    ) == sorted(
        [
            (storefront.pk, None, "product.delete", product_id, "r-1"),
            (marketplace.pk, de.pk, "product.delete", product_id, "m-1"),
        ]
    )


def test_flows_never_cross_companies(shirt, storefront, other_company, enqueued):
    other_channel = SalesChannelFactory(multi_tenant_company=other_company, integration=STOREFRONT)
    SalesChannelViewFactory(multi_tenant_company=other_company, sales_channel=other_channel)

    flows.on_catalog_changed(company_id=other_company.pk, kind="content", product_ids=[shirt.pk])
    flows.resync_products(channel=other_channel, product_ids=[shirt.pk])

    assert not pending_tasks().exists()


def test_flow_queries_do_not_grow_with_the_number_of_products(company, storefront, marketplace, enqueued):
    def batch(prefix: str, count: int) -> list[int]:
        items = [catalog.product(company, f"{prefix}{n}") for n in range(count)]
        for view in (storefront.views.get(remote_id="web"), marketplace.views.get(remote_id="DE")):
            flows.assign_products(view=view, product_ids=[i.pk for i in items], queue=False)
        return [i.pk for i in items]

    def queries(ids: list[int], kind: str) -> tuple[int, int]:
        """(statements other than INSERT, INSERT statements)."""
        with CaptureQueriesContext(connection) as captured:
            flows.on_catalog_changed(company_id=company.pk, kind=kind, product_ids=ids)
        inserts = sum(q["sql"].startswith("INSERT") for q in captured.captured_queries)
        return len(captured) - inserts, inserts

    small, large = batch("S", 3), batch("L", 60)
    for kind in ("content", "price"):  # price: the pending syncs absorb it, so it only reads
        (reads_small, inserts_small), (reads_large, inserts_large) = queries(small, kind), queries(large, kind)
        assert reads_small == reads_large <= 5
        # One bulk INSERT, split only by the database's bound-parameter limit (SQLite: ~45 rows a statement).
        assert inserts_small <= 1
        assert inserts_large <= 1 + 2 * len(large) // 45
    assert pending_tasks().count() == 2 * 63


def test_deleting_a_variation_resyncs_its_parent(company, storefront, enqueued, django_capture_on_commit_callbacks):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"])
    assign(parent, storefront.views.get(remote_id="web"))

    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.get(sku="TEE-M").delete()

    assert keys() == [(storefront.pk, None, "product.sync", parent.pk)]


def test_inactive_views_get_nothing(shirt, marketplace, enqueued):
    marketplace.views.filter(remote_id="DE").update(active=False)

    flows.on_catalog_changed(company_id=shirt.multi_tenant_company_id, kind="content", product_ids=[shirt.pk])

    assert [t.view.remote_id for t in pending_tasks(sales_channel=marketplace)] == ["FR"]


def test_a_failed_task_can_be_retried_and_a_pending_one_cancelled(shirt, storefront, enqueued):
    [task] = flows.resync_products(channel=storefront, product_ids=[shirt.pk])
    flows.cancel_sync_task(task=task)
    assert task.status == "cancelled"
    SyncTask.objects.filter(pk=task.pk).update(status="failed", error="HTTP 500", attempts=5)
    task.refresh_from_db()

    retried = flows.retry_sync_task(task=task)

    assert (retried.pk, retried.status, retried.attempts, retried.error) == (task.pk, "queued", 0, "")
    assert enqueued[-1] == task.pk


def test_retrying_when_an_equal_task_is_pending_returns_that_one(shirt, storefront, enqueued):
    [failed] = flows.resync_products(channel=storefront, product_ids=[shirt.pk])
    SyncTask.objects.filter(pk=failed.pk).update(status="failed")
    [pending] = flows.resync_products(channel=storefront, product_ids=[shirt.pk])
    failed.refresh_from_db()

    assert flows.retry_sync_task(task=failed).pk == pending.pk
    failed.refresh_from_db()
    assert failed.status == "failed"


def test_deleting_a_marketplace_view_queues_nothing_for_it(
    shirt, marketplace, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        marketplace.views.get(remote_id="DE").delete()

    assert not pending_tasks(sales_channel=marketplace).exists()
