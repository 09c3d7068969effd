"""The listing at the fewest calls, against the sandbox: creation, one-field updates, translations, removed values."""

from decimal import Decimal

import pytest

from products.models import ProductTranslation
from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import products, shop
from sales_channels.models import RemoteProduct
from sales_channels.tests.e2e import last_task_id, run_all
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["products", "shop"]  # fixtures shared with test_e2e_push


def _operations(sandbox) -> list[str]:
    return [entry["operation"] for entry in sandbox.request_log if entry["path"].endswith("graphql.json")]


def _resync(channel) -> list:
    since = last_task_id()
    flows.resync_products(channel=channel)
    return run_all(since=since)


@pytest.fixture(autouse=True)
def media_ready_at_once(shopify_sandbox):
    shopify_sandbox.set_media_processing(0.0)


def test_a_listing_is_created_in_two_calls_without_a_lookup_nor_a_digest_read(shop, products, shopify_sandbox):
    _channel, view = shop
    mug, tee = products
    shopify_sandbox.request_log.clear()

    flows.assign_products(view=view, product_ids=[mug.pk])
    assert {t.status for t in run_all(since=0)} == {"succeeded"}

    # the custom-id definition was ensured at connect: no lookup by SKU; the digests of the text just
    # written are its SHA-256 (no read); publications and translations go in the follow-up
    assert _operations(shopify_sandbox) == ["ProductSet", "ListingFollowUp"]

    shopify_sandbox.state.metafield_definitions.clear()  # deleted on Shopify meanwhile
    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[tee.pk])
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert _operations(shopify_sandbox) == [
        "ProductSet",  # refused: no such definition
        "MetafieldDefinitionCreate",
        "ProductSet",
        "ListingFollowUp",
    ]


def test_a_retried_create_upserts_the_same_product(shop, products, shopify_sandbox):
    channel, view = shop
    mug, _tee = products
    flows.assign_products(view=view, product_ids=[mug.pk])
    run_all(since=0)
    before = shopify_sandbox.counts()
    mirror = RemoteProduct.objects.get(local_instance_id=mug.pk)
    first_id = mirror.remote_id
    mirror.remote_id, mirror.payload_hash = "", ""  # as if the first create's answer had been lost
    mirror.save()

    assert {t.status for t in _resync(channel)} == {"succeeded"}

    assert shopify_sandbox.counts()["products"] == before["products"]
    assert RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id == first_id


def test_one_changed_price_is_one_product_set_and_nothing_else(shop, products, shopify_sandbox):
    channel, view = shop
    mug, tee = products
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    run_all(since=0)
    shopify_sandbox.request_log.clear()
    SalesPrice.objects.filter(product=mug).update(price=Decimal("11.00"))

    assert {t.status for t in _resync(channel)} == {"succeeded"}

    assert _operations(shopify_sandbox) == ["ProductSet"]
    [variant] = shopify_sandbox.state.product_by_gid(
        RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id
    ).variants
    assert variant.price == "11.00"


def test_translations_of_every_locale_go_in_one_register_with_batched_digests(shop, products, shopify_sandbox):
    channel, view = shop
    mug, tee = products
    flows.assign_products(view=view, product_ids=[mug.pk, tee.pk])
    run_all(since=0)
    shopify_sandbox.request_log.clear()
    ProductTranslation.objects.filter(product=mug, language="nl").update(name="Beker")  # no signal: one resync
    company = mug.multi_tenant_company
    ProductTranslation.objects.bulk_create(
        [ProductTranslation(multi_tenant_company=company, product=tee, language="nl", name="Shirt")]
    )

    assert {t.status for t in _resync(channel)} == {"succeeded"}

    # both listings' digests in one query; one follow-up per listing; no productSet (nothing else changed)
    assert _operations(shopify_sandbox) == ["TranslatableResourcesByIds", "ListingFollowUp", "ListingFollowUp"]
    translations = shopify_sandbox.state.translations
    mug_id = RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id
    assert translations[mug_id][("nl", "title")].value == "Beker"


def test_a_removed_property_value_is_deleted_on_shopify(shop, products, shopify_sandbox):
    channel, view = shop
    mug, _tee = products
    flows.assign_products(view=view, product_ids=[mug.pk])
    run_all(since=0)
    remote = shopify_sandbox.state.product_by_gid(RemoteProduct.objects.get(local_instance_id=mug.pk).remote_id)
    assert ("onesila", "material") in {(m.namespace, m.key) for m in remote.metafields}
    shopify_sandbox.request_log.clear()
    ProductProperty.objects.filter(product=mug).delete()  # its signal pushes the listing at once

    assert {t.status for t in _resync(channel)} == {"succeeded"}

    assert _operations(shopify_sandbox) == ["ProductSet", "ListingFollowUp"]
    assert ("onesila", "material") not in {(m.namespace, m.key) for m in remote.metafields}
