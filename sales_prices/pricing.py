"""Which price a product has in a currency at a moment.

`get_price(product=..., currency=..., at=...)` looks, in order:
1. price lists in that currency whose window contains `at` (start and end dates inclusive, an
   empty bound is open); when several hold the product, the one starting latest wins (ties: the
   newest list);
2. the product's `SalesPrice` in that currency;
3. for an inheriting currency, the price in its parent currency (resolved the same way)
   multiplied by the exchange rate and rounded to cents; the RRP is derived the same way;
4. otherwise no price (None).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q
from django.utils import timezone

from sales_prices.models import SalesPrice, SalesPriceListItem

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ResolvedPrice:
    """A resolved price, its RRP and where it came from ('price_list', 'sales_price', 'inherited')."""

    price: Decimal | None
    rrp: Decimal | None
    source: str


def _convert(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    return None if amount is None else (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def get_price(*, product, currency, at: datetime.date | None = None) -> ResolvedPrice | None:
    """The product's price in `currency` on day `at` (today when omitted), in the documented order."""
    day = at or timezone.localdate()
    regular = SalesPrice.objects.filter(product=product, currency=currency).first()
    list_item = (
        SalesPriceListItem.objects.filter(product=product, price_list__currency=currency)
        .filter(Q(price_list__start_date__isnull=True) | Q(price_list__start_date__lte=day))
        .filter(Q(price_list__end_date__isnull=True) | Q(price_list__end_date__gte=day))
        # An open start counts as the earliest (PostgreSQL would sort NULLs first in DESC order).
        .order_by(F("price_list__start_date").desc(nulls_last=True), "-price_list_id")
        .first()
    )
    if list_item is not None:
        return ResolvedPrice(price=list_item.price, rrp=regular.rrp if regular else None, source="price_list")
    if regular is not None:
        return ResolvedPrice(price=regular.price, rrp=regular.rrp, source="sales_price")
    if currency.inherits_from_id:
        parent = get_price(product=product, currency=currency.inherits_from, at=day)
        if parent is not None:
            rate = currency.exchange_rate
            return ResolvedPrice(price=_convert(parent.price, rate), rrp=_convert(parent.rrp, rate), source="inherited")
    return None
