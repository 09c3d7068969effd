"""Tenancy of the custom sales-channel mutations (listed in OneSila/tests/test_tenancy.py CUSTOM_MUTATIONS).

Each is attacked by a user of another company with the first company's ids: the answer is a
"not found" GraphQL error and nothing changes, exactly as for an unknown id. Mixing the attacker's
own view or channel with the victim's products is refused the same way.
"""

import pytest

from sales_channels.models import ImportProcess, SalesChannel, SalesChannelViewAssign, SyncTask, SyncTaskStatus
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory


@pytest.fixture
def victim(company, storefront):
    """The first company's channel, view, products (one assigned) and a failed and a queued task."""
    view = storefront.views.get(remote_id="web")
    products = [catalog.product(company, f"V-{n}") for n in range(2)]
    SalesChannelViewAssign.objects.create(multi_tenant_company=company, view=view, product=products[0])
    SyncTask.objects.all().delete()
    own = {"multi_tenant_company": company, "sales_channel": storefront, "usage": "product.sync"}
    failed = SyncTask.objects.create(**own, object_id=products[0].pk, status=SyncTaskStatus.FAILED, error="x")
    queued = SyncTask.objects.create(**own, object_id=products[1].pk, status=SyncTaskStatus.QUEUED)
    return {"channel": storefront, "view": view, "products": products, "failed": failed, "queued": queued}


@pytest.fixture
def attacker_view(other_company, fake_backend):
    channel = SalesChannelFactory(multi_tenant_company=other_company, name="Attacker shop")
    return SalesChannelViewFactory(multi_tenant_company=other_company, sales_channel=channel, remote_id="web")


def snapshot() -> dict:
    return {
        "assigns": sorted(SalesChannelViewAssign.objects.values_list("view_id", "product_id")),
        "tasks": sorted(SyncTask.objects.values_list("pk", "status", "next_run_at")),
        "imports": ImportProcess.objects.count(),
        "channels": sorted(SalesChannel.objects.values_list("pk", "connection_status", "last_connection_error")),
    }


def refused(result: dict) -> str:
    assert result.get("errors"), result
    assert result["data"] is None, result
    return result["errors"][0]["message"]


def ids(rows) -> list[str]:
    return [str(row.pk) for row in rows]


def test_assign_and_unassign_with_another_companys_view_are_refused(other_gql, victim):
    before = snapshot()
    for name in ("assignProductsToView", "unassignProductsFromView"):
        result = other_gql.execute(
            f"mutation($v: ID!, $p: [ID!]!) {{ {name}(viewId: $v, productIds: $p) {{ changed }} }}",
            {"v": str(victim["view"].pk), "p": ids(victim["products"])},
        )
        assert refused(result) == f"Sales channel view with id {victim['view'].pk} was not found."
    assert snapshot() == before


def test_assigning_another_companys_products_to_an_own_view_is_refused(other_gql, victim, attacker_view):
    before = snapshot()

    result = other_gql.execute(
        "mutation($v: ID!, $p: [ID!]!) { assignProductsToView(viewId: $v, productIds: $p) { changed } }",
        {"v": str(attacker_view.pk), "p": ids(victim["products"])},
    )

    assert refused(result).startswith("Products not found:")
    assert snapshot() == before


@pytest.mark.parametrize("name", ["retrySyncTasks", "cancelSyncTasks"])
def test_retry_and_cancel_of_another_companys_tasks_are_refused(other_gql, victim, name):
    before = snapshot()

    result = other_gql.execute(
        f"mutation($ids: [ID!]!) {{ {name}(ids: $ids) {{ id }} }}", {"ids": ids([victim["failed"], victim["queued"]])}
    )

    assert refused(result).startswith("Sync tasks not found:")
    assert snapshot() == before


@pytest.mark.parametrize(
    "document",
    [
        "mutation($c: ID!) { resyncProducts(channelId: $c) { queued } }",
        "mutation($c: ID!) { startSalesChannelImport(channelId: $c) { id } }",
        "mutation($c: ID!) { testSalesChannelConnection(channelId: $c) { connectionStatus } }",
        "mutation($c: ID!) { pullSalesChannelMetadata(channelId: $c) { pulls } }",
    ],
)
def test_channel_actions_on_another_companys_channel_are_refused(other_gql, victim, document):
    before = snapshot()

    result = other_gql.execute(document, {"c": str(victim["channel"].pk)})

    assert refused(result) == f"Sales channel with id {victim['channel'].pk} was not found."
    assert snapshot() == before


def test_resync_of_another_companys_products_on_an_own_channel_is_refused(other_gql, victim, attacker_view):
    before = snapshot()

    result = other_gql.execute(
        "mutation($c: ID!, $p: [ID!]) { resyncProducts(channelId: $c, productIds: $p) { queued } }",
        {"c": str(attacker_view.sales_channel_id), "p": ids(victim["products"])},
    )

    assert refused(result).startswith("Products not found:")
    assert snapshot() == before
