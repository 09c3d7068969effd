"""Importing the sandbox seller's listings: linked by SKU or created, with price, quantity and mapped attributes."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from products.models import Product
from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.tests.conftest import US
from sales_channels.models import ImportProcess, RemoteProduct
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_creates_and_links_listings_resumably(company, shirts, amazon_channel, amazon_sandbox):
    existing = shirts.shirt("AMZ-SEED-CAP")  # linked by SKU, not duplicated
    process = flows.start_import(channel=amazon_channel)
    process.refresh_from_db()
    assert process.status == "succeeded", process.error
    assert (process.created_count, process.linked_count + process.updated_count) == (2, 1)

    tee = Product.objects.get(multi_tenant_company=company, sku="AMZ-SEED-TEE-BLK")
    assert tee.translations.get().name == "Sandbox Tee Black"
    assert SalesPrice.objects.get(product=tee).price == Decimal("19.99")
    assert Inventory.objects.get(product=tee).quantity == 12
    colour = ProductProperty.objects.get(product=tee, property=shirts.color)
    assert colour.value_select.value() == "Black"
    assert RemoteProduct.objects.filter(sales_channel=amazon_channel, view=shirts.view).count() == 3
    assert RemoteProduct.objects.get(local_instance=existing).remote_id == "AMZ-SEED-CAP"

    again = flows.start_import(channel=amazon_channel)
    again.refresh_from_db()
    assert again.created_count == 0
    assert Product.objects.filter(multi_tenant_company=company).count() == 3
    assert ImportProcess.objects.count() == 2


def test_import_pages_through_more_than_one_page(company, shirts, amazon_channel, amazon_sandbox):
    for n in range(23):
        body = {
            "productType": "HAT",
            "requirements": "LISTING",
            "attributes": {
                "item_name": [{"value": f"Hat {n}", "language_tag": "en_US", "marketplace_id": US}],
                "brand": [{"value": "Acme", "language_tag": "en_US", "marketplace_id": US}],
                "condition_type": [{"value": "new_new", "marketplace_id": US}],
            },
        }
        assert (
            amazon_sandbox.listings.put(sku=f"HAT-{n:02}", marketplace_id=US, body=body, preview=False)["status"]
            == "ACCEPTED"
        )
    process = flows.start_import(channel=amazon_channel)
    process.refresh_from_db()
    assert process.status == "succeeded", process.error
    assert process.created_count == 26
    assert amazon_sandbox.calls("searchListingsItems") == 2
