"""Verify remote against the sandbox over real HTTP: a listing deleted on Amazon is found missing
(searchListingsItems by SKU), its mirror goes outdated with the cause, a resync is queued and the next run
puts it again; an untouched listing stays synced."""

import pytest
from django.db import transaction

from sales_channels.factories.clients import build_client
from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import MirrorStatus, RemoteProduct, SyncTask
from sales_channels.registry import get_spec
from sales_channels.verify import verify_remote

pytestmark = pytest.mark.django_db(transaction=True)


def last_task_id() -> int:
    return SyncTask.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_listing_deleted_on_amazon_is_found_missing_and_put_again(shirts, amazon_channel, amazon_sandbox):
    kept, gone = shirts.shirt("VER-KEPT"), shirts.shirt("VER-GONE")
    flows.assign_products(view=shirts.view, product_ids=[kept.pk, gone.pk])
    run_all()
    assert amazon_sandbox.listings.get("VER-GONE", US) is not None
    assert (
        verify_remote(channel=amazon_channel, queue=False)
        .summary()
        .startswith("2 listing(s) checked: 0 missing, 0 changed")
    )
    client, session = build_client(spec=get_spec("amazon"), channel=amazon_channel)
    with session:
        client.delete_listing(sku="VER-GONE", marketplace_id=US)  # the seller deletes it in Seller Central
    assert amazon_sandbox.listings.get("VER-GONE", US) is None
    searches_before = amazon_sandbox.calls("searchListingsItems")
    since = last_task_id()

    with transaction.atomic():  # the resync is dispatched when this commits: look at the marked state first
        report = verify_remote(channel=amazon_channel)

        assert (report.checked, report.missing, report.changed, report.queued) == (2, ["VER-GONE"], [], 1)
        assert amazon_sandbox.calls("searchListingsItems") == searches_before + 1  # one page, one marketplace
        lost = RemoteProduct.objects.get(sales_channel=amazon_channel, local_instance=gone, view=shirts.view)
        assert (lost.status, lost.remote_id) == (MirrorStatus.OUTDATED, "")
        assert "missing on the vendor" in lost.last_error
        still = RemoteProduct.objects.get(sales_channel=amazon_channel, local_instance=kept, view=shirts.view)
        assert still.status == MirrorStatus.SYNCED
        [queued] = SyncTask.objects.filter(pk__gt=since)
        assert (queued.object_id, queued.usage, queued.status) == (gone.pk, "product.sync", "queued")

    run_all()

    queued.refresh_from_db()
    assert queued.status == "succeeded"
    assert amazon_sandbox.listings.get("VER-GONE", US) is not None
    lost.refresh_from_db()
    assert (lost.status, lost.remote_id) == (MirrorStatus.SYNCED, "VER-GONE")
    assert verify_remote(channel=amazon_channel, queue=False).missing == []
