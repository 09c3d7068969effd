"""Sale windows: a price list in force makes a WooCommerce sale with its dates (two queries per batch).

When a listing's price comes from an active price list, the store shows the product's own sales
price as `regular_price`, the list's price as `sale_price`, and the list's first and last day as
`date_on_sale_from` / `date_on_sale_to`, so the store ends the sale on time by itself. The list
chosen is the catalog's (the one starting latest, ties to the newest list).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sales_prices.models import SalesPrice, SalesPriceListItem

CACHE = "woocommerce_sale_windows"


@dataclass(frozen=True)
class SaleWindow:
    """The price list in force for one product and currency: its days, and the product's own price."""

    regular: Decimal | None
    start: datetime.date | None
    end: datetime.date | None


def load_windows(
    *, product_ids: list[int], currency_ids: list[int], at: datetime.date | None = None
) -> dict[tuple[int, int], SaleWindow]:
    """{(product id, currency id): SaleWindow} for the products with a price list in force."""
    day = at or timezone.localdate()
    items = (
        SalesPriceListItem.objects.filter(product_id__in=product_ids, price_list__currency_id__in=currency_ids)
        .filter(Q(price_list__start_date__isnull=True) | Q(price_list__start_date__lte=day))
        .filter(Q(price_list__end_date__isnull=True) | Q(price_list__end_date__gte=day))
        .values_list(
            "product_id", "price_list__currency_id", "price_list__start_date", "price_list__end_date", "price_list_id"
        )
    )
    chosen: dict[tuple[int, int], tuple] = {}
    for product_id, currency_id, start, end, list_id in items:
        rank = (start or datetime.date.min, list_id)
        key = (product_id, currency_id)
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, start, end)
    if not chosen:
        return {}
    regular = {
        (row.product_id, row.currency_id): row.price
        for row in SalesPrice.objects.filter(
            product_id__in={key[0] for key in chosen}, currency_id__in={key[1] for key in chosen}
        )
    }
    return {key: SaleWindow(regular=regular.get(key), start=start, end=end) for key, (_, start, end) in chosen.items()}


def prefetch_windows(*, context, product_ids: list[int], currency_ids: list[int]) -> None:
    store = context.cache.setdefault(CACHE, {})
    store.update(load_windows(product_ids=product_ids, currency_ids=currency_ids))


def window_for(*, context, product_id: int, currency_id: int | None) -> SaleWindow | None:
    if currency_id is None:
        return None
    return context.cache.get(CACHE, {}).get((product_id, currency_id))
