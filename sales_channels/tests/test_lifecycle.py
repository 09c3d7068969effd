"""The step lifecycle through the fake storefront: every outcome, and what each one costs remotely."""

import pytest

from sales_channels.models import MirrorStatus, RemotePrice, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.fake.remote import VALIDATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt(company, eur):
    return catalog.product(company, "SHIRT-1", name="Shirt", price="19.99", stock=7)


def mirror_of(channel, product):
    return RemoteProduct.objects.get(sales_channel=channel, local_instance_id=product.pk)


def test_first_push_creates_the_listing_and_its_parts(storefront, remote, shirt, push):
    task = push(storefront, shirt)

    assert (task.status, task.outcome) == ("succeeded", "created")
    mirror = mirror_of(storefront, shirt)
    assert mirror.status == MirrorStatus.SYNCED
    assert mirror.payload_hash
    assert mirror.remote_sku == "SHIRT-1"
    record = remote.products[mirror.remote_id]
    assert record["sku"] == "SHIRT-1"
    assert record["name"] == "Shirt"
    assert remote.prices[(mirror.remote_id, "EUR")]["price"] == "19.99"
    assert remote.stock[mirror.remote_id] == {"quantity": 7}
    assert remote.calls["find_product"] == 1
    assert remote.calls["create_product"] == 1


def test_create_links_to_an_existing_remote_product_with_the_same_sku(storefront, remote, shirt, push):
    remote.products["77"] = {"id": "77", "sku": "SHIRT-1", "name": "Old name", "websites": []}

    task = push(storefront, shirt, usage="product.create")

    assert task.outcome == "linked"
    assert mirror_of(storefront, shirt).remote_id == "77"
    assert remote.skus() == ["SHIRT-1"]  # no duplicate
    assert remote.products["77"]["name"] == "Shirt"  # brought in line
    assert remote.calls["create_product"] == 0


def test_a_second_create_switches_to_update_and_does_not_duplicate(storefront, remote, shirt, push):
    push(storefront, shirt, usage="product.create")
    shirt.translations.filter(language="en").update(name="Better shirt")

    task = push(storefront, shirt, usage="product.create")

    assert task.outcome == "updated"
    assert remote.skus() == ["SHIRT-1"]
    assert remote.products[mirror_of(storefront, shirt).remote_id]["name"] == "Better shirt"


def test_an_unchanged_resync_makes_no_remote_call(storefront, remote, shirt, push):
    push(storefront, shirt)
    before = remote.total_calls

    task = push(storefront, shirt)

    assert task.outcome == "unchanged"
    assert remote.total_calls == before


def test_only_the_changed_part_is_pushed(storefront, remote, shirt, push, eur):
    push(storefront, shirt)
    before = dict(remote.calls)
    shirt.sales_prices.filter(currency=eur).update(price="24.50")

    task = push(storefront, shirt)

    assert task.outcome == "updated"
    assert remote.calls["set_price"] == before["set_price"] + 1
    assert remote.calls["update_product"] == before.get("update_product", 0)
    assert remote.calls["set_stock"] == before["set_stock"]
    assert RemotePrice.objects.get(remote_product__local_instance=shirt).last_payload["price"] == "24.50"


def test_price_update_pushes_only_prices(storefront, remote, shirt, push, eur):
    push(storefront, shirt)
    shirt.sales_prices.filter(currency=eur).update(price="30.00")
    shirt.translations.update(name="Not pushed by a price update")
    before = remote.total_calls

    task = push(storefront, shirt, usage="price.update")

    assert task.outcome == "updated"
    assert remote.total_calls == before + 1
    assert remote.prices[(mirror_of(storefront, shirt).remote_id, "EUR")]["price"] == "30.00"


def test_price_update_of_a_listing_never_created_does_a_full_create(storefront, remote, shirt, push):
    task = push(storefront, shirt, usage="price.update")

    assert task.outcome == "created"
    assert remote.stock  # the whole listing, not just its price


def test_update_of_a_remote_object_that_vanished_recreates_it(storefront, remote, shirt, push):
    push(storefront, shirt)
    old_id = mirror_of(storefront, shirt).remote_id
    del remote.products[old_id]
    shirt.translations.update(name="Changed")

    task = push(storefront, shirt)

    assert task.outcome == "created"
    new_id = mirror_of(storefront, shirt).remote_id
    assert remote.prices[(new_id, "EUR")]["price"] == "19.99"  # its parts were pushed to the new object too
    assert new_id != old_id
    assert remote.products[new_id]["name"] == "Changed"


def test_delete_removes_the_remote_object_and_the_mirror(storefront, remote, shirt, push):
    push(storefront, shirt)
    remote_id = mirror_of(storefront, shirt).remote_id

    task = push(storefront, shirt, usage="product.delete")

    assert (task.outcome, remote.products) == ("deleted", {})
    assert not RemoteProduct.objects.filter(remote_id=remote_id).exists()


def test_delete_of_a_deleted_local_product_uses_the_remote_id_it_carries(storefront, remote, shirt, push):
    push(storefront, shirt)
    remote_id = mirror_of(storefront, shirt).remote_id
    product_id = shirt.pk
    shirt.delete()

    task = push(storefront, product_id, usage="product.delete", payload={"remote_id": remote_id})

    assert task.outcome == "deleted"
    assert remote.products == {}


def test_delete_of_something_already_gone_remotely_still_succeeds(storefront, remote, shirt, push):
    push(storefront, shirt)
    remote.products.clear()

    assert push(storefront, shirt, usage="product.delete").outcome == "deleted"


def test_vendor_rejection_fails_the_task_and_is_stored_on_the_mirror(storefront, remote, shirt, push):
    remote.inject(VALIDATION, operation="create_product", messages=("name: too long",))

    task = push(storefront, shirt)

    assert (task.status, task.error_kind) == ("failed", "validation")
    assert "name: too long" in task.error
    mirror = mirror_of(storefront, shirt)
    assert mirror.status == MirrorStatus.FAILED
    assert "name: too long" in mirror.last_error
    assert mirror.remote_id == ""


def test_a_failed_mirror_is_pushed_again_even_with_the_same_payload(storefront, remote, shirt, push):
    remote.inject(VALIDATION, operation="update_product")
    push(storefront, shirt)
    shirt.translations.update(name="Changed")
    push(storefront, shirt)  # fails on update_product

    task = push(storefront, shirt)

    assert task.outcome == "updated"
    assert mirror_of(storefront, shirt).status == MirrorStatus.SYNCED


def test_a_local_product_that_no_longer_exists_is_skipped(storefront, remote, push):
    task = push(storefront, 999999)

    assert (task.status, task.outcome) == ("succeeded", "skipped")
    assert remote.total_calls == 0
