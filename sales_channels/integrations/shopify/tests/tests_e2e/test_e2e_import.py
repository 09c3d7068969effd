"""Importing the sandbox shop's catalog over real HTTP: created, linked again without duplicates, pushable."""

from decimal import Decimal

import pytest
import requests

from currencies.models import Currency
from media.models import MediaProductThrough
from products.models import ConfigurableVariation, EanCode, Product, ProductTranslation
from properties.models import ProductProperty
from properties.product_types import configurator_properties
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.documents import load_document
from sales_channels.integrations.shopify.factories.imports.products import PAGE_SIZE, VARIANTS_PAGE_SIZE
from sales_channels.integrations.shopify.factories.orders.imports import PAGE_SIZE as ORDERS_PAGE_SIZE
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import ImportProcess, RemoteImageProductAssociation, RemoteProduct, SyncTask
from sales_channels.tasks import execute_import, execute_sync_tasks
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)

SEEDED = {"SHOP-MUG-001", "SHOP-TOTE-001", "linen-shirt"}
VARIATIONS = {"SHOP-SHIRT-S-WHITE", "SHOP-SHIRT-S-BLUE", "SHOP-SHIRT-M-WHITE", "SHOP-SHIRT-M-BLUE"}


@pytest.fixture
def euro(company):
    return Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)


def run_import(channel, **options) -> ImportProcess:
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products", **options
    )
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_import_creates_the_seeded_catalog(shopify_channel, euro):
    process = run_import(shopify_channel)

    assert (process.status, process.percentage, process.failed_count) == ("succeeded", 100, 0)
    assert (process.created_count, process.processed) == (3, 3)
    assert set(Product.objects.values_list("sku", flat=True)) == SEEDED | VARIATIONS
    shirt = Product.objects.get(sku="linen-shirt")
    assert shirt.type == Product.CONFIGURABLE
    variations = set(ConfigurableVariation.objects.filter(parent=shirt).values_list("variation__sku", flat=True))
    assert variations == VARIATIONS
    axes = [prop.name() for prop in configurator_properties(product=shirt)]
    assert axes == ["Size", "Color"]
    blue_m = Product.objects.get(sku="SHOP-SHIRT-M-BLUE")
    values = {pp.property.name(): pp.value_select.value() for pp in ProductProperty.objects.filter(product=blue_m)}
    assert (values["Size"], values["Color"]) == ("M", "Blue")
    price = SalesPrice.objects.get(product=blue_m)
    assert (price.price, price.rrp) == (Decimal("49.00"), Decimal("59.00"))
    mug = Product.objects.get(sku="SHOP-MUG-001")
    assert mug.type == Product.SIMPLE
    assert ProductTranslation.objects.get(product=mug).name == "Classic Mug"
    assert not EanCode.objects.filter(product=mug).exists()  # the seed's barcode fails the GTIN check digit
    tote_images = MediaProductThrough.objects.filter(product__sku="SHOP-TOTE-001").order_by("sort_order")
    assert [link.is_main_image for link in tote_images] == [True, False]
    assert RemoteImageProductAssociation.objects.filter(sales_channel=shopify_channel).count() == 2
    listing = RemoteProduct.objects.get(sales_channel=shopify_channel, local_instance=shirt)
    assert listing.remote_id.startswith("gid://shopify/Product/")
    assert RemoteProduct.objects.filter(parent=listing).count() == 4
    assert ShopifyRemoteVariant.objects.filter(sales_channel=shopify_channel).count() == 6


def test_a_second_import_creates_nothing(shopify_channel, euro):
    run_import(shopify_channel)
    products = Product.objects.count()

    process = run_import(shopify_channel)

    assert process.created_count == 0
    assert process.failed_count == 0
    assert Product.objects.count() == products
    assert RemoteProduct.objects.filter(sales_channel=shopify_channel).count() == 3 + 4


def test_update_only_and_dry_run_write_nothing_new(shopify_channel, euro):
    dry = run_import(shopify_channel, dry_run=True)
    assert (dry.status, dry.created_count) == ("succeeded", 3)
    assert not Product.objects.exists()

    update_only = run_import(shopify_channel, update_only=True)
    assert (update_only.created_count, update_only.skipped_count) == (0, 3)
    assert not Product.objects.exists()


def test_a_push_after_the_import_updates_the_same_shopify_products(shopify_channel, shopify_sandbox, euro):

    run_import(shopify_channel)
    before = shopify_sandbox.counts()
    media_before = {p.gid: [m.gid for m in p.media] for p in shopify_sandbox.state.products.values()}
    mug = Product.objects.get(sku="SHOP-MUG-001")
    price = SalesPrice.objects.get(product=mug)
    price.price = Decimal("13.50")
    price.save()

    flows.resync_products(channel=shopify_channel)  # the immediate test queue runs the tasks at commit
    execute_sync_tasks(sync_task_ids=list(SyncTask.objects.values_list("pk", flat=True)))
    tasks = list(SyncTask.objects.all())

    assert tasks
    assert {t.status for t in tasks} == {"succeeded"}, [(t.usage, t.error) for t in tasks]
    assert shopify_sandbox.counts() == before
    # the imported images keep their Shopify media (bound by id at import): nothing deleted and re-uploaded
    assert {p.gid: [m.gid for m in p.media] for p in shopify_sandbox.state.products.values()} == media_before
    remote = RemoteProduct.objects.get(sales_channel=shopify_channel, local_instance=mug)
    [variant] = shopify_sandbox.state.product_by_gid(remote.remote_id).variants
    assert variant.price == "13.50"


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ("products_page", {"first": 5}),
        ("product_variants_page", {"id": "gid://shopify/Product/1", "first": 250}),
        ("orders_page", {"first": 10}),
    ],
)
def test_import_pages_stay_under_the_single_query_cost_maximum(shopify_sandbox, document, variables):
    assert (PAGE_SIZE, VARIANTS_PAGE_SIZE, ORDERS_PAGE_SIZE) == (5, 250, 10)
    token = shopify_sandbox.issue_access_token()["access_token"]
    answer = requests.post(
        shopify_sandbox.graphql_url,
        json={"query": load_document(document), "variables": variables},
        headers={"X-Shopify-Access-Token": token},
        timeout=10,
    ).json()

    assert answer["extensions"]["cost"]["requestedQueryCost"] < 1000
