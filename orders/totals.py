"""Keep orders' stored totals in step with their lines.

Each order is re-read under a row lock before its totals are recomputed, so two transactions
changing lines of the same order serialise and the later one sums the earlier one's lines too.
Call it inside the transaction that changed the lines (it opens one when there is none).
"""

from collections.abc import Iterable

from django.db import transaction

from orders.models import Order


def recalculate_order_totals(*, order_ids: Iterable[int | None]) -> None:
    """Recompute subtotal and total of the given orders (None ids are ignored)."""
    ids = {order_id for order_id in order_ids if order_id is not None}
    with transaction.atomic():  # select_for_update needs a transaction; inside one this is a savepoint
        for order in Order.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            order.recalculate_totals()
