"""End to end against the sandbox over real HTTP: connect, schema import, validated push, feed, live price/stock."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.feeds import FEED_MIN_MESSAGES
from sales_channels.integrations.amazon.factories.listing_status import refresh_listing_issues
from sales_channels.integrations.amazon.factories.metadata import import_product_type
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import ListingIssue, MirrorStatus, RemoteJob, RemoteProduct, SyncTask
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


def test_connect_pulls_marketplaces_as_views(amazon_channel, amazon_sandbox):
    assert amazon_channel.connection_status == "connected"
    assert amazon_channel.selling_partner_id == "A2SANDBOXSELLER1"
    assert amazon_channel.refresh_token.startswith("Atzr|")
    views = {view.remote_id: view for view in amazon_channel.views.all()}
    assert set(views) == {US, "A2EUQ1WTGCTBG2"}
    assert views[US].remote_currencies.get().remote_code == "USD"
    assert views[US].remote_languages.get().local_instance == "en"


def test_schema_import_is_skipped_when_the_checksum_is_unchanged(shirts, amazon_channel, amazon_sandbox):
    assert shirts.imported.downloaded
    assert shirts.imported.automap.mapped == {"brand": "brand", "color": "color"}
    assert shirts.imported.missing == []
    assert shirts.imported.schema.attributes.get(code="condition_type").allowed_values[0]["value"] == "new_new"
    again = import_product_type(channel=amazon_channel, view=shirts.view, product_type="SHIRT")
    assert not again.downloaded
    assert again.schema.pk == shirts.imported.schema.pk


def test_push_validates_before_sending_and_lands_listings(company, shirts, amazon_channel, amazon_sandbox):
    good = shirts.shirt("TEE-RED")
    missing_brand = shirts.shirt("TEE-NOBRAND", brand=None)
    puts_before = amazon_sandbox.calls("putListingsItem")

    flows.assign_products(view=shirts.view, product_ids=[good.pk, missing_brand.pk])
    run_all()

    listing = amazon_sandbox.listings.get("TEE-RED", US)
    assert listing is not None
    assert listing.attributes["brand"] == [{"value": "Acme", "marketplace_id": US, "language_tag": "en_US"}]
    assert listing.attributes["color"] == [{"value": "Red", "marketplace_id": US, "language_tag": "en_US"}]
    assert listing.attributes["purchasable_offer"][0]["our_price"] == [{"schedule": [{"value_with_tax": 19.99}]}]
    assert listing.attributes["fulfillment_availability"] == [{"fulfillment_channel_code": "DEFAULT", "quantity": 5}]
    assert amazon_sandbox.listings.get("TEE-NOBRAND", US) is None
    assert amazon_sandbox.calls("putListingsItem") == puts_before + 1  # the invalid one was never sent

    refused = RemoteProduct.objects.get(local_instance=missing_brand, view=shirts.view)
    assert refused.status == MirrorStatus.FAILED
    issue = refused.issues.get()
    assert (issue.source, issue.code, issue.attribute_names) == ("schema", "required", ["brand"])
    assert "'brand' is required" in issue.message
    task = SyncTask.objects.get(object_id=missing_brand.pk)
    assert task.status == "failed"

    calls = len(amazon_sandbox.request_log)
    flows.resync_products(channel=amazon_channel, product_ids=[good.pk])
    run_all()
    assert len(amazon_sandbox.request_log) == calls  # unchanged: zero calls


def test_many_listings_go_through_one_feed_with_per_message_results(company, shirts, amazon_channel, amazon_sandbox):
    items = [shirts.shirt(f"FEED-{n:03}") for n in range(FEED_MIN_MESSAGES + 4)]
    items.append(shirts.shirt("FEED-GATED", brand="Gated Brand"))
    amazon_sandbox.listings.gated_brands.add("Gated Brand")  # only Amazon knows: the schema check passes

    flows.assign_products(view=shirts.view, product_ids=[item.pk for item in items])
    run_all()

    job = RemoteJob.objects.get()
    assert job.status == "completed"
    assert amazon_sandbox.calls("createFeed") == 1
    assert amazon_sandbox.calls("putListingsItem") == 0
    stored = {sku for (sku, mid) in amazon_sandbox.listings.items if sku.startswith("FEED-")}
    assert len(stored) == len(items) - 1
    failed = RemoteProduct.objects.get(local_instance=items[-1])
    assert failed.status == MirrorStatus.FAILED
    vendor_issue = failed.issues.get(source=ListingIssue.Source.VENDOR)
    assert vendor_issue.code == "5665"
    assert "approval" in failed.last_error
    assert SyncTask.objects.filter(status="succeeded").count() == len(items) - 1


def test_live_price_and_stock_are_patched(company, shirts, amazon_channel, amazon_sandbox):
    item = shirts.shirt("TEE-LIVE")
    flows.assign_products(view=shirts.view, product_ids=[item.pk])
    run_all()
    SalesPrice.objects.filter(product=item).update(price=Decimal("24.50"))
    Inventory.objects.filter(product=item).update(quantity=9)
    for usage in ("price.update", "stock.update"):
        SyncTask.objects.create(
            multi_tenant_company=company, sales_channel=amazon_channel, view=shirts.view, usage=usage, object_id=item.pk
        )
    run_all()
    listing = amazon_sandbox.listings.get("TEE-LIVE", US)
    assert listing.attributes["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"] == 24.5
    assert listing.attributes["fulfillment_availability"][0]["quantity"] == 9
    assert amazon_sandbox.calls("patchListingsItem") == 2


def test_unassign_deletes_the_listing(company, shirts, amazon_channel, amazon_sandbox):
    item = shirts.shirt("TEE-GONE")
    flows.assign_products(view=shirts.view, product_ids=[item.pk])
    run_all()
    assert amazon_sandbox.listings.get("TEE-GONE", US) is not None
    flows.unassign_products(view=shirts.view, product_ids=[item.pk])
    run_all()
    assert amazon_sandbox.listings.get("TEE-GONE", US) is None
    assert not RemoteProduct.objects.filter(local_instance=item).exists()


def test_accepted_listings_are_read_back_for_issues_amazon_finds_later(company, shirts, amazon_channel, amazon_sandbox):
    item = shirts.shirt("TEE-LATER")
    flows.assign_products(view=shirts.view, product_ids=[item.pk])
    run_all()
    later = {"code": "18027", "message": "The image is too small.", "severity": "ERROR", "categories": []}
    amazon_sandbox.listings.get("TEE-LATER", US).issues.append(later)  # found by Amazon after ACCEPTED
    amazon_sandbox.listings.items.pop(("AMZ-SEED-CAP", US), None)

    found = refresh_listing_issues(channel=amazon_channel, view=shirts.view)

    assert found.with_errors == ["TEE-LATER"]
    mirror = RemoteProduct.objects.get(local_instance=item)
    assert list(mirror.issues.values_list("source", "code")) == [("vendor", "18027")]
