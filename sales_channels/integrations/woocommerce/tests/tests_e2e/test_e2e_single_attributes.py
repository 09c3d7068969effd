"""End to end against the sandbox store: a single listing pushed by its own step (outside a batch) after the
store was reset behind the channel's remembered attribute ids: the answer is noticed, the entries forgotten,
ensured again and the listing sent once more; its mirror stores what was finally sent."""

import itertools

import pytest

from products.models import Product
from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.factories.sales_channels.metadata import STORE_VIEW_ID
from sales_channels.integrations.woocommerce.tests.tests_e2e.test_e2e_attributes import calls, reset_store
from sales_channels.models import RemoteProduct
from sales_channels.registry import IntegrationSpec
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)


def pushed_mug(company, woo_channel) -> Product:
    """A mug with Colour: Red, pushed (by the batch step) and its Colour attribute remembered."""
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    colour, colours = e2e.select_property(company, "color", "Colour", ["Red", "Blue"])
    mug = catalog.product(company, "MUG-1", name="Mug", price="9.50", stock=3)
    ProductProperty.objects.create(multi_tenant_company=company, product=mug, property=colour, value_select=colours[0])
    tasks = e2e.assign_and_run(view, product_ids=[mug.pk])
    assert {t.status for t in tasks} == {"succeeded"}, [(t.status, t.error) for t in tasks]
    woo_channel.refresh_from_db()
    assert "colour" in woo_channel.global_attributes
    return mug


def sync_alone(woo_channel, mug: Product) -> RemoteProduct:
    """One product.sync task run by the runner through the product's own step; its listing mirror."""
    since = last_task_id()
    flows.resync_products(channel=woo_channel, product_ids=[mug.pk])
    tasks = run_all(since=since)
    assert [(t.usage, t.status) for t in tasks] == [("product.sync", "succeeded")], [t.error for t in tasks]
    return RemoteProduct.objects.get(sales_channel=woo_channel, local_instance_id=mug.pk, parent=None)


def assert_sent_with_the_new_colour(woo_channel, woo_sandbox, mirror: RemoteProduct) -> None:
    store = woo_sandbox.catalog
    ids = {attribute["name"]: attribute_id for attribute_id, attribute in store.attributes.items()}
    assert sorted(ids) == ["Brand", "Colour"]
    remote = store.products[int(mirror.remote_id)]
    assert [(a["id"], a["name"], a["options"]) for a in remote["attributes"]] == [(ids["Colour"], "Colour", ["Red"])]
    assert mirror.status == "synced"
    assert mirror.last_payload["attributes"][0]["id"] == ids["Colour"]  # what was finally sent
    woo_channel.refresh_from_db()
    assert woo_channel.global_attributes["colour"]["id"] == ids["Colour"]
    attribute_calls = {route: n for route, n in calls(woo_sandbox).items() if "attributes" in route}
    assert attribute_calls == {
        "GET products/attributes": 1,
        "POST products/attributes": 1,
        "GET products/attributes/{id}/terms": 1,
        "POST products/attributes/{id}/terms/batch": 1,
    }


def test_a_single_create_after_the_store_was_reset_sends_the_listing_once_more(company, woo_channel, woo_sandbox):
    mug = pushed_mug(company, woo_channel)
    reset_store(woo_sandbox)  # Colour's remembered id is gone; the merchant's Brand now holds id 1
    RemoteProduct.objects.filter(sales_channel=woo_channel).delete()  # the listing is new to this store
    woo_sandbox.request_log.clear()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IntegrationSpec, "batch_step_for", lambda self, usage: None)
        mirror = sync_alone(woo_channel, mug)

    assert_sent_with_the_new_colour(woo_channel, woo_sandbox, mirror)
    # created with the stale id (answered under Brand's name), then updated once with Colour's new id
    assert calls(woo_sandbox)["POST products/batch"] == 2
    assert len(woo_sandbox.catalog.products) == 1


def test_a_single_update_after_the_attributes_were_reset_sends_the_listing_once_more(company, woo_channel, woo_sandbox):
    mug = pushed_mug(company, woo_channel)
    store = woo_sandbox.catalog
    with store.lock:  # the attributes and terms removed (the products kept); Brand takes id 1
        store.attributes.clear()
        store.terms.clear()
        store._attribute_ids = itertools.count(1)
        store.create_attribute({"name": "Brand"})
    mug.translations.update(name="Mug, large")  # a change: the listing is sent as an update
    woo_sandbox.request_log.clear()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IntegrationSpec, "batch_step_for", lambda self, usage: None)
        mirror = sync_alone(woo_channel, mug)

    assert_sent_with_the_new_colour(woo_channel, woo_sandbox, mirror)
    assert calls(woo_sandbox)["POST products/batch"] == 2
    assert store.products[int(mirror.remote_id)]["name"] == "Mug, large"

    woo_sandbox.request_log.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(IntegrationSpec, "batch_step_for", lambda self, usage: None)
        sync_alone(woo_channel, mug)
    assert calls(woo_sandbox)["POST products/batch"] == 0  # the stored hash is the resent payload's
