"""Push against the sandbox over real HTTP: async bulk create, store views, axes and children, images,
stock; a resync with zero calls; live price and stock; per-listing failures; unassign."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, mug, run_all, shirt_family
from sales_channels.models import RemoteCallLog, RemoteJob, RemoteProduct
from sales_channels.tests import catalog
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(company, magento_sandbox):
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    view = Magento2StoreView.objects.get(sales_channel=channel, code="default")
    return channel, view


def test_push_creates_products_through_async_bulk_and_a_resync_makes_no_call(company, magento_sandbox, store):
    channel, view = store
    item, shirt = mug(company), shirt_family(company)
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk, shirt.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    state = magento_sandbox.state
    assert [task.status for task in tasks] == ["succeeded", "succeeded"], [
        (t.error, t.error_debug[-600:]) for t in tasks
    ]
    created = state.products["MUG-NEW"]
    assert created["price"] == 12.5
    assert created["name"] == "Mug"
    assert state.overrides["MUG-NEW"][2]["name"] == "Becher"  # the de store view's own name
    assert 1 not in state.overrides["MUG-NEW"]  # nothing written through the default view
    assert len(created["media_gallery_entries"]) == 1
    assert state.source_items[("MUG-NEW", "default")]["quantity"] == 5
    parent = state.products["SHIRT"]
    assert parent["type_id"] == "configurable"
    assert state.child_skus(parent) == ["SHIRT-LOOSE", "SHIRT-SLIM"]
    assert [o["label"] for o in parent["extension_attributes"]["configurable_product_options"]] == ["Fit"]
    assert state.products["SHIRT-SLIM"]["visibility"] == 1
    assert RemoteJob.objects.filter(kind="products_bulk", status="completed").count() == 1
    mirrors = RemoteProduct.objects.filter(sales_channel=channel)
    assert sorted(mirrors.values_list("remote_id", flat=True)) == ["MUG-NEW", "SHIRT", "SHIRT-LOOSE", "SHIRT-SLIM"]
    assert all(m.status == "synced" for m in mirrors)

    calls_before = RemoteCallLog.objects.count()
    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(sandbox=magento_sandbox, since=since)
    assert RemoteCallLog.objects.count() == calls_before  # unchanged catalog: zero vendor calls
    assert len(state.products["MUG-NEW"]["media_gallery_entries"]) == 1


def test_a_listing_magento_refuses_fails_alone_with_magentos_message(company, magento_sandbox, store):
    channel, view = store
    good = catalog.product(company, "GOOD-1", name="Good", price="5.00")
    bad = catalog.product(company, "BAD-1", name="Bad", price="5.00")
    existing = magento_sandbox.state.products["MUG-001"]  # the merchant's product already uses that url key
    existing["custom_attributes"].append({"attribute_code": "url_key", "value": "bad-bad-1"})
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[good.pk, bad.pk])
    tasks = {task.object_id: task for task in run_all(sandbox=magento_sandbox, since=since, rounds=3)}
    mirrors = {m.remote_sku: m for m in RemoteProduct.objects.filter(sales_channel=channel)}
    assert tasks[good.pk].status == "succeeded"
    assert tasks[bad.pk].status == "failed"
    assert tasks[bad.pk].error == "URL key for specified store already exists."
    assert mirrors["GOOD-1"].status == "synced"
    assert mirrors["BAD-1"].status == "failed"
    assert mirrors["BAD-1"].last_error == "URL key for specified store already exists."
    assert "GOOD-1" in magento_sandbox.state.products


def test_live_price_and_stock_then_unassign(company, magento_sandbox, store):
    channel, view = store
    item = mug(company)
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=since)
    state = magento_sandbox.state

    since = last_task_id()
    price = SalesPrice.objects.get(product=item)
    price.price = Decimal("14.00")
    price.save()
    stock = Inventory.objects.get(product=item)
    stock.quantity = 2
    stock.save()
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert state.products["MUG-NEW"]["price"] == 14.0
    assert state.source_items[("MUG-NEW", "default")]["quantity"] == 2
    paths = [r["path"] for r in magento_sandbox.requests]
    assert "/rest/all/V1/products/base-prices" in paths
    assert "/rest/default/V1/products/MUG-NEW" not in paths  # never global data through the default view

    since = last_task_id()
    flows.unassign_products(view=view, product_ids=[item.pk])
    assert [(t.usage, t.status) for t in run_all(sandbox=magento_sandbox, since=since)] == [
        ("product.delete", "succeeded")
    ]
    assert "MUG-NEW" not in state.products
    assert not RemoteProduct.objects.filter(sales_channel=channel, local_instance_id=item.pk).exists()


def test_a_fault_storm_loses_and_duplicates_nothing(company, magento_sandbox, store):
    channel, view = store
    item, shirt = mug(company), shirt_family(company)
    before = magento_sandbox.state.counts()
    magento_sandbox.inject_fault("500", times=2)
    magento_sandbox.inject_fault("429", times=1)
    magento_sandbox.retriable_skus.add("SHIRT-SLIM")  # the consumer answers status 2 (retriably failed) once
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk, shirt.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    after = magento_sandbox.state.counts()
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert after["products"] == before["products"] + 4
    assert after["media"] == before["media"] + 1
    assert magento_sandbox.state.child_skus(magento_sandbox.state.products["SHIRT"]) == ["SHIRT-LOOSE", "SHIRT-SLIM"]
    flows.resync_products(channel=channel)
    run_all(sandbox=magento_sandbox, since=last_task_id())
    assert magento_sandbox.state.counts()["media"] == after["media"]


def test_a_refused_token_once_is_retried_with_the_stored_credentials(company, magento_sandbox, store):
    channel, view = store
    item = catalog.product(company, "ONE-401", name="One", price="5.00")
    magento_sandbox.inject_fault("revoked_token")
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert [t.status for t in tasks] == ["succeeded"], [(t.usage, t.error) for t in tasks]
    assert "ONE-401" in magento_sandbox.state.products


def test_a_lost_answer_to_the_image_bulk_never_duplicates_an_image(company, magento_sandbox, store):
    channel, view = store
    item = mug(company, sku="MUG-LOST")
    magento_sandbox.inject_fault("truncated_json", path="/async/bulk/V1/products/bySku/media")
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert [t.status for t in tasks] == ["succeeded"], [(t.usage, t.error) for t in tasks]
    assert len(magento_sandbox.state.products["MUG-LOST"]["media_gallery_entries"]) == 1


def test_stock_goes_to_the_legacy_stock_item_without_msi(company, magento_sandbox, store):
    channel, view = store
    channel.msi_enabled = False
    channel.save()
    item = catalog.product(company, "LEGACY-1", name="Legacy", price="5.00", stock=9)
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=since)
    paths = [r["path"] for r in magento_sandbox.requests]
    assert "/rest/all/V1/products/LEGACY-1/stockItems/1" in paths
    assert "/rest/all/V1/inventory/source-items" not in paths
    assert magento_sandbox.state.source_items[("LEGACY-1", "default")]["quantity"] == 9


def test_a_lost_answer_to_an_option_create_is_read_back_not_failed(company, magento_sandbox, store):
    channel, view = store
    shirt = shirt_family(company, sku="LOST-OPT")
    magento_sandbox.inject_fault("ok", path="/V1/products/attributes/fit/options")  # the options read first
    magento_sandbox.inject_fault("truncated_json", path="/V1/products/attributes/fit/options")  # the first create
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[shirt.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    fit = magento_sandbox.state.attributes["fit"]
    assert [t.status for t in tasks] == ["succeeded"], [(t.usage, t.error) for t in tasks]
    assert sorted(option["label"] for option in fit.options) == ["Loose", "Slim"]
