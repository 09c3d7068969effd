"""Crash recovery: leases instead of a fixed age, heartbeats, remote results recorded first, imports resumed."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sales_channels import services, tasks_batch
from sales_channels.factories.base import StepContext
from sales_channels.models import ImportProcess, RemoteProduct, SyncTask
from sales_channels.models.tasks import lease_seconds
from sales_channels.tasks import claim, dispatch_due, execute_import, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.fake.steps import FakeProductsImport

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):  # noqa: N818 - what SIGKILL looks like from inside: nothing after it runs
    """Stands for SIGKILL: not an Exception, so nothing in the worker handles it."""


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


@pytest.fixture
def pen(company, eur):
    return catalog.product(company, "PEN", price="1.00", stock=2)


def new_task(channel, product) -> SyncTask:
    return SyncTask.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        usage="product.sync",
        object_id=product.pk,
    )


def test_the_lease_is_a_setting_of_a_few_minutes(settings):
    assert lease_seconds() == 180.0
    settings.SALES_CHANNELS_TASK_LEASE_SECONDS = 45
    assert lease_seconds() == 45.0


def test_a_claimed_task_holds_a_lease_and_a_stopped_worker_s_task_runs_again_after_it(
    storefront, remote, pen, django_capture_on_commit_callbacks
):
    task = new_task(storefront, pen)
    [claimed] = claim(sync_task_ids=[task.pk])  # the worker that claimed it is killed now
    assert later(lease_seconds() - 5) < claimed.lease_expires_at <= later(lease_seconds() + 1)

    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_due(now=later(lease_seconds() - 10)) == 0  # the lease still runs: not taken away
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_due(now=later(lease_seconds() + 5)) == 1  # minutes, not the old half hour

    task.refresh_from_db()
    assert (task.status, task.outcome) == ("succeeded", "created")


def test_the_heartbeat_renews_the_lease_of_a_long_batch(storefront, pen, monkeypatch):
    [task] = claim(sync_task_ids=[new_task(storefront, pen).pk])
    SyncTask.objects.filter(pk=task.pk).update(lease_expires_at=later(5))
    heartbeat = tasks_batch.Heartbeat(tokens=[task.claim_token])

    heartbeat.beat()  # just started: no write
    task.refresh_from_db()
    assert task.lease_expires_at < later(6)

    clock = tasks_batch.time.monotonic() + lease_seconds()
    monkeypatch.setattr(tasks_batch.time, "monotonic", lambda: clock)
    heartbeat.beat()
    task.refresh_from_db()
    assert task.lease_expires_at > later(lease_seconds() - 5)


def test_a_worker_killed_after_the_vendor_answered_leaves_a_rerun_that_binds_instead_of_redoing(
    storefront, remote, pen, monkeypatch, django_capture_on_commit_callbacks
):
    task = new_task(storefront, pen)

    def killed(tasks):
        raise WorkerKilled

    monkeypatch.setattr(tasks_batch, "save_succeeded", killed)
    with pytest.raises(WorkerKilled):
        execute_sync_tasks(sync_task_ids=[task.pk])
    monkeypatch.undo()
    task.refresh_from_db()
    assert task.status == "running"
    mirror = RemoteProduct.objects.get(local_instance=pen)
    assert (mirror.status, mirror.remote_id) == ("synced", "1")  # recorded before anything else
    calls = remote.total_calls

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(now=later(lease_seconds() + 5))

    task.refresh_from_db()
    assert (task.status, task.outcome) == ("succeeded", "unchanged")
    assert remote.total_calls == calls
    assert remote.skus() == ["PEN"]


def test_an_image_uploaded_in_a_batch_is_recorded_before_the_batch_ends(
    storefront, remote, company, eur, monkeypatch, django_capture_on_commit_callbacks
):
    item = catalog.product(company, "IMG1", price="1.00")
    catalog.image(company, item, url="https://img.example.com/1.png", main=True)
    task = new_task(storefront, item)

    def killed(self):
        raise WorkerKilled

    monkeypatch.setattr(StepContext, "flush", killed)  # killed at the end of the batch
    monkeypatch.setattr(tasks_batch, "save_succeeded", killed)
    with pytest.raises(WorkerKilled):
        execute_sync_tasks(sync_task_ids=[task.pk])
    monkeypatch.undo()
    assert len(remote.images) == 1

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(now=later(lease_seconds() + 5))

    task.refresh_from_db()
    assert task.status == "succeeded"  # "updated": the id-less price and stock were harmlessly pushed again
    assert len(remote.images) == 1  # the rerun bound the uploaded image instead of uploading it again


# -- imports --------------------------------------------------------------------------------------


def new_import(channel) -> ImportProcess:
    return ImportProcess.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, kind="products"
    )


@pytest.fixture
def catalog_of_five(remote):
    remote.products.update({str(n): {"id": str(n), "sku": f"R{n}", "name": f"Remote {n}"} for n in range(1, 6)})


def kill_after_first_page(monkeypatch):
    original = FakeProductsImport.fetch_page
    pages = []

    def fetch(self, *, cursor):
        if pages:
            raise WorkerKilled
        pages.append(cursor)
        return original(self, cursor=cursor)

    monkeypatch.setattr(FakeProductsImport, "fetch_page", fetch)


def test_a_killed_import_resumes_from_its_cursor_by_itself(
    storefront, remote, catalog_of_five, monkeypatch, django_capture_on_commit_callbacks
):
    process = new_import(storefront)
    kill_after_first_page(monkeypatch)
    with pytest.raises(WorkerKilled):
        execute_import(import_process_id=process.pk)
    monkeypatch.undo()
    process.refresh_from_db()
    assert (process.status, process.cursor, process.created_count) == ("running", {"offset": 2}, 2)
    assert process.lease_expires_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(now=later(10))  # its lease still runs
    process.refresh_from_db()
    assert process.status == "running"
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_due(now=later(lease_seconds() + 5))

    process.refresh_from_db()
    assert (process.status, process.created_count, process.processed) == ("succeeded", 5, 5)
    assert remote.calls["list_products"] == 1 + 2  # the first page was not fetched again


def test_resume_service_refuses_a_live_or_finished_import(storefront, catalog_of_five):
    process = new_import(storefront)
    ImportProcess.objects.filter(pk=process.pk).update(status="running", lease_expires_at=later(60))
    process.refresh_from_db()
    with pytest.raises(services.ChannelActionError, match="still running"):
        services.resume_import(process=process)
    ImportProcess.objects.filter(pk=process.pk).update(status="succeeded")
    process.refresh_from_db()
    with pytest.raises(services.ChannelActionError, match="only failed or stopped imports resume"):
        services.resume_import(process=process)


def test_resume_import_mutation_resumes_a_failed_import_of_the_company_only(
    gql, other_gql, storefront, remote, catalog_of_five, django_capture_on_commit_callbacks
):
    process = new_import(storefront)
    ImportProcess.objects.filter(pk=process.pk).update(
        status="failed", cursor={"offset": 2}, processed=2, error="HTTP 500"
    )
    query = "mutation($id: ID!) { resumeImport(id: $id) { id status createdCount } }"

    refused = other_gql.execute(query, variables={"id": process.pk})
    assert refused["errors"][0]["message"] == f"Import process with id {process.pk} was not found."
    process.refresh_from_db()
    assert process.status == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        result = gql.execute(query, variables={"id": process.pk})
    assert not result.get("errors"), result
    process.refresh_from_db()
    assert (process.status, process.created_count, process.error) == ("succeeded", 3, "")


def test_sales_channel_import_resume_command(storefront, remote, catalog_of_five, django_capture_on_commit_callbacks):
    process = new_import(storefront)
    ImportProcess.objects.filter(pk=process.pk).update(status="failed", cursor={"offset": 4}, processed=4)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sales_channel_import", "--resume", str(process.pk), stdout=out, stderr=StringIO())

    assert f"Import #{process.pk} of products resumed from its cursor" in out.getvalue()
    process.refresh_from_db()
    assert (process.status, process.created_count) == ("succeeded", 1)
    with pytest.raises(CommandError, match="was not found"):
        call_command("sales_channel_import", "--resume", str(process.pk), "--company", "Other Co", stdout=out)


def test_admin_action_resumes_the_selected_imports(client, user, storefront, remote, catalog_of_five):
    client.force_login(user)
    process = new_import(storefront)
    ImportProcess.objects.filter(pk=process.pk).update(status="failed", cursor={"offset": 2}, processed=2)

    response = client.post(
        "/admin/sales_channels/importprocess/",
        {"action": "resume_imports", "_selected_action": [process.pk]},
        follow=True,
    )

    assert response.status_code == 200
    process.refresh_from_db()
    assert process.status in ("pending", "succeeded")
    assert process.next_run_at is not None or process.status == "succeeded"
