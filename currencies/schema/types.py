"""GraphQL object types and filters for currencies."""

import datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import auto

from core.schema.types import TenantScopedType
from currencies.models import Currency


@strawberry_django.filters.filter_type(Currency, lookups=True)
class CurrencyFilter:
    """Filter currencies by code, name, default flag or parent."""

    id: auto
    iso_code: auto
    name: auto
    is_default_currency: auto
    inherits_from_id: strawberry_django.BaseFilterLookup[strawberry.ID] | None = strawberry_django.filter_field()


@strawberry_django.type(Currency, filters=CurrencyFilter, pagination=True)
class CurrencyType(TenantScopedType):
    """A currency of the company; an inheriting one derives prices from `inheritsFrom` times the rate."""

    id: strawberry.ID
    iso_code: str
    name: str
    symbol: str
    is_default_currency: bool
    inherits_from: "CurrencyType | None"
    exchange_rate: Decimal
    created_at: datetime.datetime
    updated_at: datetime.datetime
