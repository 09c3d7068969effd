"""Verify remote against the sandbox over real HTTP: a product deleted in the store is found missing (`sku in`
search), its mirror goes outdated with the cause, a resync is queued and the next run creates it again."""

import pytest
from django.db import transaction

from sales_channels.factories.clients import build_client
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import last_task_id, mug, run_all
from sales_channels.models import MirrorStatus, RemoteProduct, SyncTask
from sales_channels.registry import get_spec
from sales_channels.tests import catalog
from sales_channels.verify import verify_remote

pytestmark = pytest.mark.django_db(transaction=True)


def product_searches(sandbox) -> list[dict]:
    return [e for e in sandbox.requests if e["method"] == "GET" and e["path"] == "/rest/all/V1/products"]


@pytest.fixture
def store(company, magento_sandbox):
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel, Magento2StoreView.objects.get(sales_channel=channel, code="default")


def test_a_product_deleted_in_the_store_is_found_missing_and_created_again(company, magento_sandbox, store):
    channel, view = store
    kept, gone = mug(company, sku="VER-KEPT"), mug(company, sku="VER-GONE")
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[kept.pk, gone.pk])
    assert [task.status for task in run_all(sandbox=magento_sandbox, since=since)] == ["succeeded", "succeeded"]
    assert (
        verify_remote(channel=channel, queue=False).summary().startswith("2 listing(s) checked: 0 missing, 0 changed")
    )
    client, session = build_client(spec=get_spec("magento2"), channel=channel)
    with session:
        assert client.delete("products/VER-GONE") is True  # the merchant deletes it in the Magento admin
    since = last_task_id()

    searches_before = len(product_searches(magento_sandbox))
    with transaction.atomic():  # the resync is dispatched when this commits: look at the marked state first
        report = verify_remote(channel=channel)

        assert (report.checked, report.missing, report.changed, report.queued) == (2, ["VER-GONE"], [], 1)
        lost = RemoteProduct.objects.get(sales_channel=channel, local_instance=gone, parent=None)
        assert (lost.status, lost.remote_id) == (MirrorStatus.OUTDATED, "")
        assert "missing on the vendor" in lost.last_error
        assert RemoteProduct.objects.get(sales_channel=channel, local_instance=kept, parent=None).status == "synced"
        [queued] = SyncTask.objects.filter(pk__gt=since)
        assert (queued.object_id, queued.usage, queued.status) == (gone.pk, "product.sync", "queued")
    searches = product_searches(magento_sandbox)
    assert len(searches) == searches_before + 1  # one `sku in (...)` search for the page
    assert dict(searches[-1]["query"])["searchCriteria[filterGroups][0][filters][0][conditionType]"] == "in"

    assert [task.status for task in run_all(sandbox=magento_sandbox, since=since)] == ["succeeded"]
    assert "VER-GONE" in magento_sandbox.state.products
    lost.refresh_from_db()
    assert (lost.status, lost.remote_id) == (MirrorStatus.SYNCED, "VER-GONE")
    assert verify_remote(channel=channel, queue=False).missing == []
