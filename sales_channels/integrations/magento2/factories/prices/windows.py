"""Price list windows turning: a daily pass that queues price updates on the days special prices change.

A price list that starts today, or ended yesterday, changes its products' prices without any catalog
change (nothing is saved). Magento ends a special price at its `price_to` by itself, but a list that
starts later is only sent once it is in force, and an ended one should leave no special price behind.
So every day the products of such lists (and their configurable parents) get a `price.update` on the
channels they are listed on, in the companies with an active Magento 2 channel.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from products.signals import parents_of
from sales_channels.flows.default import on_catalog_changed
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_prices.models import SalesPriceListItem


def queue_window_changes(*, day: datetime.date | None = None) -> int:
    """Queue the price updates of lists starting on `day` or ended the day before; how many products."""
    day = day or timezone.localdate()
    companies = set(Magento2SalesChannel.objects.filter(active=True).values_list("multi_tenant_company_id", flat=True))
    rows = (
        SalesPriceListItem.objects.filter(multi_tenant_company_id__in=companies)
        .filter(Q(price_list__start_date=day) | Q(price_list__end_date=day - datetime.timedelta(days=1)))
        .values_list("multi_tenant_company_id", "product_id")
    )
    by_company: dict[int, set[int]] = defaultdict(set)
    for company_id, product_id in rows:
        by_company[company_id].add(product_id)
    for company_id, product_ids in by_company.items():
        on_catalog_changed(
            company_id=company_id, kind="price", product_ids=product_ids, parent_ids=parents_of(product_ids)
        )
    return sum(len(ids) for ids in by_company.values())
