"""get_price: price lists in their window beat the sales price, the latest-starting list wins,
inheriting currencies derive and round, and no price is None."""

import datetime
from decimal import Decimal

import pytest

from currencies.tests.factories import CurrencyFactory
from sales_prices.pricing import get_price
from sales_prices.tests.factories import (
    ProductFactory,
    SalesPriceFactory,
    SalesPriceListFactory,
    SalesPriceListItemFactory,
)

JAN_1 = datetime.date(2026, 1, 1)
JAN_15 = datetime.date(2026, 1, 15)
JAN_31 = datetime.date(2026, 1, 31)
FEB_1 = datetime.date(2026, 2, 1)


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company)


@pytest.fixture
def eur(company):
    return CurrencyFactory(multi_tenant_company=company, iso_code="EUR", default=True)


def add_list_price(*, product, currency, price: str, start=None, end=None):
    price_list = SalesPriceListFactory(
        multi_tenant_company=product.multi_tenant_company, currency=currency, start_date=start, end_date=end
    )
    return SalesPriceListItemFactory(
        multi_tenant_company=product.multi_tenant_company, price_list=price_list, product=product, price=Decimal(price)
    )


def test_sales_price_when_no_list_applies(product, eur):
    SalesPriceFactory(multi_tenant_company=product.multi_tenant_company, product=product, currency=eur)
    resolved = get_price(product=product, currency=eur, at=JAN_15)
    assert (resolved.price, resolved.rrp, resolved.source) == (Decimal("10.00"), Decimal("12.00"), "sales_price")


def test_price_list_in_its_window_beats_the_sales_price_and_keeps_the_rrp(product, eur):
    SalesPriceFactory(multi_tenant_company=product.multi_tenant_company, product=product, currency=eur)
    add_list_price(product=product, currency=eur, price="7.50", start=JAN_1, end=JAN_31)
    resolved = get_price(product=product, currency=eur, at=JAN_15)
    assert (resolved.price, resolved.rrp, resolved.source) == (Decimal("7.50"), Decimal("12.00"), "price_list")


@pytest.mark.parametrize("day", [JAN_1, JAN_31])
def test_window_bounds_are_inclusive(product, eur, day):
    add_list_price(product=product, currency=eur, price="7.50", start=JAN_1, end=JAN_31)
    assert get_price(product=product, currency=eur, at=day).source == "price_list"


def test_price_list_outside_its_window_is_ignored(product, eur):
    SalesPriceFactory(multi_tenant_company=product.multi_tenant_company, product=product, currency=eur)
    add_list_price(product=product, currency=eur, price="7.50", start=JAN_1, end=JAN_31)
    assert get_price(product=product, currency=eur, at=FEB_1).source == "sales_price"


def test_latest_starting_list_wins(product, eur):
    add_list_price(product=product, currency=eur, price="9.00", start=JAN_1)
    add_list_price(product=product, currency=eur, price="8.00", start=JAN_15, end=JAN_31)
    add_list_price(product=product, currency=eur, price="7.00")
    assert get_price(product=product, currency=eur, at=JAN_15).price == Decimal("8.00")
    assert get_price(product=product, currency=eur, at=datetime.date(2026, 1, 10)).price == Decimal("9.00")


def test_same_start_tie_goes_to_the_newest_list(product, eur):
    add_list_price(product=product, currency=eur, price="9.00", start=JAN_1)
    add_list_price(product=product, currency=eur, price="8.50", start=JAN_1)
    assert get_price(product=product, currency=eur, at=JAN_15).price == Decimal("8.50")


def test_list_in_another_currency_is_ignored(product, eur, company):
    usd = CurrencyFactory(multi_tenant_company=company, iso_code="USD")
    add_list_price(product=product, currency=usd, price="5.00")
    assert get_price(product=product, currency=eur, at=JAN_15) is None


def test_inherited_currency_derives_price_and_rrp_with_half_up_rounding(product, eur, company):
    SalesPriceFactory(
        multi_tenant_company=company, product=product, currency=eur, price=Decimal("10.01"), rrp=Decimal("12.99")
    )
    gbp = CurrencyFactory(
        multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("0.855")
    )
    resolved = get_price(product=product, currency=gbp, at=JAN_15)
    # 10.01 x 0.855 = 8.55855 -> 8.56; 12.99 x 0.855 = 11.10645 -> 11.11
    assert (resolved.price, resolved.rrp, resolved.source) == (Decimal("8.56"), Decimal("11.11"), "inherited")


def test_inherited_currency_follows_the_parents_price_list(product, eur, company):
    SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    add_list_price(product=product, currency=eur, price="8.00", start=JAN_1, end=JAN_31)
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("0.5"))
    assert get_price(product=product, currency=gbp, at=JAN_15).price == Decimal("4.00")
    assert get_price(product=product, currency=gbp, at=FEB_1).price == Decimal("5.00")


def test_own_price_list_of_an_inheriting_currency_wins_over_derivation(product, eur, company):
    SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur)
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("0.5"))
    add_list_price(product=product, currency=gbp, price="3.33")
    assert get_price(product=product, currency=gbp, at=JAN_15).price == Decimal("3.33")


def test_two_level_inheritance_multiplies_both_rates(product, eur, company):
    SalesPriceFactory(multi_tenant_company=company, product=product, currency=eur, price=Decimal("10.00"), rrp=None)
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("0.5"))
    xxx = CurrencyFactory(multi_tenant_company=company, iso_code="XXX", inherits_from=gbp, exchange_rate=Decimal("3"))
    resolved = get_price(product=product, currency=xxx, at=JAN_15)
    assert (resolved.price, resolved.rrp) == (Decimal("15.00"), None)


def test_no_price_anywhere_is_none(product, eur, company):
    gbp = CurrencyFactory(multi_tenant_company=company, iso_code="GBP", inherits_from=eur, exchange_rate=Decimal("0.5"))
    assert get_price(product=product, currency=eur, at=JAN_15) is None
    assert get_price(product=product, currency=gbp, at=JAN_15) is None
