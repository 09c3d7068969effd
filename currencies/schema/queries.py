"""Currency queries: a filtered, paginated list and one currency by id."""

import strawberry
import strawberry_django

from currencies.schema.types import CurrencyType


@strawberry.type
class Query:
    """Currencies of the logged-in user's company."""

    currencies: list[CurrencyType] = strawberry_django.field(description="The company's currencies.")
    currency: CurrencyType | None = strawberry_django.field(description="One currency by id (null when not found).")
