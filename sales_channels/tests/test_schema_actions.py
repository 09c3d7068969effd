"""Sales-channel mutations: settings, assigns, the queue, resync, imports, connection tests and metadata pulls."""

import dataclasses

import pytest

from products.models import Product
from sales_channels.factories.base import StepContext, SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.models import ImportProcess, SalesChannel, SalesChannelViewAssign, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import get_spec, register
from sales_channels.signals import refresh_website_pull_models
from sales_channels.tests import catalog
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.remote import AUTH
from sales_channels.tests.fake.spec import STOREFRONT
from sales_channels.tests.fake.steps import FakeViewsPull


def data_of(result: dict) -> dict:
    assert not result.get("errors"), result
    return result["data"]


def error_of(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def pending(**filters) -> list[tuple]:
    rows = SyncTask.objects.filter(status__in=PENDING_STATUSES, **filters).order_by("object_id")
    return list(rows.values_list("usage", "object_id", "view_id"))


@pytest.fixture
def products(company, eur):
    return [catalog.product(company, f"SKU-{n}", price="10.00") for n in range(3)]


@pytest.fixture
def web(storefront):
    return storefront.views.get(remote_id="web")


class FakeConnectionTest(SyncStep):
    """One cheap authenticated call (the fake vendor's view list)."""

    def run(self) -> StepOutcome:
        self.client.list_views()
        return StepOutcome(kind=UNCHANGED)


@pytest.fixture
def connection_step(fake_backend):
    spec = get_spec(STOREFRONT)
    register(dataclasses.replace(spec, steps={**spec.steps, "connection.test": FakeConnectionTest}))


@pytest.fixture
def views_pull(fake_backend):
    """The fake integration pulls its views when asked (a phase-3 receiver)."""

    def pull(sender, instance, **kwargs):
        context = StepContext(channel=instance, spec=get_spec(instance.integration), client=None)
        context.client = FakeClient(fake_backend.remote(instance))
        return FakeViewsPull(context=context).run()

    refresh_website_pull_models.connect(pull, sender=SalesChannel, weak=False, dispatch_uid="test.views_pull")
    yield
    refresh_website_pull_models.disconnect(sender=SalesChannel, dispatch_uid="test.views_pull")


# -- settings -------------------------------------------------------------------------------------

UPDATE = "mutation($data: SalesChannelPartialInput!) { updateSalesChannel(data: $data) { %s } }"


def test_update_sales_channel_changes_switches_rate_limits_and_master_of_data(gql, storefront):
    data = {
        "id": str(storefront.pk),
        "name": "Renamed",
        "syncPrices": False,
        "requestsPerSecond": 0.5,
        "burst": 3,
        "masterOfData": {"stock": "remote"},
    }

    row = data_of(gql.execute(UPDATE % "name syncPrices requestsPerSecond burst masterOfData", {"data": data}))

    assert row["updateSalesChannel"] == {
        "name": "Renamed",
        "syncPrices": False,
        "requestsPerSecond": 0.5,
        "burst": 3,
        "masterOfData": {"stock": "remote"},
    }
    storefront.refresh_from_db()
    assert (storefront.name, storefront.sync_prices, storefront.master_of("stock")) == ("Renamed", False, "remote")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"masterOfData": {"stock": "vendor"}}, "Choose 'onesila' or 'remote' for: stock"),
        ({"requestsPerSecond": 0}, "sales_channel_rate_positive"),
    ],
)
def test_update_sales_channel_refuses_invalid_settings(gql, storefront, change, message):
    result = gql.execute(UPDATE % "name", {"data": {"id": str(storefront.pk), **change}})

    assert message in error_of(result)
    storefront.refresh_from_db()
    assert (storefront.requests_per_second, storefront.master_of_data) == (2.0, {})


def test_delete_sales_channel(gql, storefront):
    result = gql.execute(f"mutation {{ deleteSalesChannel(id: {storefront.pk}) {{ id }} }}")

    assert data_of(result)["deleteSalesChannel"] == {"id": str(storefront.pk)}
    assert not SalesChannel.objects.filter(pk=storefront.pk).exists()


# -- assigns --------------------------------------------------------------------------------------

ASSIGN = """mutation($view: ID!, $products: [ID!]!) {
  %s(viewId: $view, productIds: $products) { view { remoteId } changed unchanged }
}"""


def assign(gql, view, products, *, name: str = "assignProductsToView") -> dict:
    variables = {"view": str(view.pk), "products": [str(getattr(p, "pk", p)) for p in products]}
    return gql.execute(ASSIGN % name, variables)


def test_assign_products_to_view_queues_their_creation_once(gql, storefront, web, products):
    first = data_of(assign(gql, web, products[:2]))["assignProductsToView"]
    again = data_of(assign(gql, web, products))["assignProductsToView"]

    assert first == {"view": {"remoteId": "web"}, "changed": 2, "unchanged": 0}
    assert again == {"view": {"remoteId": "web"}, "changed": 1, "unchanged": 2}
    assert SalesChannelViewAssign.objects.filter(view=web).count() == 3
    assert pending(sales_channel=storefront) == [("product.create", p.pk, None) for p in products]


def test_assign_on_a_marketplace_queues_one_task_per_view(gql, marketplace, products):
    view = marketplace.views.get(remote_id="FR")

    data_of(assign(gql, view, products[:1]))

    assert pending(sales_channel=marketplace) == [("product.create", products[0].pk, view.pk)]


@pytest.mark.parametrize("bad_id", ["999999", "not-an-id"])
def test_assign_with_an_unknown_product_changes_nothing(gql, web, products, bad_id):
    message = error_of(assign(gql, web, [*products, bad_id]))

    assert message == f"Product not found: {bad_id}."
    assert not SalesChannelViewAssign.objects.exists()
    assert not SyncTask.objects.exists()


def test_assign_needs_at_least_one_product(gql, web):
    assert error_of(assign(gql, web, [])) == "Give at least one product id."


def test_unassign_products_from_view_queues_the_remote_delete(gql, storefront, web, products):
    data_of(assign(gql, web, products))
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)

    result = data_of(assign(gql, web, products[:2], name="unassignProductsFromView"))["unassignProductsFromView"]

    assert (result["changed"], result["unchanged"]) == (2, 0)
    assert SalesChannelViewAssign.objects.filter(view=web).count() == 1
    assert pending(sales_channel=storefront) == [("product.delete", p.pk, None) for p in products[:2]]


# -- the queue ------------------------------------------------------------------------------------


def make_task(channel, status: str, object_id: int = 1) -> SyncTask:
    return SyncTask.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        usage="product.sync",
        object_id=object_id,
        status=status,
        error="HTTP 500" if status == SyncTaskStatus.FAILED else "",
        attempts=5 if status == SyncTaskStatus.FAILED else 0,
    )


def act(gql, name: str, tasks: list) -> dict:
    ids = [str(getattr(task, "pk", task)) for task in tasks]
    return gql.execute(f"mutation($ids: [ID!]!) {{ {name}(ids: $ids) {{ id status attempts error }} }}", {"ids": ids})


def test_retry_requeues_failed_and_cancelled_tasks(gql, storefront):
    failed = make_task(storefront, SyncTaskStatus.FAILED, 1)
    cancelled = make_task(storefront, SyncTaskStatus.CANCELLED, 2)

    rows = data_of(act(gql, "retrySyncTasks", [failed, cancelled]))["retrySyncTasks"]

    assert rows == [
        {"id": str(failed.pk), "status": "queued", "attempts": 0, "error": ""},
        {"id": str(cancelled.pk), "status": "queued", "attempts": 0, "error": ""},
    ]


def test_retry_runs_a_deferred_task_now(gql, storefront):
    deferred = make_task(storefront, SyncTaskStatus.DEFERRED)
    SyncTask.objects.filter(pk=deferred.pk).update(next_run_at="2999-01-01T00:00:00Z")

    data_of(act(gql, "retrySyncTasks", [deferred]))

    deferred.refresh_from_db()
    assert deferred.status == SyncTaskStatus.DEFERRED
    assert deferred.next_run_at.year < 2999


def test_retry_refuses_every_task_when_one_cannot_be_retried(gql, storefront):
    failed = make_task(storefront, SyncTaskStatus.FAILED, 1)
    done = make_task(storefront, SyncTaskStatus.SUCCEEDED, 2)

    message = error_of(act(gql, "retrySyncTasks", [failed, done]))

    assert message == f"Only failed, cancelled, deferred tasks can be retried; not: {done.pk} (succeeded)."
    failed.refresh_from_db()
    assert failed.status == SyncTaskStatus.FAILED


def test_cancel_pending_tasks_and_refuse_finished_ones(gql, storefront):
    queued = make_task(storefront, SyncTaskStatus.QUEUED, 1)
    failed = make_task(storefront, SyncTaskStatus.FAILED, 2)

    assert data_of(act(gql, "cancelSyncTasks", [queued]))["cancelSyncTasks"][0]["status"] == "cancelled"
    assert "not: " + f"{failed.pk} (failed)" in error_of(act(gql, "cancelSyncTasks", [failed]))
    assert error_of(act(gql, "cancelSyncTasks", ["424242"])) == "Sync task not found: 424242."


RESYNC = """mutation($channel: ID!, $products: [ID!]) {
  resyncProducts(channelId: $channel, productIds: $products) { queued tasks { usage objectId status } }
}"""


def resync(gql, channel, products=None) -> dict:
    ids = None if products is None else [str(p.pk) for p in products]
    return gql.execute(RESYNC, {"channel": str(channel.pk), "products": ids})


def test_resync_queues_a_full_sync_of_assigned_products(gql, storefront, web, products):
    data_of(assign(gql, web, products[:2]))
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)

    everything = data_of(resync(gql, storefront))["resyncProducts"]
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)
    one = data_of(resync(gql, storefront, products[:1]))["resyncProducts"]

    assert everything["queued"] == 2
    assert {row["usage"] for row in everything["tasks"]} == {"product.sync"}
    assert one == {
        "queued": 1,
        "tasks": [{"usage": "product.sync", "objectId": str(products[0].pk), "status": "queued"}],
    }


def test_resync_refuses_unassigned_products_and_inactive_channels(gql, storefront, web, products):
    data_of(assign(gql, web, products[:1]))

    assert error_of(resync(gql, storefront, products)) == "Not assigned to channel 'Web shop': SKU-1, SKU-2."
    SalesChannel.objects.filter(pk=storefront.pk).update(active=False)
    assert error_of(resync(gql, storefront)) == "Channel 'Web shop' is inactive: activate it first."


def test_resync_of_a_channel_whose_integration_is_not_installed(gql, storefront):
    SalesChannel.objects.filter(pk=storefront.pk).update(integration="uninstalled")

    message = error_of(resync(gql, storefront))

    assert message == "Channel 'Web shop' uses integration 'uninstalled', which is not installed."


# -- imports --------------------------------------------------------------------------------------

IMPORT = """mutation($channel: ID!, $kind: String!, $updateOnly: Boolean!, $dryRun: Boolean!) {
  startSalesChannelImport(channelId: $channel, kind: $kind, updateOnly: $updateOnly, dryRun: $dryRun) {
    id kind status updateOnly dryRun
  }
}"""


def start_import(gql, channel, *, kind="products", update_only=False, dry_run=False) -> dict:
    variables = {"channel": str(channel.pk), "kind": kind, "updateOnly": update_only, "dryRun": dry_run}
    return gql.execute(IMPORT, variables)


def test_start_import_runs_it_in_the_queue_and_reports_progress(
    gql, storefront, remote, django_capture_on_commit_callbacks
):
    remote.products.update({"1": {"id": "1", "sku": "A", "name": "Alpha"}, "2": {"id": "2", "sku": "", "name": "?"}})

    with django_capture_on_commit_callbacks(execute=True):
        started = data_of(start_import(gql, storefront))["startSalesChannelImport"]

    assert started == {
        "id": started["id"],
        "kind": "products",
        "status": "pending",
        "updateOnly": False,
        "dryRun": False,
    }
    result = data_of(
        gql.execute(
            f"{{ importProcess(pk: {started['id']}) {{ status percentage createdCount failedCount "
            "itemErrors { identifier } } }"
        )
    )["importProcess"]
    assert result == {
        "status": "succeeded",
        "percentage": 100,
        "createdCount": 1,
        "failedCount": 1,
        "itemErrors": [{"identifier": "2"}],
    }
    assert list(Product.objects.values_list("sku", flat=True)) == ["A"]


def test_start_import_keeps_the_modes(gql, storefront):
    started = data_of(start_import(gql, storefront, update_only=True, dry_run=True))["startSalesChannelImport"]

    process = ImportProcess.objects.get(pk=started["id"])
    assert (process.update_only, process.dry_run, process.status) == (True, True, "pending")


def test_start_import_of_an_unknown_kind_is_refused(gql, storefront):
    message = error_of(start_import(gql, storefront, kind="orders"))

    assert message == "Integration 'fake_storefront' cannot import 'orders' (it imports: products)."
    assert not ImportProcess.objects.exists()


# -- connection and metadata ----------------------------------------------------------------------

TEST_CONNECTION = (
    "mutation($id: ID!) { testSalesChannelConnection(channelId: $id) { connectionStatus lastConnectionError } }"
)


def test_connection_test_marks_the_channel_connected(gql, storefront, remote, connection_step):
    SalesChannel.objects.filter(pk=storefront.pk).update(connection_status="failed", last_connection_error="old")

    row = data_of(gql.execute(TEST_CONNECTION, {"id": str(storefront.pk)}))["testSalesChannelConnection"]

    assert row == {"connectionStatus": "connected", "lastConnectionError": ""}
    assert remote.calls["list_views"] == 1


def test_a_failed_connection_test_is_stored_on_the_channel(gql, storefront, remote, connection_step):
    remote.inject(AUTH)

    row = data_of(gql.execute(TEST_CONNECTION, {"id": str(storefront.pk)}))["testSalesChannelConnection"]

    explained = "Fake storefront refused the token (HTTP 401 from the fake vendor): reconnect the channel."
    assert row == {"connectionStatus": "failed", "lastConnectionError": explained}
    storefront.refresh_from_db()
    assert storefront.connection_status == "failed"


def test_connection_test_without_a_registered_step_is_a_clear_error(gql, storefront):
    message = error_of(gql.execute(TEST_CONNECTION, {"id": str(storefront.pk)}))

    assert message == "Integration 'fake_storefront' cannot test a connection yet."


PULL = "mutation($id: ID!) { pullSalesChannelMetadata(channelId: $id) { pulls salesChannel { views { remoteId } } } }"


def test_pull_metadata_runs_the_integrations_pulls(gql, storefront, remote, views_pull):
    remote.views = [{"id": "web", "name": "Web"}, {"id": "eu", "name": "Europe"}]

    result = data_of(gql.execute(PULL, {"id": str(storefront.pk)}))["pullSalesChannelMetadata"]

    assert result["pulls"] == 1
    assert sorted(view["remoteId"] for view in result["salesChannel"]["views"]) == ["b2b", "eu", "web"]
    assert not storefront.views.get(remote_id="b2b").active


def test_pull_metadata_without_a_puller_is_a_clear_error(gql, storefront):
    message = error_of(gql.execute(PULL, {"id": str(storefront.pk)}))

    assert message == "Integration 'fake_storefront' pulls no metadata."


def test_actions_need_a_logged_in_user(client, storefront):
    response = client.post(
        "/graphql/",
        data={"query": f"mutation {{ resyncProducts(channelId: {storefront.pk}) {{ queued }} }}"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "Authentication required: log in first."
