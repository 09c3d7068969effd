"""`sales_prices.pricing.get_price` for many products and currencies at once (two queries in total).

Same order as the catalog's rule: an active price list in the currency (the one starting latest,
ties to the newest list; an open start counts as the earliest), else the product's sales price,
else the parent currency's price converted with the exchange rate and rounded to cents.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from currencies.models import Currency
from sales_prices.models import SalesPrice, SalesPriceListItem
from sales_prices.pricing import ResolvedPrice

CENT = Decimal("0.01")


def _convert(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    return None if amount is None else (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def _chain(currencies) -> dict[int, Currency]:
    """The currencies and every currency they inherit from (already loaded on `inherits_from`)."""
    chain: dict[int, Currency] = {}
    for currency in currencies:
        while currency is not None and currency.pk not in chain:
            chain[currency.pk] = currency
            currency = currency.inherits_from if currency.inherits_from_id else None
    return chain


def resolve_prices(
    *, product_ids, currencies, at: datetime.date | None = None
) -> dict[tuple[int, int], ResolvedPrice | None]:
    """{(product id, currency id): ResolvedPrice or None} for every product and currency given."""
    day = at or timezone.localdate()
    chain = _chain(currencies)
    regular = {
        (row.product_id, row.currency_id): row
        for row in SalesPrice.objects.filter(product_id__in=product_ids, currency_id__in=list(chain))
    }
    listed: dict[tuple[int, int], tuple] = {}
    items = (
        SalesPriceListItem.objects.filter(product_id__in=product_ids, price_list__currency_id__in=list(chain))
        .filter(Q(price_list__start_date__isnull=True) | Q(price_list__start_date__lte=day))
        .filter(Q(price_list__end_date__isnull=True) | Q(price_list__end_date__gte=day))
        .values_list("product_id", "price_list__currency_id", "price_list__start_date", "price_list_id", "price")
    )
    for product_id, currency_id, start, list_id, price in items:
        rank = (start or datetime.date.min, list_id)
        key = (product_id, currency_id)
        if key not in listed or rank > listed[key][0]:
            listed[key] = (rank, price)

    def resolve(product_id: int, currency: Currency) -> ResolvedPrice | None:
        sales_price = regular.get((product_id, currency.pk))
        if (product_id, currency.pk) in listed:
            rrp = sales_price.rrp if sales_price else None
            return ResolvedPrice(price=listed[(product_id, currency.pk)][1], rrp=rrp, source="price_list")
        if sales_price is not None:
            return ResolvedPrice(price=sales_price.price, rrp=sales_price.rrp, source="sales_price")
        if currency.inherits_from_id and currency.inherits_from_id in chain:
            parent = resolve(product_id, chain[currency.inherits_from_id])
            if parent is not None:
                rate = currency.exchange_rate
                return ResolvedPrice(
                    price=_convert(parent.price, rate), rrp=_convert(parent.rrp, rate), source="inherited"
                )
        return None

    return {(pid, currency.pk): resolve(pid, currency) for pid in product_ids for currency in currencies}


@dataclass(frozen=True)
class ListWindow:
    """The price list in force for one product and currency: its first and last day, and the product's own price.

    Vendors with a sale window of their own (WooCommerce's sale dates, Magento's special price) send the
    list's price with these days, so the vendor ends the sale on time by itself.
    """

    regular: Decimal | None
    start: datetime.date | None
    end: datetime.date | None


def lists_in_force(
    *, product_ids: list[int], currency_ids: list[int], at: datetime.date | None = None
) -> dict[tuple[int, int], ListWindow]:
    """{(product id, currency id): ListWindow} of the lists in force on `at` (two queries).

    The list is the catalog's choice (the one starting latest, ties to the newest list).
    """
    day = at or timezone.localdate()
    rows = (
        SalesPriceListItem.objects.filter(product_id__in=product_ids, price_list__currency_id__in=currency_ids)
        .filter(Q(price_list__start_date__isnull=True) | Q(price_list__start_date__lte=day))
        .filter(Q(price_list__end_date__isnull=True) | Q(price_list__end_date__gte=day))
        .values_list(
            "product_id", "price_list__currency_id", "price_list__start_date", "price_list__end_date", "price_list_id"
        )
    )
    chosen: dict[tuple[int, int], tuple] = {}
    for product_id, currency_id, start, end, list_id in rows:
        rank = (start or datetime.date.min, list_id)
        key = (product_id, currency_id)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, start, end)
    if not chosen:
        return {}
    own = SalesPrice.objects.filter(
        product_id__in={key[0] for key in chosen}, currency_id__in={key[1] for key in chosen}
    ).values_list("product_id", "currency_id", "price")
    regular = {(product_id, currency_id): price for product_id, currency_id, price in own}
    return {key: ListWindow(regular=regular.get(key), start=start, end=end) for key, (_, start, end) in chosen.items()}
