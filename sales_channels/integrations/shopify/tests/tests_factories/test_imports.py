"""The catalog import against vendor-shaped pages (responses at the transport): pages, resume, modes, linking."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import responses

from currencies.models import Currency
from inventory.models import Inventory
from media.models import Media, MediaProductThrough
from products.models import ConfigurableVariation, Product, ProductTranslation
from properties.models import ProductProperty, Property, PropertyTranslation
from properties.product_types import configurator_properties
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.integrations.shopify.factories.imports.parsers import (
    ImportedOption,
    ImportedVariant,
    ShopifyImportedProduct,
    parse_product_node,
)
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty, ShopifyRemoteVariant, ShopifySalesChannel
from sales_channels.models import (
    ImportProcess,
    RemoteProduct,
    SalesChannelView,
    SalesChannelViewAssign,
    SyncTask,
)
from sales_channels.tasks import execute_import
from sales_channels.tests.http_support import refill_throttle
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class ShopifyPages:
    """Answers ProductsPage by its `after` variable and records every request's variables."""

    def __init__(self, *, throttle_after: str | None = None) -> None:
        self.requests: list[dict] = []
        self.throttle_after = throttle_after

    def __call__(self, request):
        body = json.loads(request.body)
        variables = body.get("variables") or {}
        if "query InventoryLevelsByItems" in body["query"]:
            # Stock of the page's variants: none in these fixtures (stock import is tested in test_imports_bulk).
            return 200, {}, json.dumps({"data": {"nodes": []}})
        self.requests.append(variables)
        if "query ProductsPage" not in body["query"]:
            return 400, {}, json.dumps({"errors": [{"message": "unexpected operation"}]})
        after = variables.get("after")
        if self.throttle_after is not None and after == self.throttle_after:
            return 200, {}, json.dumps(fixture("import_throttled.json"))
        return 200, {}, json.dumps(fixture("import_products_page_2.json" if after else "import_products_page_1.json"))


@pytest.fixture
def channel(company):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", is_default_currency=True)
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        access_token="shpat_fixture",
        shop_currency="EUR",
        connection_status="connected",
    )
    SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="gid://shopify/Publication/1", name="Online"
    )
    return channel


def shopify_api(pages: ShopifyPages):
    mock = responses.RequestsMock()
    mock.add_callback(responses.POST, GRAPHQL, callback=pages)
    return mock


def run(channel, pages: ShopifyPages | None = None, **options) -> ImportProcess:
    pages = pages or ShopifyPages()
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products", **options
    )
    with shopify_api(pages):
        execute_import(import_process_id=process.pk)
    process.refresh_from_db()
    return process


def test_pages_through_the_catalog_and_keeps_the_broken_record(channel):
    pages = ShopifyPages()

    process = run(channel, pages)

    assert [r["after"] for r in pages.requests] == [None, "cursor-1"]
    assert {r["first"] for r in pages.requests} == {5}
    assert (process.status, process.percentage, process.processed) == ("succeeded", 100, 4)
    assert (process.created_count, process.failed_count) == (3, 1)
    assert process.cursor is None
    error = process.item_errors.get()
    assert error.identifier == "no-sku"
    assert "no SKU" in error.message
    assert error.raw_record["id"] == "gid://shopify/Product/103"
    assert set(Product.objects.values_list("sku", flat=True)) == {
        "FIX-MUG",
        "fixture-tee",
        "FIX-TEE-S",
        "FIX-TEE-M",
        "FIX-CAP",
    }
    assert SalesChannelViewAssign.objects.filter(sales_channel=channel).count() == 3
    assert not SyncTask.objects.exists()  # nothing read is pushed back


def test_a_simple_product_with_content_price_and_images(channel):
    run(channel)

    mug = Product.objects.get(sku="FIX-MUG")
    assert (mug.type, mug.active) == (Product.SIMPLE, True)
    translation = ProductTranslation.objects.get(product=mug)
    assert (translation.name, translation.description, translation.url_key) == (
        "Fixture Mug",
        "<p>A mug.</p>",
        "fixture-mug",
    )
    price = SalesPrice.objects.get(product=mug)
    assert (price.currency.iso_code, price.price, price.rrp) == ("EUR", Decimal("12.50"), Decimal("15.00"))
    links = list(MediaProductThrough.objects.filter(product=mug).order_by("sort_order"))
    assert [(link.media.source_url, link.is_main_image) for link in links] == [
        ("https://cdn.example.com/mug-front.jpg", True),
        ("https://cdn.example.com/mug-side.jpg", False),
    ]
    assert mug.ean_code.ean_code == "8712345000028"
    assert Product.objects.get(sku="FIX-CAP").active is False  # a DRAFT product
    mirror = RemoteProduct.objects.get(sales_channel=channel, local_instance=mug)
    assert (mirror.remote_id, mirror.remote_sku, mirror.status) == ("gid://shopify/Product/101", "FIX-MUG", "synced")
    variant = ShopifyRemoteVariant.objects.get(local_instance_id=mug.pk)
    assert (variant.remote_id, variant.inventory_item_id) == (
        "gid://shopify/ProductVariant/1011",
        "gid://shopify/InventoryItem/1011",
    )


def test_a_configurable_with_options_becomes_variations_with_select_values_and_axes(channel):
    run(channel)

    tee = Product.objects.get(sku="fixture-tee")
    assert tee.type == Product.CONFIGURABLE
    variations = ConfigurableVariation.objects.filter(parent=tee).select_related("variation")
    assert {link.variation.sku for link in variations} == {"FIX-TEE-S", "FIX-TEE-M"}
    assert [prop.name() for prop in configurator_properties(product=tee)] == ["Size"]
    small = Product.objects.get(sku="FIX-TEE-S")
    value = ProductProperty.objects.get(
        product=small, property__type=Property.Type.SELECT, property__is_product_type=False
    )
    assert value.value_select.value() == "S"
    assert SalesPrice.objects.get(product=small).rrp is None  # compareAtPrice below the price is not an RRP
    assert ProductTranslation.objects.get(product=small).name == "Fixture Tee - S"
    listing = RemoteProduct.objects.get(sales_channel=channel, local_instance=tee)
    children = {m.remote_sku: m.remote_id for m in RemoteProduct.objects.filter(parent=listing)}
    assert children == {
        "FIX-TEE-S": "gid://shopify/ProductVariant/1021",
        "FIX-TEE-M": "gid://shopify/ProductVariant/1022",
    }


def test_an_option_maps_to_an_existing_property_of_that_name(channel, company):
    size = Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name="maat")
    PropertyTranslation.objects.create(multi_tenant_company=company, property=size, language="en", name="size")

    run(channel)

    assert ProductProperty.objects.filter(product__sku="FIX-TEE-M", property=size).exists()
    assert not Property.objects.filter(internal_name="size").exists()


def test_mapped_metafields_become_property_values(channel, company):
    material = Property.objects.create(multi_tenant_company=company, type=Property.Type.TEXT, internal_name="material")
    ShopifyRemoteProperty.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=material,
        remote_id="gid://shopify/MetafieldDefinition/1",
        namespace="custom",
        key="material",
        metafield_type="single_line_text_field",
    )

    run(channel)

    value = ProductProperty.objects.get(product__sku="FIX-MUG", property=material)
    assert value.get_value(language="en") == "Ceramic"


def test_existing_products_are_linked_by_sku_not_duplicated(channel, company):
    mug = Product.objects.create(multi_tenant_company=company, sku="FIX-MUG")
    variation = Product.objects.create(multi_tenant_company=company, sku="FIX-TEE-S")

    process = run(channel)

    assert (process.created_count, process.linked_count) == (2, 1)
    assert RemoteProduct.objects.get(local_instance=mug).remote_id == "gid://shopify/Product/101"
    assert Product.objects.filter(sku="FIX-TEE-S").get() == variation
    assert ConfigurableVariation.objects.filter(variation=variation).exists()

    again = run(channel)

    assert (again.created_count, again.linked_count, again.failed_count) == (0, 0, 1)
    assert again.updated_count + again.skipped_count == 3
    assert Product.objects.count() == 5
    assert Media.objects.count() == 2


def test_update_only_never_creates(channel, company):
    Product.objects.create(multi_tenant_company=company, sku="FIX-MUG")

    process = run(channel, update_only=True)

    assert (process.linked_count, process.created_count, process.skipped_count) == (1, 0, 2)
    assert list(Product.objects.values_list("sku", flat=True)) == ["FIX-MUG"]


def test_a_dry_run_counts_and_writes_nothing(channel):
    process = run(channel, dry_run=True)

    assert (process.status, process.created_count, process.failed_count) == ("succeeded", 3, 1)
    assert not Product.objects.exists()
    assert not RemoteProduct.objects.exists()
    assert not Media.objects.exists()


def test_a_throttled_page_keeps_the_cursor_and_the_resume_starts_there(channel):
    first = run(channel, ShopifyPages(throttle_after="cursor-1"))

    assert first.status == "pending"  # deferred until the bucket refills, not failed
    assert first.cursor == {"after": "cursor-1"}
    assert first.created_count == 2
    assert first.next_run_at is not None

    refill_throttle(key=channel.throttle_key)  # the bucket refilled meanwhile (database or Redis store)
    pages = ShopifyPages()
    with shopify_api(pages):
        execute_import(import_process_id=first.pk)
    first.refresh_from_db()

    assert [r["after"] for r in pages.requests] == ["cursor-1"]
    assert (first.status, first.created_count, first.failed_count) == ("succeeded", 3, 1)


def test_a_product_with_more_variants_than_the_page_continues_with_product_variants_page(channel):
    page = fixture("import_products_page_1.json")
    tee = page["data"]["products"]["nodes"][1]
    tee["variants"] = {"nodes": tee["variants"]["nodes"][:1], "pageInfo": {"hasNextPage": True, "endCursor": "v-1"}}
    page["data"]["products"]["pageInfo"] = {"hasNextPage": False, "endCursor": "cursor-1"}
    seen = []

    def answer(request):
        body = json.loads(request.body)
        seen.append((re.search(r"query (\w+)", body["query"]).group(1), body["variables"]))
        if "query ProductVariantsPage" in body["query"]:
            return 200, {}, json.dumps(fixture("import_product_variants_page.json"))
        return 200, {}, json.dumps(page)

    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        kind="products_catalog_only",  # these mocks answer every call with the page
    )
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, GRAPHQL, callback=answer)
        execute_import(import_process_id=process.pk)

    assert seen[1] == ("ProductVariantsPage", {"id": "gid://shopify/Product/102", "first": 250, "after": "v-1"})
    tee_product = Product.objects.get(sku="fixture-tee")
    assert ConfigurableVariation.objects.filter(parent=tee_product).count() == 2


def test_parse_product_node_gives_typed_values():
    node = fixture("import_products_page_1.json")["data"]["products"]["nodes"][1]

    assert parse_product_node(node) == ShopifyImportedProduct(
        remote_id="gid://shopify/Product/102",
        sku="",
        name="Fixture Tee",
        active=True,
        handle="fixture-tee",
        description_html="",
        product_type="T-shirt",
        options=(ImportedOption(name="Size", values=("S", "M")),),
        variants=(
            ImportedVariant(
                remote_id="gid://shopify/ProductVariant/1021",
                sku="FIX-TEE-S",
                title="S",
                inventory_item_id="gid://shopify/InventoryItem/1021",
                price=Decimal("19.90"),
                compare_at_price=Decimal("9.00"),
                options=(("Size", "S"),),
            ),
            ImportedVariant(
                remote_id="gid://shopify/ProductVariant/1022",
                sku="FIX-TEE-M",
                title="M",
                inventory_item_id="gid://shopify/InventoryItem/1022",
                price=Decimal("19.90"),
                options=(("Size", "M"),),
            ),
        ),
    )


@pytest.mark.parametrize(
    "node",
    [
        None,
        {"title": "no id"},
        {"id": "gid://shopify/Product/1", "title": "No variants", "variants": {"nodes": []}},
        {
            "id": "gid://shopify/Product/1",
            "title": "Bad price",
            "variants": {
                "nodes": [{"id": "gid://shopify/ProductVariant/1", "price": "ten", "inventoryItem": {"sku": "A"}}]
            },
        },
        {
            "id": "gid://shopify/Product/1",
            "title": "",
            "variants": {"nodes": [{"id": "gid://shopify/ProductVariant/1", "inventoryItem": {"sku": "A"}}]},
        },
        {"id": "gid://shopify/Product/1", "title": "Bad shape", "variants": ["not", "a", "connection"]},
        {
            "id": "gid://shopify/Product/1",
            "title": ["a", "b"],  # issue 15 item 9: was stored as "['a', 'b']"
            "variants": {"nodes": [{"id": "gid://shopify/ProductVariant/1", "inventoryItem": {"sku": "A"}}]},
        },
    ],
)
def test_malformed_product_nodes_are_invalid(node):
    with pytest.raises(InvalidVendorPayload):
        parse_product_node(node)


def test_inventory_levels_in_the_node_become_stock_at_a_location_of_that_name(channel):
    page = fixture("import_products_page_1.json")
    mug_variant = page["data"]["products"]["nodes"][0]["variants"]["nodes"][0]
    mug_variant["inventoryItem"]["inventoryLevels"] = {
        "nodes": [{"location": {"name": "Warehouse Amsterdam"}, "quantities": [{"name": "available", "quantity": 7}]}]
    }
    page["data"]["products"]["pageInfo"] = {"hasNextPage": False, "endCursor": "cursor-1"}
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        kind="products_catalog_only",  # these mocks answer every call with the page
    )
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GRAPHQL, json=page)
        execute_import(import_process_id=process.pk)

    stock = Inventory.objects.get(product__sku="FIX-MUG")
    assert (stock.location.name, stock.quantity) == ("Warehouse Amsterdam", 7)
    assert not Inventory.objects.filter(product__sku="FIX-TEE-S").exists()  # no levels in the node: skipped


def test_a_products_page_of_the_wrong_shape_fails_the_import_naming_the_path(channel):
    process = ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products_catalog_only"
    )
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GRAPHQL, json={"data": {"products": {"nodes": {"not": "a list"}}}})
        execute_import(import_process_id=process.pk)
    process.refresh_from_db()

    assert process.status == "failed"
    assert "ProductsPage.products.nodes: expected a list, got dict" in process.error
