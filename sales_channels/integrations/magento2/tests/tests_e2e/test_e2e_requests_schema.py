"""Every request the integration sent during connect, push, live changes and import validates against
Magento's published request schema (skipped when ../shared is absent)."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests import swagger
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, mug, run_all, shirt_family
from sales_channels.tests import catalog
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_request_sent_matches_the_published_schema(company, magento_sandbox):
    swagger.require_spec()
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    view = Magento2StoreView.objects.get(sales_channel=channel, code="default")
    item, shirt = mug(company), shirt_family(company)
    flows.assign_products(view=view, product_ids=[item.pk, shirt.pk])
    run_all(sandbox=magento_sandbox, since=last_task_id())
    SalesPrice.objects.filter(product=item).update(price=Decimal("13.00"))
    SalesPrice.objects.get(product=item).save()
    Inventory.objects.filter(product=item).first().save()
    run_all(sandbox=magento_sandbox, since=last_task_id())
    sent = magento_sandbox.requests
    routes = {(r["method"], r["path"].split("/V1/")[1].split("/")[0]) for r in sent}
    problems = {
        f"{r['method']} {r['path']}": swagger.request_errors(method=r["method"], path=r["path"], body=r["body"])
        for r in sent
    }
    assert {key: errors for key, errors in problems.items() if errors} == {}
    assert ("POST", "products") in routes
    assert ("POST", "configurable-products") in routes
    assert ("GET", "bulk") in routes
