"""The batch push reads and writes the listings' media ids in a constant number of queries (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.factories.products.steps import WooCommerceProducts
from sales_channels.models import RemoteImageProductAssociation, SalesChannelView, SyncTask
from sales_channels.registry import spec_for_channel
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def media_queries(*, channel, view, sandbox, company, prefix: str, count: int) -> int:
    products = []
    for number in range(count):
        item = catalog.product(company, f"{prefix}-{number}", name=f"{prefix} {number}", price="4.00", stock=2)
        catalog.image(company, item, url=sandbox.image_url(f"{prefix}-{number}-a.png"), main=True)
        catalog.image(company, item, url=sandbox.image_url(f"{prefix}-{number}-b.png"), order=1)
        products.append(item.pk)
    flows.assign_products(view=view, product_ids=products, queue=False)
    flows.resync_products(channel=channel, product_ids=products)
    tasks = list(SyncTask.objects.filter(sales_channel=channel, object_id__in=products))
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    context = StepContext(channel=channel, spec=spec, client=client, session=session, view=None)
    WooCommerceProducts.prefetch(context=context, object_ids=products)
    with CaptureQueriesContext(connection) as captured:
        results = WooCommerceProducts(context=context, tasks=tasks).run()
    assert all(not isinstance(result, BaseException) for result in results.values()), results
    return sum(1 for query in captured.captured_queries if "remoteimageproductassociation" in query["sql"].lower())


def test_media_ids_cost_the_same_queries_for_3_or_9_listings(company, woo_channel, woo_sandbox):
    catalog.currency(company)
    view = SalesChannelView.objects.get(sales_channel=woo_channel)

    few = media_queries(channel=woo_channel, view=view, sandbox=woo_sandbox, company=company, prefix="FEW", count=3)
    many = media_queries(channel=woo_channel, view=view, sandbox=woo_sandbox, company=company, prefix="MANY", count=9)

    assert few == many
    assert RemoteImageProductAssociation.objects.filter(sales_channel=woo_channel).count() == 24
