"""Factories for currencies."""

import string
from decimal import Decimal

import factory

from core.tests.factories import TenantFactory
from currencies.models import Currency


def iso_code_for(number: int) -> str:
    """A distinct three-letter code per sequence number (XAA, XAB, ...), never a real ISO code clash in tests."""
    letters = string.ascii_uppercase
    return "X" + letters[(number // 26) % 26] + letters[number % 26]


class CurrencyFactory(TenantFactory):
    """A non-default, non-inheriting currency of a company."""

    class Meta:
        model = Currency

    iso_code = factory.Sequence(iso_code_for)
    name = factory.LazyAttribute(lambda o: f"Currency {o.iso_code}")
    symbol = factory.LazyAttribute(lambda o: o.iso_code[:1])
    is_default_currency = False
    exchange_rate = Decimal("1")

    class Params:
        default = factory.Trait(is_default_currency=True)
        inheriting = factory.Trait(
            inherits_from=factory.SubFactory(
                "currencies.tests.factories.CurrencyFactory",
                multi_tenant_company=factory.SelfAttribute("..multi_tenant_company"),
            ),
            exchange_rate=Decimal("1.1"),
        )
