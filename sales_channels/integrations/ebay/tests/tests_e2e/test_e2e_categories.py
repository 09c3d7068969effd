"""Phase 5 over real HTTP: the tree pulled at connect, a category imported and mapped, listings checked first."""

import gzip

import pytest

from properties.models import Property
from sales_channels.factories.clients import build_session
from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.replies import Reply
from sales_channels.integrations.ebay.tests import openapi_check
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import inventory_calls
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import ListingIssue, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_channels.tests.marketplace_catalog import product_type_property, prop, select_value, set_select

pytestmark = pytest.mark.django_db(transaction=True)


class Shirts:
    """A company whose T-shirts list under eBay's category 15687 (Brand and Size required, Size SELECTION_ONLY)."""

    def __init__(self, *, company, view: EbayMarketplaceView, client: EbayClient) -> None:
        self.company = company
        self.types = product_type_property(company)
        self.tshirt = select_value(company, self.types, "T-Shirt")
        self.brand = prop(company, "brand", kind=Property.Type.SELECT, name="Brand")
        self.onesila = select_value(company, self.brand, "OneSila")
        self.size = prop(company, "size", kind=Property.Type.SELECT, name="Size")
        self.sizes = {label: select_value(company, self.size, label) for label in ("S", "M", "Huge")}
        self.imported = categories.import_category(client=client, view=view, category_id="15687")
        map_product_type(view=view, local_product_type=self.tshirt, schema=self.imported.schema)

    def shirt(self, sku: str, *, brand: bool = True, size: str | None = "M"):
        item = catalog.product(self.company, sku, name=f"Shirt {sku}", price="15.00", stock=4)
        catalog.image(self.company, item, url=f"https://images.example.com/{sku}.jpg", main=True)
        set_select(self.company, item, self.types, self.tshirt)
        if brand:
            set_select(self.company, item, self.brand, self.onesila)
        if size:
            set_select(self.company, item, self.size, self.sizes[size])
        return item


@pytest.fixture
def shop(company):
    catalog.currency(company, iso="USD")
    with EbaySandbox(record_exchanges=True) as sandbox:
        channel = connect_via_oauth(channel=new_channel(company=company, sandbox=sandbox))
        view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id="EBAY_US")
        client = EbayClient(channel=channel, session=build_session(channel=channel))
        yield sandbox, view, Shirts(company=company, view=view, client=client)


def test_connect_reads_the_default_tree_and_a_category_imports_with_its_aspects(shop):
    sandbox, view, shirts = shop
    view.refresh_from_db()
    assert (view.category_tree_id, view.category_tree_version) == ("0", "130")
    assert shirts.imported.automap.mapped == {"Brand": "brand", "Size": "size"}
    assert shirts.imported.missing == []
    attributes = {a.code: a for a in shirts.imported.schema.attributes.all()}
    assert attributes["Size"].value_kind == "enum"
    assert [v["value"] for v in attributes["Size"].allowed_values] == ["XS", "S", "M", "L", "XL", "XXL", "3XL"]
    assert sandbox.oauth.grants_used_today()["client_credentials"] == 1  # one application token, reused


def test_a_listing_goes_under_its_mapped_category_and_invalid_ones_are_held_back_with_issues(shop):
    sandbox, view, shirts = shop
    good = shirts.shirt("SHIRT-OK")
    no_brand = shirts.shirt("SHIRT-NOBRAND", brand=False)
    bad_size = shirts.shirt("SHIRT-HUGE", size="Huge")
    sandbox.request_log.clear()

    since = last_task_id()
    flows.assign_products(view=view, product_ids=[good.pk, no_brand.pk, bad_size.pk])
    tasks = {t.object_id: t for t in run_all(since=since)}

    assert tasks[good.pk].status == "succeeded"
    item = sandbox.inventory.items["SHIRT-OK"]
    assert item["product"]["aspects"] == {"Brand": ["OneSila"], "Size": ["M"]}
    [offer] = [o for o in sandbox.inventory.offers.values() if o["sku"] == "SHIRT-OK"]
    assert (offer["categoryId"], offer["status"]) == ("15687", "PUBLISHED")
    assert "SHIRT-NOBRAND" not in sandbox.inventory.items  # nothing sent for an invalid listing
    assert "SHIRT-HUGE" not in sandbox.inventory.items
    assert tasks[no_brand.pk].status == "failed"
    assert "'Brand' is required" in tasks[no_brand.pk].error
    issues = {
        issue.remote_product.local_instance.sku: issue
        for issue in ListingIssue.objects.select_related("remote_product__local_instance")
    }
    assert issues["SHIRT-NOBRAND"].attribute_names == ["Brand"]
    assert (
        issues["SHIRT-HUGE"].message == "'Size' has 'Huge', not one of the allowed values (XS, S, M, L, XL, XXL, 3XL)."
    )
    assert issues["SHIRT-HUGE"].source == ListingIssue.Source.SCHEMA
    assert inventory_calls(sandbox).count("POST bulk_create_or_replace_inventory_item") == 1

    set_select(shirts.company, no_brand, shirts.brand, shirts.onesila)
    since = last_task_id()
    flows.resync_products(channel=view.sales_channel)
    run_all(since=since)
    assert "SHIRT-NOBRAND" in sandbox.inventory.items
    fixed = RemoteProduct.objects.get(local_instance=no_brand, view=view)
    assert not ListingIssue.objects.filter(remote_product=fixed).exists()  # fixed: its schema issues cleared


def test_the_sandbox_refuses_to_publish_without_required_aspects(shop):
    """What the check before sending spares the seller: eBay's own refusal at publish time."""
    sandbox, _view, _shirts = shop
    sandbox.inventory.items["RAW-1"] = {
        "sku": "RAW-1",
        "condition": "NEW",
        "product": {"title": "Raw", "description": "d", "aspects": {"Size": ["M"]}, "imageUrls": ["https://x/y.jpg"]},
    }
    problems = sandbox.inventory._publish_problems(
        {"sku": "RAW-1", "offerId": "1", "marketplaceId": "EBAY_US", "categoryId": "15687"}
    )
    assert [p["parameters"][1] for p in problems if p["errorId"] == 25002] == [
        {"name": "itemSpecific", "value": "Brand"}
    ]


def test_taxonomy_exchanges_match_ebays_spec(shop):
    openapi_check.specs_or_skip()
    sandbox, view, _shirts = shop
    channel = EbaySalesChannel.objects.get(pk=view.sales_channel_id)
    client = EbayClient(channel=channel, session=build_session(channel=channel))
    nodes = categories.browse_categories(client=client, view=view)
    assert [n.category_id for n in nodes] == ["11450", "15032", "267", "99"]
    assert [n.name for n in categories.browse_categories(client=client, view=view, parent_id="1059")] == [
        "T-Shirts",
        "Jeans",
        "Hoodies & Sweatshirts",
    ]
    document = client.all_item_aspects(tree_id="0")
    assert {entry["category"]["categoryId"] for entry in document["categoryAspects"]} == {
        "15687",
        "11483",
        "155183",
        "9355",
        "261186",
        "88433",
    }
    checked = [e for e in sandbox.exchanges if "/commerce/taxonomy/" in e.path]
    assert {e.path.rsplit("/", 1)[-1] for e in checked} >= {
        "get_default_category_tree_id",
        "get_item_aspects_for_category",
        "get_category_subtree",
        "fetch_item_aspects",
        "0",
    }
    for exchange in checked:
        if exchange.path.endswith("fetch_item_aspects"):  # eBay sends the file gzipped; the spec describes its JSON
            json_reply = Reply(200, {"Content-Type": "application/json"}, gzip.decompress(exchange.reply.body))
            exchange = exchange.__class__(**{**exchange.__dict__, "reply": json_reply})
        openapi_check.validate(exchange)


def test_a_group_may_not_vary_by_an_aspect_ebay_disables_for_variations(shop):
    sandbox, view, shirts = shop
    tee = catalog.configurable(shirts.company, "TEE-BRANDS", variations=["TEE-BRANDS-A", "TEE-BRANDS-B"], price="9.00")
    catalog.image(shirts.company, tee, url="https://images.example.com/tee.jpg", main=True)
    set_select(shirts.company, tee, shirts.types, shirts.tshirt)
    nike = select_value(shirts.company, shirts.brand, "Nike")
    for link, brand in zip(tee.variation_links.order_by("variation__sku"), (shirts.onesila, nike), strict=True):
        set_select(shirts.company, link.variation, shirts.brand, brand)
        set_select(shirts.company, link.variation, shirts.size, shirts.sizes["M"])

    since = last_task_id()
    flows.assign_products(view=view, product_ids=[tee.pk])
    [task] = run_all(since=since)

    assert task.status == "failed"
    assert "TEE-BRANDS" not in sandbox.inventory.groups
    [issue] = ListingIssue.objects.filter(remote_product__local_instance=tee)
    assert issue.code == "aspectEnabledForVariations"
    assert issue.message == (
        "'Brand' cannot vary between variations in eBay category 15687 (variations may differ by: Color, Size)."
    )
