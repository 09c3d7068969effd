"""Sections and variations: images, properties and their mappings, switches, starting stock, dry run."""

import pytest

from products.models import EanCode
from properties.models import ProductProperty, Property, PropertySelectValue
from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import StepContext
from sales_channels.models import (
    MirrorStatus,
    RemoteImageProductAssociation,
    RemoteProduct,
    RemoteProperty,
    RemotePropertySelectValue,
)
from sales_channels.registry import spec_for_channel
from sales_channels.tests import catalog
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.steps import FakeProductStep

pytestmark = pytest.mark.django_db


def mirror_of(channel, product):
    return RemoteProduct.objects.get(sales_channel=channel, local_instance_id=product.pk)


def test_configurable_creates_its_variations_under_the_parent(company, storefront, remote, push):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"])

    task = push(storefront, parent)

    assert task.outcome == "created"
    parent_mirror = mirror_of(storefront, parent)
    children = RemoteProduct.objects.filter(parent=parent_mirror).order_by("remote_sku")
    assert [c.remote_sku for c in children] == ["TEE-M", "TEE-S"]
    assert {remote.products[c.remote_id]["parent"] for c in children} == {parent_mirror.remote_id}
    assert remote.prices[(children[0].remote_id, "EUR")]["price"] == "10.00"


def test_a_removed_variation_is_deleted_remotely(company, storefront, remote, push):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"])
    push(storefront, parent)
    parent.variation_links.get(variation__sku="TEE-M").delete()

    task = push(storefront, parent)

    assert task.outcome == "updated"
    assert sorted(r["sku"] for r in remote.products.values()) == ["TEE", "TEE-S"]
    assert not RemoteProduct.objects.filter(remote_sku="TEE-M").exists()


def test_images_are_added_reordered_and_removed(company, storefront, remote, push):
    item = catalog.product(company, "MUG")
    first = catalog.image(company, item, url="https://img.example.com/a.png", main=True)
    catalog.image(company, item, url="https://img.example.com/b.png", order=1)
    push(storefront, item)
    assert len(remote.images) == 2

    first.delete()
    task = push(storefront, item)

    assert task.outcome == "updated"
    assert [i["url"] for i in remote.images.values()] == ["https://img.example.com/b.png"]
    assert RemoteImageProductAssociation.objects.count() == 1


def test_a_channels_own_image_set_replaces_the_default_one(company, storefront, remote, push):
    item = catalog.product(company, "MUG")
    catalog.image(company, item, url="https://img.example.com/default.png", main=True)
    catalog.image(company, item, url="https://img.example.com/shop.png", main=True, channel=storefront)

    push(storefront, item)

    assert [i["url"] for i in remote.images.values()] == ["https://img.example.com/shop.png"]


def test_switched_off_parts_are_not_pushed(company, storefront, remote, push):
    storefront.sync_prices = False
    storefront.sync_stock = False
    storefront.save()
    item = catalog.product(company, "PEN", price="1.50", stock=4)

    push(storefront, item)

    assert remote.calls["set_price"] == 0
    assert remote.calls["set_stock"] == 0
    assert remote.calls["create_product"] == 1


def test_the_remote_side_as_master_of_prices_keeps_them_untouched(company, storefront, remote, push):
    storefront.master_of_data = {"prices": "remote"}
    storefront.save()

    push(storefront, catalog.product(company, "PEN", price="1.50"))

    assert remote.calls["set_price"] == 0


def test_starting_stock_is_pushed_once_only(company, storefront, remote, push):
    storefront.use_starting_stock = True
    storefront.save()
    item = catalog.product(company, "PEN", stock=4)
    push(storefront, item)
    item.inventories.update(quantity=1)

    push(storefront, item)

    assert remote.calls["set_stock"] == 1
    assert remote.stock[mirror_of(storefront, item).remote_id] == {"quantity": 4}


def _color_property(company):
    color = Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name="color")
    red = PropertySelectValue.objects.create(multi_tenant_company=company, property=color)
    size = Property.objects.create(multi_tenant_company=company, type=Property.Type.INT, internal_name="size")
    return color, red, size


def test_missing_mappings_are_reported_together_and_stored(company, storefront, remote, push):
    color, red, size = _color_property(company)
    item = catalog.product(company, "HAT")
    ProductProperty.objects.create(multi_tenant_company=company, product=item, property=color, value_select=red)
    ProductProperty.objects.create(multi_tenant_company=company, product=item, property=size, value_int=3)

    task = push(storefront, item)

    assert (task.status, task.error_kind) == ("failed", "mapping")
    for fragment in ("property 'color'", f"value #{red.pk} of property 'color'", "property 'size'"):
        assert fragment in task.error
    mirror = mirror_of(storefront, item)
    assert mirror.status == MirrorStatus.FAILED
    assert "property 'size'" in mirror.last_error


def test_mapped_properties_are_pushed(company, storefront, remote, push):
    color, red, size = _color_property(company)
    item = catalog.product(company, "HAT")
    ProductProperty.objects.create(multi_tenant_company=company, product=item, property=color, value_select=red)
    ProductProperty.objects.create(multi_tenant_company=company, product=item, property=size, value_int=3)
    remote_color = RemoteProperty.objects.create(
        multi_tenant_company=company, sales_channel=storefront, local_instance=color, remote_id="attr-color"
    )
    RemoteProperty.objects.create(
        multi_tenant_company=company, sales_channel=storefront, local_instance=size, remote_id="attr-size"
    )
    RemotePropertySelectValue.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        local_instance=red,
        remote_property=remote_color,
        remote_id="opt-red",
    )

    task = push(storefront, item)

    assert task.outcome == "created"
    remote_id = mirror_of(storefront, item).remote_id
    assert remote.properties[(remote_id, "attr-color")] == {"attribute": "attr-color", "options": ["opt-red"]}
    assert remote.properties[(remote_id, "attr-size")] == {"attribute": "attr-size", "value": "3"}


def _dry_run(channel, product, fake_backend):
    context = StepContext(
        channel=channel,
        spec=spec_for_channel(channel),
        client=FakeClient(fake_backend.remote(channel)),
        dry_run=True,
    )
    return FakeProductStep(context=context, object_id=product.pk).run()


def test_dry_run_of_a_new_listing_previews_a_create_without_calls(company, storefront, remote, fake_backend):
    item = catalog.product(company, "PEN", name="Pen", price="1.50")

    outcome = _dry_run(storefront, item, fake_backend)

    assert outcome.kind == "created"
    assert outcome.diff["name"] == {"from": None, "to": "Pen"}
    assert remote.total_calls == 0
    assert not RemoteProduct.objects.exists()


def test_dry_run_shows_the_field_level_diff_against_the_last_push(company, storefront, remote, push, fake_backend, eur):
    item = catalog.product(company, "PEN", name="Pen", price="10.00")
    push(storefront, item)
    item.translations.update(name="Blue pen")
    item.sales_prices.filter(currency=eur).update(price="12.00")
    calls = remote.total_calls

    outcome = _dry_run(storefront, item, fake_backend)

    assert outcome.kind == "updated"
    assert outcome.diff == {"name": {"from": "Pen", "to": "Blue pen"}}
    prices = next(child for child in outcome.children if child.detail == "prices")
    assert prices.children[0].diff == {"price": {"from": "10.00", "to": "12.00"}}
    assert remote.total_calls == calls


def test_mapping_check_raises_once_for_all_gaps():
    error = MappingMissing(["property 'a'", "property 'b'"])
    assert error.missing == ["property 'a'", "property 'b'"]
    assert "property 'a', property 'b'" in str(error)


def test_a_channel_that_does_not_sync_eans_never_sends_one(company, storefront, remote, push):
    storefront.sync_ean_codes = False
    storefront.save()
    item = catalog.product(company, "PEN")
    EanCode.objects.create(multi_tenant_company=company, product=item, ean_code="4006381333931")

    push(storefront, item)

    assert "ean" not in remote.products[mirror_of(storefront, item).remote_id]


def test_deleting_a_configurable_deletes_its_variations_first(company, storefront, remote, push):
    parent = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"])
    push(storefront, parent)

    task = push(storefront, parent, usage="product.delete")

    assert task.outcome == "deleted"
    assert remote.products == {}
    assert not RemoteProduct.objects.exists()
