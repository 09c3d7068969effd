"""The import over real HTTP: listings made outside the Inventory API reported, aspects and categories mapped
back, and the offers of a second marketplace bound."""

import pytest

from products.models import Product
from properties.models import ProductProperty, Property
from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.imports import listings_report
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_import import run_import
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import ImportItemError, ItemSeverity, MarketplaceEnumValueMap, RemoteProduct
from sales_channels.tasks import execute_import
from sales_channels.tests import catalog
from sales_channels.tests.marketplace_catalog import product_type_property, prop, select_value
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(listings_report, "POLL_DELAYS", (0.0, 0.0, 0.0, 0.0))


def publish(sandbox: EbaySandbox, *skus: str) -> dict[str, str]:
    """Give seeded offers a live listing, as a push through the Inventory API would: sku -> listing id."""
    listed: dict[str, str] = {}
    for offer in sandbox.inventory.offers.values():
        if offer["sku"] in skus:
            offer["status"] = "PUBLISHED"
            offer["listing"] = {"listingId": f"1105500009{len(listed):02d}", "listingStatus": "ACTIVE"}
            listed[offer["sku"]] = offer["listing"]["listingId"]
    return listed


def label(value) -> str:
    """A select value's (first) label."""
    return str(value.translations.values_list("value", flat=True).first())


def warnings(process) -> dict[str, str]:
    rows = ImportItemError.objects.filter(import_process=process, severity=ItemSeverity.WARNING)
    return dict(rows.values_list("identifier", "message"))


def test_listings_made_outside_the_inventory_api_are_reported_with_what_migration_needs(ebay_channel, ebay_sandbox):
    publish(ebay_sandbox, "EBAY-LAMP-1")

    process = run_import(ebay_channel)

    assert (process.status, process.failed_count, process.processed, process.warning_count) == ("succeeded", 0, 4, 2)
    found = warnings(process)
    assert set(found) == {"listing 110540000001", "listing 110540000002"}  # the lamp's listing is known
    scarf = found["listing 110540000001"]
    assert "eBay listing 110540000001 (SKU TRADING-SCARF-1) was made outside the Inventory API" in scarf
    for requirement in ("bulk_migrate_listing", "fixed-price", "seller-defined SKU", "business policies", "postal"):
        assert requirement in scarf
    assert "1 of its 2 variations have no SKU" in found["listing 110540000002"]
    row = ImportItemError.objects.get(import_process=process, identifier="listing 110540000002")
    assert (row.raw_record or {})["Variations"][0]["SKU"] == "TRADING-TOTE-RED"
    assert len(ebay_sandbox.feed.tasks) == 1
    assert Product.objects.filter(sku__startswith="TRADING-").count() == 0  # reported, not imported


def test_a_report_that_cannot_be_had_is_one_warning_and_the_import_still_succeeds(ebay_channel, ebay_sandbox):
    ebay_sandbox.inject_fault("500", times=50, path="/sell/feed/")
    process = run_import(ebay_channel)
    assert (process.status, process.processed, process.warning_count) == ("succeeded", 4, 1)
    [(identifier, message)] = warnings(process).items()
    assert identifier == "active-listings report"
    assert message.startswith("Listings made outside the Inventory API were not checked in this import")

    ebay_sandbox.faults.clear()
    ebay_channel.scopes = "https://api.ebay.com/oauth/api_scope/sell.inventory.readonly"
    ebay_channel.save()
    narrow = run_import(ebay_channel)
    assert (narrow.status, narrow.warning_count) == ("succeeded", 1)
    assert "needs the scope https://api.ebay.com/oauth/api_scope/sell.inventory" in next(
        iter(warnings(narrow).values())
    )
    assert len(ebay_sandbox.feed.tasks) == 0  # not asked for without the scope


def test_aspects_come_back_as_property_values_and_the_category_as_the_mapped_product_type(
    company, ebay_channel, ebay_view, ebay_sandbox
):
    types = product_type_property(company)
    tshirt = select_value(company, types, "T-Shirt")
    brand = prop(company, "brand", kind=Property.Type.SELECT, name="Brand")
    ours = select_value(company, brand, "OneSila Ltd")
    client = EbayClient(channel=ebay_channel, session=build_session(channel=ebay_channel))
    imported = categories.import_category(client=client, view=ebay_view, category_id="15687")  # the seeded offers'
    map_product_type(view=ebay_view, local_product_type=tshirt, schema=imported.schema)
    attribute = imported.schema.attributes.get(code="Brand")
    assert attribute.local_property_id == brand.pk
    MarketplaceEnumValueMap.objects.create(
        multi_tenant_company=company, attribute=attribute, local_select_value=ours, remote_value="OneSila"
    )

    assert run_import(ebay_channel).status == "succeeded"

    def values(sku: str) -> dict[str, str]:
        rows = ProductProperty.objects.filter(product__sku=sku).select_related("value_select", "property")
        return {row.property.internal_name: label(row.value_select) for row in rows if row.value_select}

    assert values("EBAY-LAMP-1") == {"brand": "OneSila Ltd", types.internal_name: "T-Shirt"}
    assert values("EBAY-TEE") == {"brand": "OneSila Ltd", types.internal_name: "T-Shirt"}  # the group's aspects
    assert values("EBAY-BOOK-1") == {}  # no aspects, no offer (so no category)


def test_an_unmapped_aspect_is_a_property_found_by_its_name(ebay_channel, ebay_sandbox):
    assert run_import(ebay_channel).status == "succeeded"
    row = ProductProperty.objects.select_related("property", "value_select").get(product__sku="EBAY-LAMP-1")
    assert row.property.type == Property.Type.SELECT
    assert list(row.property.translations.values_list("name", flat=True)) == ["Brand"]
    assert label(row.value_select) == "OneSila"


def test_the_offer_of_a_second_marketplace_is_bound_to_that_views_mirror(company):
    catalog.currency(company, iso="USD")
    catalog.currency(company, iso="GBP", default=False)
    with EbaySandbox() as sandbox:
        channel = connect_via_oauth(
            channel=new_channel(company=company, sandbox=sandbox, marketplace_ids=["EBAY_US", "EBAY_GB"])
        )
        views = {v.remote_id: v for v in EbayMarketplaceView.objects.filter(sales_channel=channel)}
        for sku in ("EBAY-LAMP-1", "EBAY-TEE-S"):
            sandbox.inventory.create_offer(
                {
                    "sku": sku,
                    "marketplaceId": "EBAY_GB",
                    "format": "FIXED_PRICE",
                    "pricingSummary": {"price": {"value": "35.00", "currency": "GBP"}},
                    "categoryId": "15687",
                }
            )
        gb_offers = {
            o["sku"]: o["offerId"] for o in sandbox.inventory.offers.values() if o["marketplaceId"] == "EBAY_GB"
        }

        process = run_import(channel)
        again = run_import(channel)

    assert (process.status, again.status) == ("succeeded", "succeeded")
    bound = {
        (getattr(row.remote_product.view, "remote_id", ""), row.remote_product.remote_id): row.offer_id
        for row in EbayOffer.objects.select_related("remote_product__view")
    }
    assert bound[("EBAY_GB", "EBAY-LAMP-1")] == gb_offers["EBAY-LAMP-1"]
    assert bound[("EBAY_GB", "EBAY-TEE-S")] == gb_offers["EBAY-TEE-S"]
    assert bound[("EBAY_US", "EBAY-LAMP-1")] != gb_offers["EBAY-LAMP-1"]
    gb = RemoteProduct.objects.filter(view=views["EBAY_GB"])
    assert set(gb.values_list("remote_id", flat=True)) == {"EBAY-LAMP-1", "EBAY-TEE", "EBAY-TEE-S"}
    assert gb.get(remote_id="EBAY-TEE-S").parent == gb.get(remote_id="EBAY-TEE")
    assert SalesPrice.objects.get(product__sku="EBAY-LAMP-1").price == 40  # the default view's price


def test_a_report_still_running_defers_the_import_which_resumes_on_the_same_task(
    ebay_channel, ebay_sandbox, monkeypatch
):
    monkeypatch.setattr(listings_report, "POLL_DELAYS", (0.0,))  # one status read per run: IN_PROCESS
    waiting = run_import(ebay_channel)
    cursor = waiting.cursor or {}
    assert (waiting.status, waiting.processed, cursor["stage"], cursor["report"]["waits"]) == (
        "pending",
        4,
        "report",
        1,
    )
    assert waiting.next_run_at is not None

    execute_import(import_process_id=waiting.pk)  # the next run reads the same task: COMPLETED
    waiting.refresh_from_db()
    assert (waiting.status, waiting.processed, waiting.warning_count) == ("succeeded", 4, 2)
    assert len(ebay_sandbox.feed.tasks) == 1
    assert Product.objects.filter(sku__startswith="EBAY-").count() == 6


def test_a_resumed_dry_run_does_not_report_the_listings_it_saw_as_made_outside(ebay_channel, ebay_sandbox, monkeypatch):
    """The listing ids seen before the report wait are kept with the cursor: the next run still knows them."""
    publish(ebay_sandbox, "EBAY-LAMP-1")
    monkeypatch.setattr(listings_report, "POLL_DELAYS", (0.0,))  # one status read per run: IN_PROCESS
    waiting = run_import(ebay_channel, dry_run=True)
    assert (waiting.status, (waiting.cursor or {}).get("stage")) == ("pending", "report")

    execute_import(import_process_id=waiting.pk)
    waiting.refresh_from_db()

    assert waiting.status == "succeeded"
    assert set(warnings(waiting)) == {"listing 110540000001", "listing 110540000002"}  # the lamp's listing is known
