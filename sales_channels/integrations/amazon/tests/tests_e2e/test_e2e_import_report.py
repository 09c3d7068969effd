"""Importing a catalog over 1,000 SKUs through the listings report, resumably, and parents rebuilt as configurables."""

import pytest

from products.models import ConfigurableVariation, Product
from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.import_report import LISTINGS_REPORT
from sales_channels.integrations.amazon.sandbox.listings import Listing
from sales_channels.integrations.amazon.tests.conftest import US
from sales_channels.models import ImportProcess, RemoteProduct
from sales_channels.tasks_imports import execute_import

pytestmark = pytest.mark.django_db(transaction=True)


def _attributes(name: str, **extra) -> dict:
    values = {
        "item_name": [{"value": name, "language_tag": "en_US", "marketplace_id": US}],
        "brand": [{"value": "Acme", "language_tag": "en_US", "marketplace_id": US}],
        "condition_type": [{"value": "new_new", "marketplace_id": US}],
    }
    for code, value in extra.items():
        tag = {} if code == "parentage_level" else {"language_tag": "en_US"}
        values[code] = [{"value": value, **tag, "marketplace_id": US}]
    return values


def add_hats(sandbox, count: int) -> None:
    """Standalone listings written straight into the sandbox store (no schema check: only the import is tested)."""
    for n in range(count):
        sku = f"HAT-{n:04}"
        sandbox.listings.items[(sku, US)] = Listing(
            sku=sku, marketplace_id=US, product_type="HAT", attributes=_attributes(f"Hat {n}"), asin=f"B0HAT{n:05}"
        )


def add_shirt_family(sandbox, parent_sku: str, children: list[tuple[str, str, str]]) -> None:
    """A SHIRT parent (theme SIZE/COLOR) and its children (sku, colour, size), each with a price and a quantity."""
    parent = _attributes(f"{parent_sku} shirt", parentage_level="parent")
    parent["variation_theme"] = [{"name": "SIZE/COLOR", "marketplace_id": US}]
    assert sandbox.listings.put(sku=parent_sku, marketplace_id=US, body=_body(parent), preview=False)["issues"] == []
    for sku, colour, size in children:
        child = _attributes(f"{parent_sku} {colour} {size}", parentage_level="child", color=colour, size=size)
        child["child_parent_sku_relationship"] = [
            {"child_relationship_type": "variation", "parent_sku": parent_sku, "marketplace_id": US}
        ]
        child["purchasable_offer"] = [
            {"currency": "USD", "marketplace_id": US, "our_price": [{"schedule": [{"value_with_tax": 21.5}]}]}
        ]
        child["fulfillment_availability"] = [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}]
        assert sandbox.listings.put(sku=sku, marketplace_id=US, body=_body(child), preview=False)["issues"] == []


def _body(attributes: dict) -> dict:
    return {"productType": "SHIRT", "requirements": "LISTING", "attributes": attributes}


FAMILY = [("TEE-1-BLK-M", "Black", "M"), ("TEE-1-BLK-L", "Black", "L"), ("TEE-1-RED-M", "Red", "M")]


def test_a_parent_and_its_children_become_one_configurable_across_pages(
    company, shirts, amazon_channel, amazon_sandbox
):
    add_hats(
        amazon_sandbox, 16
    )  # with the 3 seeded listings the parent ends the first page, its children start the next
    add_shirt_family(amazon_sandbox, "TEE-1", FAMILY)
    orphan = _attributes("Orphan", color="Blue")
    orphan["child_parent_sku_relationship"] = [
        {"child_relationship_type": "variation", "parent_sku": "GONE-PARENT", "marketplace_id": US}
    ]
    amazon_sandbox.listings.put(sku="TEE-ORPHAN", marketplace_id=US, body=_body(orphan), preview=False)

    process = flows.start_import(channel=amazon_channel)
    process.refresh_from_db()

    assert process.status == "succeeded", process.error
    assert (process.total, process.processed) == (24, 24)  # every listing counted once, children with their parent
    assert process.created_count == 21  # 16 hats, 3 seeded, the configurable, the orphan as a simple product
    parent = Product.objects.get(multi_tenant_company=company, sku="TEE-1")
    assert parent.type == Product.CONFIGURABLE
    variations = ConfigurableVariation.objects.filter(parent=parent).select_related("variation")
    assert sorted(link.variation.sku for link in variations) == sorted(sku for sku, _, _ in FAMILY)
    red = Product.objects.get(multi_tenant_company=company, sku="TEE-1-RED-M")
    assert ProductProperty.objects.get(product=red, property=shirts.color).value_select.value() == "Red"
    assert Product.objects.get(multi_tenant_company=company, sku="TEE-ORPHAN").type == Product.SIMPLE
    types = ProductProperty.objects.filter(property=shirts.product_types)
    assert types.get(product=parent).value_select == shirts.shirts  # the local type mapped to SHIRT
    assert not types.filter(product__sku="HAT-0000").exists()  # HAT is mapped to no local type
    mirrors = RemoteProduct.objects.filter(sales_channel=amazon_channel)
    assert set(mirrors.filter(parent__remote_id="TEE-1").values_list("remote_id", flat=True)) == {
        sku for sku, _, _ in FAMILY
    }
    assert amazon_sandbox.calls("createReport") == 0  # small catalogs stay on searchListingsItems

    again = flows.start_import(channel=amazon_channel)
    again.refresh_from_db()
    assert (again.status, again.created_count) == ("succeeded", 0)


def test_over_1000_skus_go_through_the_listings_report_and_resume_on_the_same_report(
    company, shirts, amazon_channel, amazon_sandbox, settings
):
    add_hats(amazon_sandbox, 1000)
    add_shirt_family(amazon_sandbox, "TEE-1", FAMILY)
    settings.AMAZON_REPORT_WAIT_SECONDS = 0.0  # do not wait for the report: defer the import at once
    amazon_sandbox.reports.processing_seconds = 3600.0

    process = flows.start_import(channel=amazon_channel)
    process.refresh_from_db()
    assert process.status == "pending"  # deferred, not failed
    assert "still preparing the listings report" in process.error
    assert process.cursor["stage"] == "wait"
    assert amazon_sandbox.calls("createReport") == 1

    amazon_sandbox.reports.processing_seconds = 0.0
    execute_import(import_process_id=process.pk)
    process.refresh_from_db()

    assert process.status == "succeeded", process.error
    assert amazon_sandbox.calls("createReport") == 1  # the resume polled the report it had requested
    assert amazon_sandbox.calls("getReportDocument") == 1
    assert (process.total, process.processed) == (1007, 1007)  # 1,000 hats, 3 seeded, parent and 3 children
    assert process.created_count == 1004
    assert Product.objects.get(multi_tenant_company=company, sku="TEE-1").type == Product.CONFIGURABLE
    assert Product.objects.filter(multi_tenant_company=company, sku="HAT-0999").exists()
    # the first search page, 51 pages of 20 SKUs, one children lookup
    answered = [e for e in amazon_sandbox.request_log if e["operation"] == "searchListingsItems" and e["status"] == 200]
    assert len(answered) == 1 + 51 + 1  # (a usage-plan 429, retried, is not counted)
    assert [report.report_type for report in amazon_sandbox.reports.reports.values()] == [LISTINGS_REPORT]
    assert ImportProcess.objects.count() == 1
