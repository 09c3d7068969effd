"""GraphQL inputs for currencies: field names are the model's, the parent currency is an id."""

from decimal import Decimal

import strawberry


@strawberry.input
class CurrencyInput:
    """A new currency; `inheritsFrom` makes it derive prices from that currency times `exchangeRate`."""

    iso_code: str
    name: str
    symbol: str
    is_default_currency: bool | None = strawberry.UNSET
    inherits_from: strawberry.ID | None = strawberry.UNSET
    exchange_rate: Decimal | None = strawberry.UNSET


@strawberry.input
class CurrencyPartialInput:
    """Changes to a currency; omitted fields stay as they are."""

    id: strawberry.ID
    iso_code: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    symbol: str | None = strawberry.UNSET
    is_default_currency: bool | None = strawberry.UNSET
    inherits_from: strawberry.ID | None = strawberry.UNSET
    exchange_rate: Decimal | None = strawberry.UNSET
