"""Price admin: pages load, SKU search works, inline items take the price list's company."""

import pytest
from django.urls import reverse

from currencies.tests.factories import CurrencyFactory
from sales_prices.models import SalesPriceListItem
from sales_prices.tests.factories import ProductFactory, SalesPriceFactory, SalesPriceListItemFactory


@pytest.mark.parametrize("model", ["salesprice", "salespricelist", "salespricelistitem"])
def test_admin_pages_load(client, user, company, model):
    SalesPriceFactory(multi_tenant_company=company)
    SalesPriceListItemFactory(multi_tenant_company=company)
    client.force_login(user)
    assert client.get(reverse(f"admin:sales_prices_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:sales_prices_{model}_add")).status_code == 200


def test_search_prices_by_sku(client, user, company):
    SalesPriceFactory(multi_tenant_company=company, product__sku="FIND-ME")
    SalesPriceFactory(multi_tenant_company=company, product__sku="HIDDEN")
    client.force_login(user)
    response = client.get(reverse("admin:sales_prices_salesprice_changelist"), {"q": "FIND"})
    assert b"FIND-ME" in response.content
    assert b"HIDDEN" not in response.content


def test_inline_items_take_the_lists_company(client, user, company, other_company):
    eur = CurrencyFactory(multi_tenant_company=company)
    product = ProductFactory(multi_tenant_company=company)
    foreign = ProductFactory(multi_tenant_company=other_company)
    client.force_login(user)
    data = {
        "name": "Summer",
        "currency": eur.pk,
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-product": product.pk,
        "items-0-price": "9.99",
    }
    response = client.post(reverse("admin:sales_prices_salespricelist_add"), data)
    assert response.status_code == 302, response.content
    item = SalesPriceListItem.objects.get()
    assert (item.multi_tenant_company, item.created_by_multi_tenant_user) == (company, user)
    data.update({"name": "Winter", "items-0-product": foreign.pk})
    response = client.post(reverse("admin:sales_prices_salespricelist_add"), data)
    assert response.status_code == 200  # another company's product is not a valid choice
    assert SalesPriceListItem.objects.count() == 1
