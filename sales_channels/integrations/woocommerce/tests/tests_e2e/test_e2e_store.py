"""End to end against the sandbox store over real HTTP: connect, import, push, resync, live update, unassign."""

import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from products.models import ConfigurableVariation, Product
from properties.models import (
    ProductProperty,
    Property,
    PropertyTranslation,
)
from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import (
    WooCommerceAuthError,
    connect_with_keys,
)
from sales_channels.integrations.woocommerce.factories.sales_channels.metadata import STORE_VIEW_ID
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.models import (
    ImportProcess,
    RemoteCurrency,
    RemoteProduct,
    SalesChannelView,
)
from sales_channels.tasks_imports import execute_import
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all  # the other e2e modules import them from here too
from sales_channels.verify import verify_remote
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem

pytestmark = pytest.mark.django_db(transaction=True)


def tee_family(company) -> Product:
    """A configurable TEE with two variations over Size."""
    size, (small, large) = e2e.select_property(company, "size", "Size", ["S", "L"])
    type_property, tee_type, _rule = e2e.product_type_rule(company, type_name="T-shirt", axes=[size])
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-L"], price="19.90", stock=4)
    e2e.choose(parent, type_property, tee_type)
    for link in parent.variation_links.select_related("variation"):
        e2e.choose(link.variation, size, small if link.variation.sku == "TEE-S" else large)
    return parent


def test_connect_pulls_metadata_and_a_refused_key_stores_nothing(company, woo_sandbox):
    catalog.currency(company)
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company, name="S", store_url=woo_sandbox.base_url
    )
    with pytest.raises(WooCommerceAuthError, match="HTTP 401"):
        connect_with_keys(channel=channel, consumer_key="ck_wrong", consumer_secret="cs_wrong")
    channel.refresh_from_db()
    assert (channel.consumer_key, channel.connection_status) == ("", "failed")
    key, secret = woo_sandbox.issue_key()
    connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)
    channel.refresh_from_db()
    assert (channel.connection_status, channel.wc_version, channel.store_currency, channel.weight_unit) == (
        "connected",
        "9.4.2",
        "EUR",
        "kg",
    )
    assert [row["slug"] for row in channel.tax_classes] == ["standard", "reduced-rate", "zero-rate"]
    assert SalesChannelView.objects.filter(sales_channel=channel).count() == 1
    assert RemoteCurrency.objects.get(sales_channel=channel).local_instance.iso_code == "EUR"


def test_an_old_store_is_refused_with_a_clear_message(company, woo_sandbox):
    woo_sandbox.store.wc_version = "5.9.0"
    channel = WooCommerceSalesChannel.objects.create(
        multi_tenant_company=company, name="S", store_url=woo_sandbox.base_url
    )
    key, secret = woo_sandbox.issue_key()
    with pytest.raises(Exception, match="WooCommerce 5.9.0; OneSila needs 6.0"):
        connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret)


def test_import_creates_the_seeded_catalog_and_is_idempotent(company, woo_channel):
    catalog.currency(company)
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=woo_channel, kind="products")
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    assert (process.status, process.failed_count, process.created_count) == ("succeeded", 0, 3)
    shirt = Product.objects.get(sku="SEED-SHIRT")
    assert shirt.type == Product.CONFIGURABLE
    assert set(ConfigurableVariation.objects.filter(parent=shirt).values_list("variation__sku", flat=True)) == {
        "SEED-SHIRT-S",
        "SEED-SHIRT-L",
    }
    assert SalesPrice.objects.get(product__sku="SEED-MUG").price == Decimal("9.50")
    assert RemoteProduct.objects.filter(sales_channel=woo_channel, parent=None).count() == 3
    again = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=woo_channel, kind="products")
    execute_import(import_process_id=again.pk)
    again.refresh_from_db()
    assert (again.status, again.created_count, Product.objects.count()) == ("succeeded", 0, 5)


def test_push_resync_live_update_and_unassign(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    catalog.image(company, mug, url=woo_sandbox.image_url("mug-front.png"), main=True)
    catalog.image(company, mug, url=woo_sandbox.image_url("mug-side.png"), order=1)
    broken = catalog.product(company, "BROKEN", name="Broken", price="1.00", stock=1)
    catalog.image(company, broken, url="http://127.0.0.1:1/gone.png", main=True)
    color, (red, _blue) = e2e.select_property(company, "color", "Colour", ["Red", "Blue"])
    ProductProperty.objects.create(multi_tenant_company=company, product=mug, property=color, value_select=red)
    material = Property.objects.create(multi_tenant_company=company, type=Property.Type.TEXT, internal_name="material")
    PropertyTranslation.objects.create(multi_tenant_company=company, property=material, language="en", name="Material")
    value = ProductProperty.objects.create(multi_tenant_company=company, product=mug, property=material)
    value.translations.create(multi_tenant_company=company, language="en", value_text="Stoneware")
    seeded = catalog.product(company, "SEED-POSTER", name="Poster", price="15.00", stock=2)
    tee = tee_family(company)
    before = woo_sandbox.counts()["products"]

    tasks = e2e.assign_and_run(view, product_ids=[mug.pk, broken.pk, seeded.pk, tee.pk])

    by_object = {t.object_id: t for t in tasks}
    assert by_object[broken.pk].status == "failed"
    assert "Error getting remote image" in RemoteProduct.objects.get(local_instance_id=broken.pk).last_error
    assert {by_object[p.pk].status for p in (mug, seeded, tee)} == {"succeeded"}
    assert woo_sandbox.counts()["products"] == before + 2  # mug and tee; the poster was linked, not duplicated
    store = woo_sandbox.catalog
    remote_mug = store.products[int(RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id)]
    assert (remote_mug["regular_price"], remote_mug["stock_quantity"], remote_mug["manage_stock"]) == ("12.50", 7, True)
    assert [image["src"].rsplit("/", 1)[-1] for image in remote_mug["images"]] == ["mug-front.png", "mug-side.png"]
    colour = next(a for a in store.attributes.values() if a["name"] == "Colour")
    assert remote_mug["attributes"] == [
        {"id": colour["id"], "name": "Colour", "visible": True, "variation": False, "options": ["Red"]}
    ]
    assert [(m["key"], m["value"]) for m in remote_mug["meta_data"]] == [("onesila_material", "Stoneware")]
    assert RemoteProduct.objects.get(local_instance_id=seeded.pk).remote_id == "101"
    remote_tee = store.products[int(RemoteProduct.objects.get(local_instance_id=tee.pk).remote_id)]
    assert remote_tee["type"] == "variable"
    assert remote_tee["attributes"][0]["name"] == "Size"
    assert sorted(remote_tee["attributes"][0]["options"]) == [
        "L",
        "S",
    ]
    assert sorted(store.variations[v]["sku"] for v in remote_tee["variations"]) == ["TEE-L", "TEE-S"]
    media_before = len(store.media)

    woo_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=woo_channel)
    run_all(since=since)
    # Only the listing that failed is sent again; the others are unchanged and make no call at all.
    assert [(r["method"], r["route"]) for r in woo_sandbox.request_log] == [("POST", "products/batch")]
    assert json.loads(woo_sandbox.request_log[0]["body"])["create"][0]["sku"] == "BROKEN"

    since = last_task_id()
    e2e.edit_price(mug, price="14.00")
    e2e.edit_stock(mug, quantity=3)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    remote_mug = store.products[remote_mug["id"]]
    assert (remote_mug["regular_price"], remote_mug["stock_quantity"]) == ("14.00", 3)
    assert len(store.media) == media_before  # the gallery was sent by media id, nothing uploaded again

    since = last_task_id()
    flows.unassign_products(view=view, product_ids=[mug.pk])
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert remote_mug["id"] not in store.products
    assert not RemoteProduct.objects.filter(local_instance_id=mug.pk).exists()


def test_a_revoked_key_disconnects_the_channel_with_the_reason(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    woo_sandbox.inject_fault("revoke_keys")

    [task] = e2e.assign_and_run(view, product_ids=[mug.pk])

    woo_channel.refresh_from_db()
    assert task.status == "failed"
    assert (woo_channel.consumer_key, woo_channel.consumer_secret) == ("", "")
    assert woo_channel.last_connection_error.startswith("The store refused the API key (HTTP 401): it was revoked")
    assert woo_channel.connection_status == "disconnected"
    assert woo_sandbox.counts()["products"] == 3


def test_a_fault_storm_leaves_exactly_the_expected_products(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    products = [catalog.product(company, f"STORM-{i}", name=f"Storm {i}", price="5.00", stock=1) for i in range(12)]
    woo_sandbox.inject_fault("500", times=2, route="products/batch")
    woo_sandbox.inject_fault("timeout", times=1, route="products/batch", seconds=0.1)
    woo_sandbox.inject_fault("malformed_json", times=1, route="products/batch")
    woo_sandbox.inject_fault("429", times=2, retry_after=1)

    tasks = e2e.assign_and_run(view, product_ids=[p.pk for p in products])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.status, t.error) for t in tasks]
    skus = sorted(p["sku"] for p in woo_sandbox.catalog.products.values() if p["sku"].startswith("STORM-"))
    assert skus == sorted(f"STORM-{i}" for i in range(12))
    assert RemoteProduct.objects.filter(sales_channel=woo_channel).exclude(remote_id="").count() == 12


def test_verify_remote_finds_listings_deleted_or_changed_on_the_store(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    kept, gone = (catalog.product(company, f"V-{i}", name=f"V {i}", price="3.00", stock=1) for i in range(2))
    e2e.assign_and_run(view, product_ids=[kept.pk, gone.pk])
    gone_id = int(RemoteProduct.objects.get(local_instance_id=gone.pk).remote_id)
    woo_sandbox.catalog.delete_product(gone_id, force=True)

    report = verify_remote(channel=woo_channel, queue=False)

    assert (report.checked, len(report.missing), report.changed) == (2, 1, [])
    assert RemoteProduct.objects.get(local_instance_id=gone.pk).remote_id == ""
    assert RemoteProduct.objects.get(local_instance_id=kept.pk).status == "synced"


def test_import_keeps_a_product_without_sku_as_an_error_and_supports_dry_run_and_update_only(
    company, woo_channel, woo_sandbox
):
    catalog.currency(company)
    woo_sandbox.catalog.create_product({"name": "No SKU"})
    dry = ImportProcess.objects.create(
        multi_tenant_company=company, sales_channel=woo_channel, kind="products", dry_run=True
    )
    execute_import(import_process_id=dry.pk)
    dry.refresh_from_db()
    assert (dry.status, dry.created_count, Product.objects.count()) == ("succeeded", 3, 0)

    catalog.product(company, "SEED-MUG", name="Mug", price="9.50", stock=1)
    update_only = ImportProcess.objects.create(
        multi_tenant_company=company, sales_channel=woo_channel, kind="products", update_only=True
    )
    execute_import(import_process_id=update_only.pk)
    update_only.refresh_from_db()
    assert set(Product.objects.values_list("sku", flat=True)) == {"SEED-MUG"}
    assert RemoteProduct.objects.get(local_instance__sku="SEED-MUG").remote_id == "100"
    errors = {error.message: error.raw_record for error in update_only.item_errors.all()}
    no_sku = next(raw for message, raw in errors.items() if "has no SKU" in message)
    assert no_sku["name"] == "No SKU", errors


def test_two_price_changes_in_one_edit_push_once(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    e2e.assign_and_run(view, product_ids=[mug.pk])

    since = last_task_id()
    price = SalesPrice.objects.get(product=mug)
    woo_sandbox.request_log.clear()
    with transaction.atomic():  # one merchant edit session: the signals' tasks are queued at commit
        for amount in ("13.00", "13.50"):
            price.price = Decimal(amount)
            price.save()
    tasks = run_all(since=since)
    assert {t.status for t in tasks} == {"succeeded"}
    assert sorted(t.outcome for t in tasks)[0] == "unchanged" or len(tasks) == 1
    assert [(r["method"], r["route"]) for r in woo_sandbox.request_log] == [("POST", "products/batch")]
    remote_id = int(RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id)
    assert woo_sandbox.catalog.products[remote_id]["regular_price"] == "13.50"


def test_a_price_list_in_force_is_pushed_as_a_sale_with_its_days(company, woo_channel, woo_sandbox):
    euro = catalog.currency(company)
    view = SalesChannelView.objects.get(sales_channel=woo_channel)
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    today = timezone.localdate()
    price_list = SalesPriceList.objects.create(
        multi_tenant_company=company,
        name="Winter",
        currency=euro,
        start_date=today - timezone.timedelta(days=1),
        end_date=today + timezone.timedelta(days=10),
    )
    SalesPriceListItem.objects.create(
        multi_tenant_company=company, price_list=price_list, product=mug, price=Decimal("9.99")
    )
    e2e.assign_and_run(view, product_ids=[mug.pk])

    remote = woo_sandbox.catalog.products[int(RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id)]
    assert (remote["regular_price"], remote["sale_price"], remote["price"], remote["on_sale"]) == (
        "12.50",
        "9.99",
        "9.99",
        True,
    )
    assert remote["date_on_sale_to"] == f"{price_list.end_date.isoformat()}T23:59:59"


def test_a_read_retried_after_a_cut_off_answer_is_signed_again_and_accepted(company, woo_channel, woo_sandbox):
    catalog.currency(company)
    woo_sandbox.inject_fault("malformed_json", route="products")  # applied (its nonce seen), answer cut off
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=woo_channel, kind="products")

    execute_import(import_process_id=process.pk)

    process.refresh_from_db()
    woo_channel.refresh_from_db()
    assert (process.status, process.created_count) == ("succeeded", 3)
    assert woo_channel.connection_status == "connected"
    assert [entry["status"] for entry in woo_sandbox.request_log][:2] == [200, 200]
