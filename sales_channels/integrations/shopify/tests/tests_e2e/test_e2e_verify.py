"""Verify remote against the sandbox: a product deleted in the shop is found missing, recreated by the next sync."""

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.sandbox.state import parse_gid
from sales_channels.integrations.shopify.tests.tests_e2e.test_e2e_push import shop  # noqa: F401
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_channels.verify import verify_remote

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_product_lost_by_the_shop_is_found_and_recreated(company, shop, shopify_sandbox):  # noqa: F811
    channel, view = shop
    products = [catalog.product(company, f"VER-{n}", name=f"Verified {n}", price="5.00", stock=2) for n in range(3)]
    since = last_task_id()
    flows.assign_products(view=view, product_ids=[product.pk for product in products])
    assert all(task.status == "succeeded" for task in run_all(since=since))
    lost = RemoteProduct.objects.get(sales_channel=channel, local_instance_id=products[0].pk, parent=None)
    with shopify_sandbox.state.lock:
        del shopify_sandbox.state.products[parse_gid(lost.remote_id, "Product")]
    before = shopify_sandbox.product_count

    untouched = verify_remote(channel=channel, queue=False)
    assert untouched.missing == [lost.remote_id]
    assert untouched.changed == []
    lost.refresh_from_db()
    assert lost.status == MirrorStatus.OUTDATED
    calls = [entry for entry in shopify_sandbox.request_log if entry["operation"] == "ProductsVerify"]
    assert len(calls) == 1  # one page of ids

    since = last_task_id()
    flows.resync_products(channel=channel, product_ids=[products[0].pk])
    assert all(task.status == "succeeded" for task in run_all(since=since))

    lost.refresh_from_db()
    assert lost.status == MirrorStatus.SYNCED
    assert lost.remote_id
    assert shopify_sandbox.product_count == before + 1
    assert verify_remote(channel=channel, queue=False).missing == []
