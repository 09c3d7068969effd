"""Special prices: a price list in force becomes Magento's special price, with the list's days as its window.

When a listing's price comes from an active price list and the product's own sales price is higher,
Magento gets the own price as `price` and the list's price as a special price from the list's first
day (`price_from`) to its last (`price_to`), through `POST /V1/products/special-price`; Magento stops
applying it after `price_to` by itself. When no list is in force any more, or the window lost a date,
the special price is removed through `POST /V1/products/special-price-delete` (it deletes the SKU's
special price and both dates for that store; the dedicated route is used because emptying
`special_price` through a product save is unreliable across versions). Both routes answer per-item
failures; the others are applied.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.factories.products.pricing import ListWindow, lists_in_force
from sales_channels.integrations.magento2.client import Magento2Client, render
from sales_prices.pricing import ResolvedPrice

WINDOWS: CacheKey[dict[tuple[int, int], "ListWindow | None"]] = CacheKey("magento2.price_list_windows")
DATE_FIELDS = ("price_from", "price_to")
CENT = Decimal("0.01")
PLACEHOLDER = re.compile(r"%([A-Za-z]\w*)")
ROW_NAMES = ("SKU", "storeId", "priceFrom", "priceTo")


def prefetch_windows(*, context: StepContext, product_ids: list[int], currency_id: int | None) -> None:
    """Load the windows of these products in the base currency once per run (two queries)."""
    store = context.cached(WINDOWS, dict)
    wanted = [pk for pk in product_ids if (pk, currency_id) not in store]
    if currency_id is None or not wanted:
        return
    found = lists_in_force(product_ids=wanted, currency_ids=[currency_id])
    store.update({(pk, currency_id): found.get((pk, currency_id)) for pk in wanted})


def window_for(*, context: StepContext, product_id: int, currency_id: int) -> ListWindow | None:
    store = context.cached(WINDOWS, dict)
    if (product_id, currency_id) not in store:
        prefetch_windows(context=context, product_ids=[product_id], currency_id=currency_id)
    return store.get((product_id, currency_id))


def split_price(
    *, sku: str, resolved: ResolvedPrice | None, window: ListWindow | None
) -> tuple[Decimal | None, dict[str, Any] | None]:
    """(the product's price, its special price record or None) for a resolved price and its list window."""
    if resolved is None or resolved.price is None:
        return None, None
    if resolved.source != "price_list" or window is None or window.regular is None:
        return resolved.price, None
    if window.regular <= resolved.price:
        return resolved.price, None  # Magento would not show a special price above the price
    special = special_price(sku=sku, price=resolved.price, start=window.start, end=window.end)
    return window.regular, special


def special_price(
    *, sku: str, price: Decimal, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """One `/V1/products/special-price` item at the global scope: from the list's first day to the end of its last
    (an open side is an empty date: Magento then keeps no date on that side)."""
    return {
        "sku": sku,
        "store_id": 0,
        "price": float(Decimal(price).quantize(CENT)),
        "price_from": f"{start.isoformat()} 00:00:00" if start else "",
        "price_to": f"{end.isoformat()} 23:59:59" if end else "",
    }


def needs_delete(*, new: dict[str, Any] | None, previous: dict[str, Any] | None) -> bool:
    """Whether the SKU's special price must be deleted first: gone, or a date the new one lacks would stay."""
    if not previous:
        return False
    if new is None:
        return True
    return any(previous.get(name) and not new.get(name) for name in DATE_FIELDS)


def failures_by_sku(answer: Any) -> dict[str, str]:
    """SKU -> Magento's message for each refused item (a `PriceUpdateResult`: its message and parameters).

    The parameters end with the row (SKU, store id, price from, price to), as a list or by name."""
    failures: dict[str, str] = {}
    for failure in answer if isinstance(answer, list) else []:
        parameters = failure.get("parameters") or []
        if isinstance(parameters, dict):
            named, sku = parameters, str(parameters.get("SKU", ""))
        else:
            values = [str(value) for value in parameters]
            row, leading = values[-4:], values[:-4]
            others = [
                n for n in dict.fromkeys(PLACEHOLDER.findall(str(failure.get("message", "")))) if n not in ROW_NAMES
            ]
            named = {**dict(zip(others, leading, strict=False)), **dict(zip(ROW_NAMES, row, strict=False))}
            sku = row[0] if row else ""
        failures.setdefault(sku, render(_fill(str(failure.get("message", "")), named), parameters))
    return failures


def _fill(message: str, named: dict[str, Any]) -> str:
    """`%name` placeholders filled, longest names first (`%priceFrom` before `%price`)."""
    for name in sorted(named, key=len, reverse=True):
        message = message.replace(f"%{name}", str(named[name]))
    return message


def save_specials(
    *, client: Magento2Client, wanted: dict[str, dict[str, Any] | None], previous: dict[str, dict[str, Any] | None]
) -> dict[str, str]:
    """Delete what must go, then set what changed (one call each at most); SKU -> message of each refusal."""
    deletes = [previous[sku] for sku, new in wanted.items() if needs_delete(new=new, previous=previous.get(sku))]
    updates = [new for sku, new in wanted.items() if new is not None and new != previous.get(sku)]
    failures: dict[str, str] = {}
    if deletes:
        failures.update(failures_by_sku(client.post("products/special-price-delete", body={"prices": deletes})))
    if updates:
        for sku, message in failures_by_sku(client.post("products/special-price", body={"prices": updates})).items():
            failures.setdefault(sku, message)
    return failures
