"""A resync of an unchanged catalog makes no call and a number of queries that does not grow with the listings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, mug, run_all, shirt_family
from sales_channels.models import SyncTask
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


def resync_queries(channel, product_ids) -> int:
    since = last_task_id()
    with CaptureQueriesContext(connection) as captured:
        flows.resync_products(channel=channel, product_ids=product_ids)  # the queue runs the tasks at commit
        ids = list(SyncTask.objects.filter(pk__gt=since, status="queued").values_list("pk", flat=True))
        if ids:
            execute_sync_tasks(sync_task_ids=ids)
    assert set(SyncTask.objects.filter(pk__gt=since).values_list("status", flat=True)) == {"succeeded"}
    return len(captured.captured_queries)


def test_resync_queries_do_not_grow_per_listing(company, magento_sandbox):
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    view = Magento2StoreView.objects.get(sales_channel=channel, code="default")
    small = [mug(company, sku="M-1").pk, shirt_family(company, sku="S-1").pk]
    large = (
        small
        + [mug(company, sku=f"M-{n}").pk for n in range(2, 6)]
        + [shirt_family(company, sku=f"S-{n}").pk for n in range(2, 6)]
    )
    flows.assign_products(view=view, product_ids=large)
    run_all(sandbox=magento_sandbox, since=0)
    calls = len(magento_sandbox.requests)
    few, many = resync_queries(channel, small), resync_queries(channel, large)
    assert len(magento_sandbox.requests) == calls  # no vendor call
    # none per simple listing; the axes of a configurable (`configurator_properties`, the properties app's own
    # lookup of the product type's rule) cost a few per configurable: 4 more configurables here
    assert many - few <= 4 * 4
