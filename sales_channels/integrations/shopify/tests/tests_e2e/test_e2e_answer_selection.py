"""productSet asks only what the push binds (variant id and SKU); the inventory item is read when stock needs it."""

import pytest

from inventory.models import Inventory
from media.models import MediaProductThrough
from products.models import Product
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import products, shop
from sales_channels.models import RemoteImageProductAssociation, RemoteProduct
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["products", "shop"]  # fixtures shared with test_e2e_push


def _operations(sandbox) -> list[str]:
    return [entry["operation"] for entry in sandbox.request_log if entry["path"].endswith("graphql.json")]


def test_creation_binds_variants_without_their_inventory_items(shop, products, shopify_sandbox):
    _channel, view = shop
    mug, tee = products
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    assert {t.status for t in run_all(since=0)} == {"succeeded"}

    rows = list(ShopifyRemoteVariant.objects.all())
    remote_skus = {variant.gid: variant.inventory_item.sku for variant in shopify_sandbox.state.variants()}
    local_skus = dict(Product.objects.values_list("pk", "sku"))
    # each variant bound to the local product of its SKU (the answer's `sku`)
    assert sorted((local_skus[row.local_instance_id], remote_skus[row.remote_id]) for row in rows) == [
        (sku, sku) for sku in sorted(["MUG-1", "TEE-M-BLUE", "TEE-M-RED", "TEE-S-BLUE", "TEE-S-RED"])
    ]
    assert {row.inventory_item_id for row in rows} == {""}  # not asked for: the first stock went with productSet


def test_a_stock_change_reads_the_inventory_items_of_the_family_once(shop, products, shopify_sandbox):
    _channel, view = shop
    _mug, tee = products
    flows.assign_products(view=view, product_ids=[tee.pk])
    run_all(since=0)
    variations = list(tee.variation_links.select_related("variation").order_by("variation__sku"))
    location = shopify_sandbox.state.locations[next(iter(shopify_sandbox.state.locations))]
    shopify_sandbox.request_log.clear()

    since = last_task_id()
    for link, quantity in zip(variations[:2], (11, 12), strict=True):
        stock = Inventory.objects.get(product=link.variation)
        stock.quantity = quantity
        stock.save()
    assert {t.status for t in run_all(since=since)} == {"succeeded"}

    operations = _operations(shopify_sandbox)
    assert operations.count("VariantInventoryItems") == 1  # the four variants' items in one read
    assert operations.count("InventorySetQuantities") == 2
    by_sku = {v.inventory_item.sku: v.inventory_item for v in shopify_sandbox.state.variants()}
    for link, quantity in zip(variations[:2], (11, 12), strict=True):
        assert by_sku[link.variation.sku].levels[location.id]["available"] == quantity
    rows = ShopifyRemoteVariant.objects.filter(local_instance_id__in=[link.variation_id for link in variations])
    assert {row.inventory_item_id for row in rows} == {by_sku[link.variation.sku].gid for link in variations}

    shopify_sandbox.request_log.clear()
    since = last_task_id()
    stock = Inventory.objects.get(product=variations[2].variation)
    stock.quantity = 13
    stock.save()
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert _operations(shopify_sandbox) == ["InventorySetQuantities"]  # bound now: no read


def test_a_listing_with_one_image_binds_it_from_the_featured_media(shop, products, shopify_sandbox):
    channel, view = shop
    mug, _tee = products
    MediaProductThrough.objects.filter(product=mug, media__source_url__endswith="mug-side.jpg").delete()
    flows.assign_products(view=view, product_ids=[mug.pk])
    assert {t.status for t in run_all(since=0)} == {"succeeded"}

    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    [media] = shopify_sandbox.state.product_by_gid(mirror.remote_id).media
    [row] = RemoteImageProductAssociation.objects.filter(remote_product=mirror)
    assert (row.remote_id, row.last_payload["originalSource"]) == (media.gid, media.original_source)

    before = shopify_sandbox.counts()
    mirror.payload_hash = ""  # a forced resync sends the image by its id: not uploaded again
    mirror.save()
    since = last_task_id()
    flows.resync_products(channel=channel, product_ids=[mug.pk])
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert shopify_sandbox.counts() == before
    assert [m.gid for m in shopify_sandbox.state.product_by_gid(mirror.remote_id).media] == [media.gid]
