"""Assign many prices at once: validate every item first, then write them all in one transaction.

`assign_sales_prices(company=..., items=[...])` creates or updates the `SalesPrice` of each
(product, currency) to exactly the given price and RRP. Any invalid item (unknown or other
company's product or currency, an inheriting currency, price <= 0, RRP below price, the same
product and currency twice) raises `PriceAssignmentError` naming the item's index and the reason,
and nothing is written. Rows whose values do not change are not saved (no change signals fire).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from core.models import MultiTenantCompany, MultiTenantUser
from currencies.models import Currency
from products.models import Product
from sales_prices.models import SalesPrice

CENT = Decimal("0.01")
RELATION_FIELDS = (
    "product",
    "currency",
    "multi_tenant_company",
    "created_by_multi_tenant_user",
    "last_update_by_multi_tenant_user",
)


@dataclass(frozen=True)
class PriceAssignment:
    """One requested price: ids as given by the caller (strings or ints), amounts as decimals."""

    product_id: int | str
    currency_id: int | str
    price: Decimal | None = None
    rrp: Decimal | None = None


class PriceAssignmentError(Exception):
    """An item of a bulk price assignment is invalid; nothing was written."""

    def __init__(self, *, index: int, reason: str):
        self.index = index
        self.reason = reason
        super().__init__(f"items[{index}]: {reason}")


def _as_int(value: int | str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _in_cents(amount: Decimal | None) -> Decimal | None:
    # Lossless once clean_fields has refused more than two decimals; the row then reads as stored.
    return None if amount is None else amount.quantize(CENT)


def _reason(error: ValidationError) -> str:
    if not hasattr(error, "message_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        message if field == NON_FIELD_ERRORS else f"{field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )


@dataclass
class _Lookups:
    products: dict[int, Product]
    currencies: dict[int, Currency]
    existing: dict[tuple[int, int], SalesPrice]


def _load(*, company: MultiTenantCompany, items: Sequence[PriceAssignment]) -> _Lookups:
    product_ids = {_as_int(item.product_id) for item in items} - {None}
    currency_ids = {_as_int(item.currency_id) for item in items} - {None}
    existing = SalesPrice.objects.filter(
        multi_tenant_company=company, product_id__in=product_ids, currency_id__in=currency_ids
    )
    return _Lookups(
        products=Product.objects.filter_multi_tenant(company).in_bulk(product_ids),
        currencies=Currency.objects.filter_multi_tenant(company).in_bulk(currency_ids),
        existing={(row.product_id, row.currency_id): row for row in existing},
    )


def _prepare(
    *, index: int, item: PriceAssignment, lookups: _Lookups, company: MultiTenantCompany, user: MultiTenantUser | None
) -> SalesPrice:
    product = lookups.products.get(_as_int(item.product_id))
    if product is None:
        raise PriceAssignmentError(index=index, reason=f"product {item.product_id} was not found.")
    currency = lookups.currencies.get(_as_int(item.currency_id))
    if currency is None:
        raise PriceAssignmentError(index=index, reason=f"currency {item.currency_id} was not found.")
    row = lookups.existing.get((product.pk, currency.pk)) or SalesPrice(
        multi_tenant_company=company, created_by_multi_tenant_user=user
    )
    row.product, row.currency, row.price, row.rrp = product, currency, item.price, item.rrp
    try:
        row.clean_fields(exclude=RELATION_FIELDS)
        row.clean()
    except ValidationError as exc:
        raise PriceAssignmentError(index=index, reason=_reason(exc)) from exc
    row.price, row.rrp = _in_cents(row.price), _in_cents(row.rrp)
    if row.changed_fields() and user is not None:
        row.last_update_by_multi_tenant_user = user
    return row


def assign_sales_prices(
    *, company: MultiTenantCompany, items: Sequence[PriceAssignment], user: MultiTenantUser | None = None
) -> list[SalesPrice]:
    """Create or update one SalesPrice per item, all or nothing; returns the rows in the items' order."""
    lookups = _load(company=company, items=items)
    rows: list[SalesPrice] = []
    first_index: dict[tuple[int, int], int] = {}
    for index, item in enumerate(items):
        row = _prepare(index=index, item=item, lookups=lookups, company=company, user=user)
        key = (row.product_id, row.currency_id)
        if key in first_index:
            earlier = first_index[key]
            reason = f"product {row.product_id} in {row.currency} is already assigned by items[{earlier}]."
            raise PriceAssignmentError(index=index, reason=reason)
        first_index[key] = index
        rows.append(row)
    with transaction.atomic():
        for index, row in enumerate(rows):
            try:
                row.save()
            except IntegrityError as exc:
                raise PriceAssignmentError(index=index, reason=f"the database refused the row: {exc}") from exc
    return rows
