"""Price GraphQL: CRUD for prices, lists and items, refusals with clear errors, resolvedPrice, tenancy,
and a bounded number of queries for long lists."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from currencies.tests.factories import CurrencyFactory
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem
from sales_prices.tests.factories import (
    ProductFactory,
    SalesPriceFactory,
    SalesPriceListFactory,
    SalesPriceListItemFactory,
)

CREATE_PRICE = """
mutation($data: SalesPriceInput!) {
  createSalesPrice(data: $data) { id productId price rrp currency { isoCode } product { sku } }
}
"""
UPDATE_PRICE = "mutation($data: SalesPricePartialInput!) { updateSalesPrice(data: $data) { id price rrp } }"
DELETE_PRICE = "mutation($id: ID!) { deleteSalesPrice(id: $id) { id } }"
LIST_PRICES = """
query($filters: SalesPriceFilter, $pagination: OffsetPaginationInput) {
  salesPrices(filters: $filters, pagination: $pagination) {
    id productId price rrp currency { id isoCode } product { id sku }
  }
}
"""
CREATE_LIST = """
mutation($data: SalesPriceListInput!) { createSalesPriceList(data: $data) { id name startDate endDate } }
"""
UPDATE_LIST = "mutation($data: SalesPriceListPartialInput!) { updateSalesPriceList(data: $data) { id endDate } }"
DELETE_LIST = "mutation($id: ID!) { deleteSalesPriceList(id: $id) { id } }"
CREATE_ITEM = """
mutation($data: SalesPriceListItemInput!) { createSalesPriceListItem(data: $data) { id priceListId productId price } }
"""
UPDATE_ITEM = "mutation($data: SalesPriceListItemPartialInput!) { updateSalesPriceListItem(data: $data) { price } }"
DELETE_ITEM = "mutation($id: ID!) { deleteSalesPriceListItem(id: $id) { id } }"
LIST_WITH_ITEMS = "query($pk: ID!) { salesPriceList(pk: $pk) { name currency { isoCode } items { productId price } } }"
RESOLVED = """
query($product: ID!, $currency: ID!, $at: Date) {
  resolvedPrice(productId: $product, currencyId: $currency, at: $at) { price rrp source }
}
"""


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company, sku="CHAIR")


@pytest.fixture
def eur(company):
    return CurrencyFactory(multi_tenant_company=company, iso_code="EUR", default=True)


def test_create_update_delete_sales_price(gql, product, eur):
    data = {"product": str(product.pk), "currency": str(eur.pk), "price": "19.99", "rrp": "24.99"}
    created = gql.execute(CREATE_PRICE, {"data": data})["data"]["createSalesPrice"]
    assert created["price"] == "19.99"
    assert created["currency"] == {"isoCode": "EUR"}
    assert created["product"] == {"sku": "CHAIR"}
    updated = gql.execute(UPDATE_PRICE, {"data": {"id": created["id"], "price": "21.00"}})["data"]["updateSalesPrice"]
    assert (updated["price"], updated["rrp"]) == ("21.00", "24.99")
    assert gql.execute(DELETE_PRICE, {"id": created["id"]})["data"]["deleteSalesPrice"] == {"id": created["id"]}
    assert not SalesPrice.objects.exists()


def test_rrp_below_price_is_a_clear_error_and_creates_nothing(gql, product, eur):
    data = {"product": str(product.pk), "currency": str(eur.pk), "price": "20.00", "rrp": "15.00"}
    result = gql.execute(CREATE_PRICE, {"data": data})
    assert error_message(result) == "rrp: The RRP (15.00) cannot be below the price (20.00)."
    assert not SalesPrice.objects.exists()


def test_lowering_rrp_below_price_on_update_changes_nothing(gql, company, product, eur):
    existing = SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    result = gql.execute(UPDATE_PRICE, {"data": {"id": str(existing.pk), "rrp": "1.00"}})
    assert error_message(result) == "rrp: The RRP (1.00) cannot be below the price (10.00)."
    existing.refresh_from_db()
    assert existing.rrp == Decimal("12.00")


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"price": "0"}, "price: The price must be greater than 0."),
        ({}, "Set a price, an RRP, or both."),
        ({"price": "1.234"}, "price: Ensure that there are no more than 2 decimal places."),
    ],
)
def test_invalid_amounts_are_clear_errors(gql, product, eur, amounts, message):
    result = gql.execute(CREATE_PRICE, {"data": {"product": str(product.pk), "currency": str(eur.pk), **amounts}})
    assert error_message(result).startswith(message)
    assert not SalesPrice.objects.exists()


def test_second_price_for_the_same_product_and_currency_is_refused(gql, company, product, eur):
    SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    result = gql.execute(CREATE_PRICE, {"data": {"product": str(product.pk), "currency": str(eur.pk), "price": "5"}})
    assert "already exists" in error_message(result)
    assert SalesPrice.objects.count() == 1


def test_price_in_an_inheriting_currency_is_refused(gql, company, product, eur):
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur)
    result = gql.execute(CREATE_PRICE, {"data": {"product": str(product.pk), "currency": str(gbp.pk), "price": "5"}})
    assert error_message(result) == "currency: GBP inherits its prices; set them on its parent currency."


def test_filter_prices_by_product_sku_and_ids(gql, company, eur):
    chair = SalesPriceFactory(multi_tenant_company=company, currency=eur, product__sku="CHAIR")
    table = SalesPriceFactory(multi_tenant_company=company, currency=eur, product__sku="TABLE")
    SalesPriceFactory(multi_tenant_company=company, currency=eur, product__sku="LAMP")
    rows = gql.execute(LIST_PRICES, {"filters": {"productSku": "TABLE"}})["data"]["salesPrices"]
    assert [row["id"] for row in rows] == [str(table.pk)]
    ids = [str(chair.product_id), str(table.product_id)]
    rows = gql.execute(LIST_PRICES, {"filters": {"productId": {"inList": ids}}})["data"]["salesPrices"]
    assert sorted(row["product"]["sku"] for row in rows) == ["CHAIR", "TABLE"]


def test_price_list_and_items_lifecycle(gql, product, eur):
    data = {"name": "Summer", "currency": str(eur.pk), "startDate": "2026-06-01", "endDate": "2026-08-31"}
    price_list = gql.execute(CREATE_LIST, {"data": data})["data"]["createSalesPriceList"]
    item_data = {"priceList": price_list["id"], "product": str(product.pk), "price": "15.00"}
    item = gql.execute(CREATE_ITEM, {"data": item_data})["data"]["createSalesPriceListItem"]
    assert (item["priceListId"], item["productId"], item["price"]) == (price_list["id"], str(product.pk), "15.00")
    result = gql.execute(UPDATE_ITEM, {"data": {"id": item["id"], "price": "14.00"}})
    assert result["data"]["updateSalesPriceListItem"]["price"] == "14.00"
    shown = gql.execute(LIST_WITH_ITEMS, {"pk": price_list["id"]})["data"]["salesPriceList"]
    assert shown == {
        "name": "Summer",
        "currency": {"isoCode": "EUR"},
        "items": [{"productId": str(product.pk), "price": "14.00"}],
    }
    assert gql.execute(DELETE_ITEM, {"id": item["id"]})["data"]["deleteSalesPriceListItem"]["id"] == item["id"]
    assert gql.execute(DELETE_LIST, {"id": price_list["id"]})["data"]["deleteSalesPriceList"]["id"] == price_list["id"]
    assert not SalesPriceList.objects.exists()


def test_price_list_window_out_of_order_is_refused(gql, company, eur):
    price_list = SalesPriceListFactory(multi_tenant_company=company, currency=eur, start_date=datetime.date(2026, 6, 1))
    result = gql.execute(UPDATE_LIST, {"data": {"id": str(price_list.pk), "endDate": "2026-05-31"}})
    assert "price_list_window_ordered" in error_message(result)
    price_list.refresh_from_db()
    assert price_list.end_date is None


def test_price_list_item_with_zero_price_is_refused(gql, company, product, eur):
    price_list = SalesPriceListFactory(multi_tenant_company=company, currency=eur)
    data = {"priceList": str(price_list.pk), "product": str(product.pk), "price": "0"}
    assert "price_list_item_positive" in error_message(gql.execute(CREATE_ITEM, {"data": data}))
    assert not SalesPriceListItem.objects.exists()


def test_resolved_price_follows_get_price(gql, company, product, eur):
    SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    price_list = SalesPriceListFactory(
        multi_tenant_company=company, currency=eur, start_date=datetime.date(2026, 1, 1), end_date=None
    )
    SalesPriceListItemFactory(multi_tenant_company=company, price_list=price_list, product=product, price=Decimal("7"))
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("2"))
    variables = {"product": str(product.pk), "currency": str(eur.pk)}
    before = gql.execute(RESOLVED, {**variables, "at": "2025-12-31"})["data"]["resolvedPrice"]
    assert before == {"price": "10.00", "rrp": "12.00", "source": "SALES_PRICE"}
    during = gql.execute(RESOLVED, {**variables, "at": "2026-03-01"})["data"]["resolvedPrice"]
    assert during == {"price": "7.00", "rrp": "12.00", "source": "PRICE_LIST"}
    derived = gql.execute(RESOLVED, {**variables, "currency": str(gbp.pk), "at": "2025-12-31"})
    assert derived["data"]["resolvedPrice"] == {"price": "20.00", "rrp": "24.00", "source": "INHERITED"}


def test_resolved_price_is_null_without_any_price(gql, product, eur):
    result = gql.execute(RESOLVED, {"product": str(product.pk), "currency": str(eur.pk)})
    assert result == {"data": {"resolvedPrice": None}}


def test_other_company_cannot_see_or_change_prices(gql, other_gql, company, product, eur):
    price = SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    assert other_gql.execute(LIST_PRICES)["data"]["salesPrices"] == []
    assert len(gql.execute(LIST_PRICES)["data"]["salesPrices"]) == 1
    result = other_gql.execute(UPDATE_PRICE, {"data": {"id": str(price.pk), "price": "1.00", "rrp": "1.00"}})
    assert error_message(result) == f"Sales price with id {price.pk} was not found."
    result = other_gql.execute(RESOLVED, {"product": str(product.pk), "currency": str(eur.pk)})
    assert error_message(result) == f"Product with id {product.pk} was not found."
    price.refresh_from_db()
    assert price.price == Decimal("10.00")


def test_cannot_price_another_companys_product(other_gql, other_company, product):
    their_currency = CurrencyFactory(multi_tenant_company=other_company)
    data = {"product": str(product.pk), "currency": str(their_currency.pk), "price": "1"}
    assert (
        error_message(other_gql.execute(CREATE_PRICE, {"data": data})) == f"Product with id {product.pk} was not found."
    )
    assert not SalesPrice.objects.exists()


def count_queries(gql, query: str) -> int:
    with CaptureQueriesContext(connection) as context:
        result = gql.execute(query)
    assert "errors" not in result, result
    return len(context.captured_queries)


def test_listing_prices_uses_a_constant_number_of_queries(gql, company, eur, django_assert_max_num_queries):
    usd = CurrencyFactory(multi_tenant_company=company, iso_code="USD")
    SalesPriceFactory.create_batch(3, multi_tenant_company=company, currency=eur)
    few = count_queries(gql, LIST_PRICES)
    SalesPriceFactory.create_batch(30, multi_tenant_company=company, currency=usd)
    many = count_queries(gql, LIST_PRICES)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(gql.execute(LIST_PRICES)["data"]["salesPrices"]) == 33


def test_price_lists_with_items_use_a_constant_number_of_queries(gql, company, eur):
    query = "{ salesPriceLists { name currency { isoCode } items { productId price product { sku } } } }"
    SalesPriceListItemFactory.create_batch(2, multi_tenant_company=company, price_list__currency=eur)
    few = count_queries(gql, query)
    for price_list in SalesPriceListFactory.create_batch(5, multi_tenant_company=company, currency=eur):
        SalesPriceListItemFactory.create_batch(4, multi_tenant_company=company, price_list=price_list)
    assert count_queries(gql, query) == few
