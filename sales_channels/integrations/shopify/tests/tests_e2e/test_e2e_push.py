"""End to end against the sandbox over real HTTP: push, resync, live price and stock, unassign, fault storm."""

import pytest

from products.models import EanCode, ProductTranslation
from properties.models import (
    ProductPropertiesRule,
    ProductProperty,
    Property,
    PropertyTranslation,
)
from sales_channels.flows import default as flows
from sales_channels.models import (
    RemoteImageProductAssociation,
    RemoteProduct,
)
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)


def shirt_family(company):
    """A configurable 'Tee' with four variations over Size x Color (a product-type rule with two axes)."""
    size, sizes = e2e.select_property(company, "size", "Size", ["S", "M"])
    color, colors = e2e.select_property(company, "color", "Color", ["Red", "Blue"])
    type_property, tee_type, _rule = e2e.product_type_rule(company, type_name="T-shirt", axes=[size, color])
    skus = [f"TEE-{s}-{c}" for s in ("S", "M") for c in ("RED", "BLUE")]
    parent = catalog.configurable(company, "TEE", variations=skus, price="19.90", stock=4)
    e2e.choose(parent, type_property, tee_type)
    for variation in parent.variation_links.select_related("variation"):
        sku = variation.variation.sku
        for prop, options, labels in ((size, sizes, ["S", "M"]), (color, colors, ["RED", "BLUE"])):
            chosen = options[[label for label in labels if f"-{label}" in sku][0] == labels[1]]
            e2e.choose(variation.variation, prop, chosen)
    return parent


@pytest.fixture
def shop(company, shopify_sandbox, shopify_channel):
    """The sandbox channel with EUR, en + nl languages, the primary location and the Online Store view."""
    state = shopify_sandbox.state
    shopify_channel.primary_location_id = next(iter(state.locations.values())).gid
    shopify_channel.shop_currency = "EUR"
    shopify_channel.save()
    online = next(p for p in state.publications.values() if p.title == "Online Store")
    view = e2e.ready_to_push(
        shopify_channel, view_remote_id=online.gid, view_name="Online Store", languages=("en", "nl")
    )
    return shopify_channel, view


@pytest.fixture
def products(company):
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    ProductTranslation.objects.create(multi_tenant_company=company, product=mug, language="nl", name="Mok")
    EanCode.objects.create(multi_tenant_company=company, product=mug, ean_code="8712345000029")
    catalog.image(company, mug, url="https://images.example.com/mug-front.jpg", main=True)
    catalog.image(company, mug, url="https://images.example.com/mug-side.jpg", order=1)
    material = Property.objects.create(multi_tenant_company=company, type=Property.Type.TEXT, internal_name="material")
    PropertyTranslation.objects.create(multi_tenant_company=company, property=material, language="en", name="Material")
    value = ProductProperty.objects.create(multi_tenant_company=company, product=mug, property=material)
    value.translations.create(multi_tenant_company=company, language="en", value_text="Stoneware")
    tee = shirt_family(company)
    return mug, tee


def test_push_then_resync_then_live_changes_then_unassign(shop, products, shopify_sandbox):
    channel, view = shop
    shopify_sandbox.set_media_processing(0.0)  # READY in productSet's answer already (see test_e2e_media)
    mug, tee = products
    before = shopify_sandbox.counts()

    tasks = e2e.assign_and_run(view, product_ids=[mug.pk, tee.pk])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    after = shopify_sandbox.counts()
    assert after == {
        "products": before["products"] + 2,
        "variants": before["variants"] + 1 + 4,
        "media": before["media"] + 2,
    }
    state = shopify_sandbox.state
    mug_remote = state.product_by_gid(RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id)
    assert mug_remote.title == "Mug"
    assert [m.original_source for m in mug_remote.media][0] == "https://images.example.com/mug-front.jpg"
    [variant] = mug_remote.variants
    assert (variant.inventory_item.sku, variant.price, variant.barcode) == ("MUG-1", "12.50", "8712345000029")
    location = next(iter(state.locations.values())).id
    assert variant.inventory_item.levels[location]["available"] == 7
    assert [(m.namespace, m.key, m.value) for m in mug_remote.metafields] == [
        ("onesila", "material", "Stoneware"),
        ("onesila_sync", "sku", "MUG-1"),  # the listing's custom id: productSet upserts by it
    ]
    assert state.translations[mug_remote.gid][("nl", "title")].value == "Mok"
    assert view.remote_id.rsplit("/", 1)[-1] in {str(p) for p in mug_remote.publication_ids}
    tee_remote = state.product_by_gid(RemoteProduct.objects.get(local_instance_id=tee.pk).remote_id)
    assert [o.name for o in tee_remote.options] == ["Size", "Color"]
    assert sorted(v.inventory_item.sku for v in tee_remote.variants) == sorted(
        ["TEE-S-RED", "TEE-S-BLUE", "TEE-M-RED", "TEE-M-BLUE"]
    )
    assert tee_remote.product_type == "T-shirt"

    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=channel)
    resynced = run_all(since=since)
    assert {t.status for t in resynced} == {"succeeded"}
    assert [r for r in shopify_sandbox.request_log if r["path"].endswith("graphql.json")] == []
    assert set(RemoteImageProductAssociation.objects.values_list("status", flat=True)) == {"synced"}

    since = last_task_id()
    e2e.edit_price(mug, price="14.00")
    e2e.edit_stock(mug, quantity=3)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    [variant] = state.product_by_gid(mug_remote.gid).variants
    assert (variant.price, variant.inventory_item.levels[location]["available"]) == ("14.00", 3)
    assert shopify_sandbox.counts() == after

    since = last_task_id()
    flows.unassign_products(view=view, product_ids=[mug.pk])
    assert [(t.usage, t.status) for t in run_all(since=since)] == [("product.delete", "succeeded")]
    assert state.product_by_gid(mug_remote.gid) is None
    assert not RemoteProduct.objects.filter(local_instance_id=mug.pk).exists()


def test_a_fault_storm_duplicates_nothing(shop, products, shopify_sandbox):
    channel, view = shop
    mug, tee = products
    before = shopify_sandbox.counts()
    shopify_sandbox.inject_fault("500", times=2, operation="ProductSet")
    shopify_sandbox.inject_fault("429", times=1, retry_after=0.1)
    shopify_sandbox.inject_fault("timeout", times=1, operation="ProductSet", execute=True, seconds=0.5)
    shopify_sandbox.inject_fault("malformed_json", times=1, operation="ProductSet")

    tasks = e2e.assign_and_run(view, product_ids=[mug.pk, tee.pk])

    # 500s and 429 are retried; the executed timeout is linked by SKU on retry; the executed productSet
    # whose answer came back truncated is found by SKU and bound (AnswerLost), never created twice.
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert shopify_sandbox.counts() == {
        "products": before["products"] + 2,
        "variants": before["variants"] + 5,
        "media": before["media"] + 2,
    }
    flows.resync_products(channel=channel)
    run_all(since=last_task_id())
    assert shopify_sandbox.counts()["media"] == before["media"] + 2


def test_every_missing_mapping_is_reported_before_anything_is_sent(company, shop, products, shopify_sandbox):
    _channel, view = shop
    _mug, tee = products
    rule = ProductPropertiesRule.objects.get(multi_tenant_company=company)
    axes = [e2e.select_property(company, name, name.title(), ["A"])[0] for name in ("fit", "sleeve")]
    e2e.require_axes(rule, axes, start=2)
    odd = Property.objects.create(multi_tenant_company=company, type=Property.Type.INT, internal_name="x")
    ProductProperty.objects.create(multi_tenant_company=company, product=tee, property=odd, value_int=1)
    shopify_sandbox.request_log.clear()

    [task] = e2e.assign_and_run(view, product_ids=[tee.pk])

    assert (task.status, task.error_kind) == ("failed", "mapping")
    assert "4 axes (size, color, fit, sleeve), Shopify allows 3 options" in task.error
    assert "property 'x': no metafield key possible" in task.error
    assert [r["operation"] for r in shopify_sandbox.request_log] == []
