"""Attribute sets by product type and websites by assigned views, against the sandbox over real HTTP."""

import pytest

from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2StoreView
from sales_channels.integrations.magento2.tests import swagger
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, mug, run_all, shirt_family
from sales_channels.models import RemoteCallLog
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(company, magento_sandbox):
    catalog.currency(company, iso="EUR")
    magento_sandbox.state.add_website(code="fr_site", view_code="fr", locale="fr_FR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    views = {view.code: view for view in Magento2StoreView.objects.filter(sales_channel=channel)}
    return channel, views


def test_a_mapped_product_type_chooses_the_set_and_its_attributes_join_it(company, magento_sandbox, store):
    channel, views = store
    shirt = shirt_family(company)
    shirt_type = ProductProperty.objects.get(product=shirt, property__is_product_type=True).value_select
    clothing = Magento2AttributeSet.objects.get(sales_channel=channel, name="Clothing")
    clothing.local_instance = shirt_type
    clothing.save()
    item = mug(company)  # no product type: the channel's (Default) set
    flows.assign_products(view=views["default"], product_ids=[shirt.pk, item.pk])
    tasks = run_all(sandbox=magento_sandbox, since=0)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks]
    state = magento_sandbox.state
    assert [state.products[sku]["attribute_set_id"] for sku in ("SHIRT", "SHIRT-SLIM", "SHIRT-LOOSE")] == [9, 9, 9]
    assert state.products["MUG-NEW"]["attribute_set_id"] == 4
    assert "fit" in state.set_members[9]  # the axis joined the set, so the children keep their values
    slim = {c["attribute_code"]: c["value"] for c in state.products["SHIRT-SLIM"]["custom_attributes"]}
    assert "fit" in slim
    clothing.refresh_from_db()
    assert "fit" in clothing.attribute_codes
    assert swagger.sent_request_errors(magento_sandbox) == {}

    calls = RemoteCallLog.objects.count()
    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(sandbox=magento_sandbox, since=since)
    assert RemoteCallLog.objects.count() == calls  # what the set holds is kept: a resync makes no call


def test_websites_follow_the_views_the_listing_is_assigned_to(company, magento_sandbox, store):
    channel, views = store
    item = catalog.product(company, "WEB-1", name="Web mug", price="8.00", stock=1)
    flows.assign_products(view=views["fr"], product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=0)
    state = magento_sandbox.state
    assert state.products["WEB-1"]["extension_attributes"]["website_ids"] == [2]

    since = last_task_id()
    flows.assign_products(view=views["default"], product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=since)
    assert state.products["WEB-1"]["extension_attributes"]["website_ids"] == [1, 2]

    since = last_task_id()
    flows.unassign_products(view=views["fr"], product_ids=[item.pk])
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks]
    assert state.products["WEB-1"]["extension_attributes"]["website_ids"] == [1]
