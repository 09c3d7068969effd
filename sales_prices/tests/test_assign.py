"""bulkAssignSalesPrices / assign_sales_prices: all or nothing, errors name the item index and reason."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from currencies.tests.factories import CurrencyFactory
from sales_prices.assign import PriceAssignment, PriceAssignmentError, assign_sales_prices
from sales_prices.models import SalesPrice
from sales_prices.tests.factories import ProductFactory, SalesPriceFactory

BULK = """
mutation($items: [BulkSalesPriceInput!]!) {
  bulkAssignSalesPrices(items: $items) { id productId price rrp currency { isoCode } }
}
"""


@pytest.fixture
def eur(company):
    return CurrencyFactory(multi_tenant_company=company, iso_code="EUR", default=True)


@pytest.fixture
def products(company):
    return ProductFactory.create_batch(3, multi_tenant_company=company)


def item(product, currency, price="10.00", rrp=None) -> dict:
    return {"productId": str(product.pk), "currencyId": str(currency.pk), "price": price, "rrp": rrp}


def snapshot() -> list[tuple]:
    return list(SalesPrice.objects.order_by("pk").values_list("pk", "product_id", "currency_id", "price", "rrp"))


def test_creates_and_updates_in_one_call(gql, company, products, eur):
    existing = SalesPriceFactory(multi_tenant_company=company, product=products[0], currency=eur)
    items = [
        item(products[0], eur, "11.00", "15.00"),
        item(products[1], eur, "20.00"),
        item(products[2], eur, None, "9"),
    ]
    result = gql.execute(BULK, {"items": items})
    assert "errors" not in result, result
    rows = result["data"]["bulkAssignSalesPrices"]
    assert [(row["productId"], row["price"], row["rrp"]) for row in rows] == [
        (str(products[0].pk), "11.00", "15.00"),
        (str(products[1].pk), "20.00", None),
        (str(products[2].pk), None, "9.00"),
    ]
    assert rows[0]["id"] == str(existing.pk)
    assert SalesPrice.objects.filter_multi_tenant(company).count() == 3
    assert SalesPrice.objects.get(product=products[1]).created_by_multi_tenant_user.username == "acme-user"


def test_assigning_sets_exactly_the_given_values(company, products, eur):
    SalesPriceFactory(multi_tenant_company=company, product=products[0], currency=eur)
    assign_sales_prices(
        company=company, items=[PriceAssignment(product_id=products[0].pk, currency_id=eur.pk, price=Decimal("9"))]
    )
    row = SalesPrice.objects.get(product=products[0])
    assert (row.price, row.rrp) == (Decimal("9.00"), None)


def invalid_cases(company, other_company, products, eur):
    foreign = ProductFactory(multi_tenant_company=other_company)
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur)
    return [
        (item(foreign, eur), f"product {foreign.pk} was not found."),
        ({"productId": "999999", "currencyId": str(eur.pk), "price": "1"}, "product 999999 was not found."),
        ({"productId": "abc", "currencyId": str(eur.pk), "price": "1"}, "product abc was not found."),
        ({"productId": str(products[2].pk), "currencyId": "0", "price": "1"}, "currency 0 was not found."),
        (item(products[2], eur, "10.00", "9.99"), "rrp: The RRP (9.99) cannot be below the price (10.00)."),
        (item(products[2], eur, "0"), "price: The price must be greater than 0."),
        (item(products[2], eur, "-3"), "price: The price must be greater than 0."),
        (item(products[2], eur, None, None), "Set a price, an RRP, or both."),
        (item(products[2], gbp), "currency: GBP inherits its prices; set them on its parent currency."),
        (item(products[0], eur, "5.00"), f"product {products[0].pk} in EUR is already assigned by items[0]."),
    ]


def test_each_invalid_item_names_its_index_and_reason_and_changes_nothing(gql, company, other_company, products, eur):
    SalesPriceFactory(multi_tenant_company=company, product=products[1], currency=eur)
    before = snapshot()
    for bad, reason in invalid_cases(company, other_company, products, eur):
        items = [item(products[0], eur, "1.00"), item(products[1], eur, "2.00", "3.00"), bad]
        result = gql.execute(BULK, {"items": items})
        assert result["data"] is None
        assert result["errors"][0]["message"] == f"items[2]: {reason}"
        assert snapshot() == before


def test_other_companys_currency_is_not_found(other_gql, products, eur):
    result = other_gql.execute(BULK, {"items": [item(products[0], eur)]})
    assert result["errors"][0]["message"] == f"items[0]: product {products[0].pk} was not found."
    assert not SalesPrice.objects.exists()


def test_empty_list_is_a_no_op(gql):
    assert gql.execute(BULK, {"items": []}) == {"data": {"bulkAssignSalesPrices": []}}


def test_unchanged_rows_are_not_written(company, products, eur):
    SalesPriceFactory(multi_tenant_company=company, product=products[0], currency=eur)
    same = PriceAssignment(product_id=products[0].pk, currency_id=eur.pk, price=Decimal("10.00"), rrp=Decimal("12.00"))
    with CaptureQueriesContext(connection) as context:
        assign_sales_prices(company=company, items=[same])
    assert not [q for q in context.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_lookups_do_not_grow_with_the_number_of_items(company, eur):
    products = ProductFactory.create_batch(20, multi_tenant_company=company)

    def reads(batch) -> int:
        items = [PriceAssignment(product_id=p.pk, currency_id=eur.pk, price=Decimal("5")) for p in batch]
        with CaptureQueriesContext(connection) as context:
            assign_sales_prices(company=company, items=items)
        # Only our lookups: the catalog-change receivers run their own query per saved row.
        tables = ('FROM "products_product"', 'FROM "currencies_currency"', 'FROM "sales_prices_salesprice"')
        return len([q for q in context.captured_queries if any(table in q["sql"] for table in tables)])

    assert reads(products[:2]) == reads(products[2:]) == 3


def test_error_exposes_index_and_reason(company, eur):
    with pytest.raises(PriceAssignmentError) as excinfo:
        assign_sales_prices(
            company=company, items=[PriceAssignment(product_id=1, currency_id=eur.pk, price=Decimal("1"))]
        )
    assert (excinfo.value.index, excinfo.value.reason) == (0, "product 1 was not found.")
