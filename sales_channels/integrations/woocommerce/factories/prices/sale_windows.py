"""Sale windows: a price list in force makes a WooCommerce sale with its dates (two queries per batch).

When a listing's price comes from an active price list, the store shows the product's own sales
price as `regular_price`, the list's price as `sale_price`, and the list's first and last day as
`date_on_sale_from` / `date_on_sale_to`, so the store ends the sale on time by itself. The list
chosen is the catalog's (the one starting latest, ties to the newest list; `lists_in_force`).
"""

from sales_channels.factories.products.pricing import ListWindow, lists_in_force

CACHE = "woocommerce_sale_windows"


def prefetch_windows(*, context, product_ids: list[int], currency_ids: list[int]) -> None:
    store = context.cache.setdefault(CACHE, {})
    store.update(lists_in_force(product_ids=product_ids, currency_ids=currency_ids))


def window_for(*, context, product_id: int, currency_id: int | None) -> ListWindow | None:
    if currency_id is None:
        return None
    return context.cache.get(CACHE, {}).get((product_id, currency_id))
