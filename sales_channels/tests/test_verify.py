"""Verify remote: listings missing or changed on the vendor become outdated and are resynced; nothing else moves."""

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sales_channels import services
from sales_channels.models import MirrorStatus, RemotePrice, RemoteProduct, SalesChannelViewAssign
from sales_channels.registry import get_spec, register
from sales_channels.tests import catalog
from sales_channels.tests.conftest import pending_tasks
from sales_channels.verify import verify_remote


@pytest.fixture
def pushed(company, storefront, remote, push):
    view = storefront.views.get(remote_id="web")
    products = [catalog.product(company, f"SKU-{n}", price="10.00", stock=3) for n in range(5)]
    for product in products:
        SalesChannelViewAssign.objects.create(multi_tenant_company=company, view=view, product=product)
    pending_tasks().delete()
    for product in products:
        push(storefront, product)
    return products


def listing(channel, product) -> RemoteProduct:
    return RemoteProduct.objects.get(sales_channel=channel, local_instance_id=product.pk, parent=None)


def test_nothing_drifted_changes_nothing(storefront, pushed, remote):
    report = verify_remote(channel=storefront)

    assert (report.checked, report.missing, report.changed, report.queued) == (5, [], [], 0)
    assert set(RemoteProduct.objects.values_list("status", flat=True)) == {MirrorStatus.SYNCED}
    assert remote.calls["read_products"] == 3  # pages of 2 ids


def test_missing_and_changed_listings_become_outdated_and_are_pushed_again(storefront, pushed, remote, run_pending):
    gone, edited = listing(storefront, pushed[0]), listing(storefront, pushed[1])
    del remote.products[gone.remote_id]
    remote.products[edited.remote_id]["changed_at"] = timezone.now() + timedelta(minutes=5)

    report = verify_remote(channel=storefront)

    assert report.missing == [gone.remote_id]
    assert report.changed == [edited.remote_id]
    assert report.queued == 2
    gone.refresh_from_db()
    edited.refresh_from_db()
    assert (gone.status, gone.remote_id, gone.payload_hash) == (MirrorStatus.OUTDATED, "", "")
    assert not RemotePrice.objects.filter(remote_product=gone).exists()
    assert (edited.status, edited.payload_hash) == (MirrorStatus.OUTDATED, "")
    assert "changed on the vendor" in edited.last_error

    run_pending()

    gone.refresh_from_db()
    assert gone.status == MirrorStatus.SYNCED
    assert gone.remote_id in remote.products
    assert len(remote.products) == 5


def test_the_channel_list_counts_outdated_listings_and_the_action_reports(client, user, storefront, pushed, remote):
    client.force_login(user)
    del remote.products[listing(storefront, pushed[0]).remote_id]
    changelist = reverse("admin:sales_channels_saleschannel_changelist")

    response = client.post(
        changelist, {"action": "verify_remote_listings", "_selected_action": [storefront.pk]}, follow=True
    )

    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages == [
        ("success", "Web shop: 5 listing(s) checked: 1 missing, 0 changed on the vendor; 1 resync(s) queued")
    ]
    assert client.get(changelist).context["cl"].result_list[0].outdated_count == 1


def test_an_integration_without_the_hook_is_refused(company, storefront, fake_backend):

    spec = get_spec(storefront.integration)
    register(dataclasses.replace(spec, steps={k: v for k, v in spec.steps.items() if k != "remote.verify"}))

    with pytest.raises(services.ChannelActionError, match="cannot verify remote listings"):
        verify_remote(channel=storefront)


VERIFY = "mutation($id: ID!) { verifySalesChannelRemote(channelId: $id) { checked missing changed queued } }"


def test_graphql_verify_reports_and_another_company_cannot_reach_the_channel(
    gql, other_gql, storefront, pushed, remote
):
    gone = listing(storefront, pushed[2])
    del remote.products[gone.remote_id]

    foreign = other_gql.execute(VERIFY, {"id": str(storefront.pk)})
    untouched = RemoteProduct.objects.get(pk=gone.pk)
    result = gql.execute(VERIFY, {"id": str(storefront.pk)})

    assert foreign["errors"][0]["message"] == f"Sales channel with id {storefront.pk} was not found."
    assert untouched.status == MirrorStatus.SYNCED
    assert result["data"]["verifySalesChannelRemote"] == {
        "checked": 5,
        "missing": [gone.remote_id],
        "changed": [],
        "queued": 1,
    }
