"""Currency rules: one default per company, defaults never inherit, no cycles, valid codes and rates."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from currencies.models import Currency
from currencies.tests.factories import CurrencyFactory


def test_iso_code_is_uppercased_by_clean(company):
    currency = CurrencyFactory.build(multi_tenant_company=company, iso_code="eur")
    currency.full_clean()
    assert currency.iso_code == "EUR"


@pytest.mark.parametrize("code", ["EU", "EURO", "E1R", ""])
def test_iso_code_must_be_three_letters(company, code):
    currency = CurrencyFactory.build(multi_tenant_company=company, iso_code=code)
    with pytest.raises(ValidationError) as excinfo:
        currency.full_clean()
    assert "iso_code" in excinfo.value.message_dict


def test_iso_code_unique_per_company_but_not_across_companies(company, other_company):
    CurrencyFactory(multi_tenant_company=company, iso_code="EUR")
    CurrencyFactory(multi_tenant_company=other_company, iso_code="EUR")
    with pytest.raises(IntegrityError):
        CurrencyFactory(multi_tenant_company=company, iso_code="EUR")


def test_one_default_currency_per_company_in_the_database(company, other_company):
    CurrencyFactory(multi_tenant_company=company, default=True)
    CurrencyFactory(multi_tenant_company=other_company, default=True)
    with pytest.raises(IntegrityError):
        CurrencyFactory(multi_tenant_company=company, default=True)


def test_second_default_currency_refused_by_full_clean(company):
    CurrencyFactory(multi_tenant_company=company, default=True)
    second = CurrencyFactory.build(multi_tenant_company=company, default=True)
    with pytest.raises(ValidationError):
        second.full_clean()


def test_default_currency_cannot_inherit(company):
    parent = CurrencyFactory(multi_tenant_company=company)
    with pytest.raises(IntegrityError):
        CurrencyFactory(multi_tenant_company=company, default=True, inherits_from=parent)


def test_currency_cannot_inherit_from_itself(company):
    currency = CurrencyFactory(multi_tenant_company=company)
    currency.inherits_from = currency
    with pytest.raises(ValidationError, match="cycle"):
        currency.full_clean()
    with pytest.raises(IntegrityError):
        Currency.objects.filter(pk=currency.pk).update(inherits_from=currency)


def test_inheritance_cycle_refused(company):
    first = CurrencyFactory(multi_tenant_company=company)
    second = CurrencyFactory(multi_tenant_company=company, inherits_from=first)
    third = CurrencyFactory(multi_tenant_company=company, inherits_from=second)
    first.inherits_from = third
    with pytest.raises(ValidationError) as excinfo:
        first.full_clean()
    assert excinfo.value.message_dict["inherits_from"] == ["Currency inheritance cannot form a cycle."]


def test_inheritance_chain_without_cycle_is_valid(company):
    first = CurrencyFactory(multi_tenant_company=company)
    second = CurrencyFactory(multi_tenant_company=company, inherits_from=first)
    third = CurrencyFactory.build(multi_tenant_company=company, inherits_from=second, iso_code="ABC")
    third.full_clean()


def test_parent_currency_of_another_company_refused(company, other_company):
    foreign = CurrencyFactory(multi_tenant_company=other_company)
    currency = CurrencyFactory.build(multi_tenant_company=company, inherits_from=foreign)
    with pytest.raises(ValidationError, match="another company"):
        currency.full_clean()


@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-1.5")])
def test_exchange_rate_must_be_positive(company, rate):
    with pytest.raises(IntegrityError):
        CurrencyFactory(multi_tenant_company=company, exchange_rate=rate)


def test_deleting_a_parent_currency_is_protected(company):
    child = CurrencyFactory(multi_tenant_company=company, inheriting=True)
    with pytest.raises(ProtectedError):
        child.inherits_from.delete()
