"""Price rules: positive amounts, RRP not below price, one price per product and currency, ordered windows."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from currencies.tests.factories import CurrencyFactory
from sales_prices.tests.factories import (
    ProductFactory,
    SalesPriceFactory,
    SalesPriceListFactory,
    SalesPriceListItemFactory,
)


@pytest.mark.parametrize(
    ("price", "rrp", "field"),
    [
        (Decimal("0"), None, "price"),
        (Decimal("-1"), Decimal("5"), "price"),
        (None, Decimal("0"), "rrp"),
        (Decimal("10"), Decimal("9.99"), "rrp"),
    ],
)
def test_clean_refuses_invalid_amounts(company, price, rrp, field):
    sales_price = SalesPriceFactory.build(
        multi_tenant_company=company,
        product=ProductFactory(multi_tenant_company=company),
        currency=CurrencyFactory(multi_tenant_company=company),
        price=price,
        rrp=rrp,
    )
    with pytest.raises(ValidationError) as excinfo:
        sales_price.full_clean()
    assert field in excinfo.value.message_dict


def test_rrp_below_price_message_names_both_amounts(company):
    sales_price = SalesPriceFactory.build(
        multi_tenant_company=company,
        product=ProductFactory(multi_tenant_company=company),
        currency=CurrencyFactory(multi_tenant_company=company),
        price=Decimal("10.00"),
        rrp=Decimal("8.00"),
    )
    with pytest.raises(ValidationError) as excinfo:
        sales_price.clean()
    assert excinfo.value.message_dict["rrp"] == ["The RRP (8.00) cannot be below the price (10.00)."]


def test_price_or_rrp_required(company):
    sales_price = SalesPriceFactory.build(
        multi_tenant_company=company,
        product=ProductFactory(multi_tenant_company=company),
        currency=CurrencyFactory(multi_tenant_company=company),
        price=None,
        rrp=None,
    )
    with pytest.raises(ValidationError, match="Set a price, an RRP, or both"):
        sales_price.clean()


@pytest.mark.parametrize(
    ("price", "rrp"),
    [
        (Decimal("0"), None),
        (None, Decimal("-2")),
        (Decimal("10"), Decimal("9")),
        (None, None),
    ],
)
def test_database_refuses_invalid_amounts(company, price, rrp):
    with pytest.raises(IntegrityError):
        SalesPriceFactory(multi_tenant_company=company, price=price, rrp=rrp)


def test_rrp_equal_to_price_and_price_without_rrp_are_valid(company):
    SalesPriceFactory(multi_tenant_company=company, price=Decimal("10"), rrp=Decimal("10"))
    SalesPriceFactory(multi_tenant_company=company, price=Decimal("10"), rrp=None)
    SalesPriceFactory(multi_tenant_company=company, price=None, rrp=Decimal("10"))


def test_one_price_per_product_and_currency(company):
    existing = SalesPriceFactory(multi_tenant_company=company)
    with pytest.raises(IntegrityError):
        SalesPriceFactory(multi_tenant_company=company, product=existing.product, currency=existing.currency)


def test_same_product_may_have_prices_in_two_currencies(company):
    existing = SalesPriceFactory(multi_tenant_company=company)
    SalesPriceFactory(multi_tenant_company=company, product=existing.product)
    assert existing.product.sales_prices.count() == 2


def test_price_in_an_inheriting_currency_is_refused(company):
    inheriting = CurrencyFactory(multi_tenant_company=company, inheriting=True)
    sales_price = SalesPriceFactory.build(
        multi_tenant_company=company, product=ProductFactory(multi_tenant_company=company), currency=inheriting
    )
    with pytest.raises(ValidationError) as excinfo:
        sales_price.full_clean()
    assert "inherits its prices" in excinfo.value.message_dict["currency"][0]


def test_price_list_window_must_be_ordered(company):
    with pytest.raises(IntegrityError):
        SalesPriceListFactory(
            multi_tenant_company=company, start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 1, 31)
        )


def test_price_list_window_ordering_checked_by_full_clean(company):
    price_list = SalesPriceListFactory.build(
        multi_tenant_company=company,
        currency=CurrencyFactory(multi_tenant_company=company),
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 1, 31),
    )
    with pytest.raises(ValidationError, match="price_list_window_ordered"):
        price_list.full_clean()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)),
        (None, datetime.date(2026, 1, 1)),
        (datetime.date(2026, 1, 1), None),
        (None, None),
    ],
)
def test_single_day_and_open_windows_are_valid(company, start, end):
    SalesPriceListFactory(multi_tenant_company=company, start_date=start, end_date=end)


def test_price_list_name_unique_per_company(company, other_company):
    SalesPriceListFactory(multi_tenant_company=company, name="Summer")
    SalesPriceListFactory(multi_tenant_company=other_company, name="Summer")
    with pytest.raises(IntegrityError):
        SalesPriceListFactory(multi_tenant_company=company, name="Summer")


def test_price_list_item_price_must_be_positive(company):
    with pytest.raises(IntegrityError):
        SalesPriceListItemFactory(multi_tenant_company=company, price=Decimal("0"))


def test_price_list_item_unique_per_list_and_product(company):
    item = SalesPriceListItemFactory(multi_tenant_company=company)
    with pytest.raises(IntegrityError):
        SalesPriceListItemFactory(multi_tenant_company=company, price_list=item.price_list, product=item.product)


def test_factories_keep_related_rows_in_one_company(company):
    item = SalesPriceListItemFactory(multi_tenant_company=company)
    price = SalesPriceFactory(multi_tenant_company=company)
    companies = {
        item.product.multi_tenant_company_id,
        item.price_list.multi_tenant_company_id,
        item.price_list.currency.multi_tenant_company_id,
        price.product.multi_tenant_company_id,
        price.currency.multi_tenant_company_id,
    }
    assert companies == {company.pk}
