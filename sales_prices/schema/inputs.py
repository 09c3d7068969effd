"""GraphQL inputs for prices and price lists: model field names, related rows as ids."""

import datetime
from decimal import Decimal

import strawberry


@strawberry.input
class SalesPriceInput:
    """A new price of a product in a (non-inheriting) currency; set a price, an RRP, or both."""

    product: strawberry.ID
    currency: strawberry.ID
    price: Decimal | None = strawberry.UNSET
    rrp: Decimal | None = strawberry.UNSET


@strawberry.input
class SalesPricePartialInput:
    """Changes to a price; omitted fields stay as they are."""

    id: strawberry.ID
    product: strawberry.ID | None = strawberry.UNSET
    currency: strawberry.ID | None = strawberry.UNSET
    price: Decimal | None = strawberry.UNSET
    rrp: Decimal | None = strawberry.UNSET


@strawberry.input
class SalesPriceListInput:
    """A new price list in one currency; empty dates leave the window open on that side."""

    name: str
    currency: strawberry.ID
    start_date: datetime.date | None = strawberry.UNSET
    end_date: datetime.date | None = strawberry.UNSET


@strawberry.input
class SalesPriceListPartialInput:
    """Changes to a price list; omitted fields stay as they are."""

    id: strawberry.ID
    name: str | None = strawberry.UNSET
    currency: strawberry.ID | None = strawberry.UNSET
    start_date: datetime.date | None = strawberry.UNSET
    end_date: datetime.date | None = strawberry.UNSET


@strawberry.input
class SalesPriceListItemInput:
    """A product's override price in a price list."""

    price_list: strawberry.ID
    product: strawberry.ID
    price: Decimal


@strawberry.input
class SalesPriceListItemPartialInput:
    """Changes to a price list item; omitted fields stay as they are."""

    id: strawberry.ID
    price_list: strawberry.ID | None = strawberry.UNSET
    product: strawberry.ID | None = strawberry.UNSET
    price: Decimal | None = strawberry.UNSET


@strawberry.input
class BulkSalesPriceInput:
    """One row of `bulkAssignSalesPrices`: the product's price and RRP in a currency become exactly these."""

    product_id: strawberry.ID
    currency_id: strawberry.ID
    price: Decimal | None = None
    rrp: Decimal | None = None
