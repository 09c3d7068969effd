"""Price list windows turning: the daily pass that queues price updates on the days prices change unsaved.

A price list that starts today, or ended yesterday, changes its products' effective price (see
`sales_prices.pricing.get_price`) without any catalog change, so no `catalog_changed` is sent. Every
day, the products of such lists (and their configurable parents) go through `flows.on_catalog_changed`
as a price change, company by company: the flow keeps to the active channels where they are assigned,
respects each channel's `sync_prices` switch, and dedupes against pending tasks (a product in several
such lists, or a second pass the same day, queues one task per listing).

Queries: one to find the products, then a constant number per company that has any.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from products.signals import parents_of
from sales_channels.flows import default as flows
from sales_channels.models import SalesChannel
from sales_prices.models import SalesPriceListItem


def window_products(*, day: datetime.date) -> dict[int, set[int]]:
    """Per company with an active channel: the products of lists starting on `day` or ended the day before."""
    companies = SalesChannel.objects.filter(active=True).values("multi_tenant_company_id")
    rows = (
        SalesPriceListItem.objects.filter(multi_tenant_company_id__in=companies)
        .filter(Q(price_list__start_date=day) | Q(price_list__end_date=day - datetime.timedelta(days=1)))
        .values_list("multi_tenant_company_id", "product_id")
    )
    by_company: dict[int, set[int]] = defaultdict(set)
    for company_id, product_id in rows:
        by_company[company_id].add(product_id)
    return dict(by_company)


def queue_window_changes(*, day: datetime.date | None = None) -> int:
    """Queue the price updates of lists starting on `day` (today when omitted) or ended the day before.

    Returns how many products the windows concern (whether or not a channel lists them).
    """
    day = day or timezone.localdate()
    by_company = window_products(day=day)
    for company_id, product_ids in sorted(by_company.items()):
        flows.on_catalog_changed(
            company_id=company_id, kind="price", product_ids=product_ids, parent_ids=parents_of(product_ids)
        )
    return sum(len(ids) for ids in by_company.values())
