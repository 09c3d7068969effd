"""Truthful status: deferred is "waiting", failures reach the mirror, merchant text apart from developer detail."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from sales_channels.models import MirrorStatus, RemoteProduct, SyncTask
from sales_channels.tasks import claim, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.fake.remote import RATE_LIMIT, SERVER_ERROR

pytestmark = pytest.mark.django_db


@pytest.fixture
def pen(company, eur):
    return catalog.product(company, "PEN", price="1.00", stock=2)


def mirror_of(product) -> RemoteProduct:
    return RemoteProduct.objects.get(local_instance=product)


def test_a_throttled_listing_is_waiting_with_its_next_try_not_failed(storefront, remote, pen, push):
    remote.inject(RATE_LIMIT, operation="create_product", retry_after=90)

    task = push(storefront, pen)

    mirror = mirror_of(pen)
    assert task.status == "deferred"
    assert mirror.status == MirrorStatus.WAITING
    assert mirror.last_error.startswith("waiting (throttled, next try at ")
    assert f"{task.next_run_at.astimezone():%H:%M:%S}" in mirror.last_error


def test_a_transient_failure_waits_then_a_final_failure_marks_the_mirror_failed(storefront, remote, pen, push):
    remote.inject(SERVER_ERROR, operation="create_product", times=99)

    task = push(storefront, pen)
    assert mirror_of(pen).last_error.startswith("waiting (retrying after a temporary vendor error, next try at ")
    while task.status == "deferred":
        SyncTask.objects.filter(pk=task.pk).update(next_run_at=None)
        [task] = execute_sync_tasks(sync_task_ids=[task.pk])

    mirror = mirror_of(pen)
    assert task.status == "failed"
    assert (mirror.status, mirror.last_error) == (MirrorStatus.FAILED, task.error)


def test_a_new_attempt_starts_without_the_last_attempts_error(storefront, remote, pen, push):
    remote.inject(SERVER_ERROR, operation="create_product")
    task = push(storefront, pen)
    assert "HTTP 500" in task.error
    SyncTask.objects.filter(pk=task.pk).update(next_run_at=None)

    [running] = claim(sync_task_ids=[task.pk])

    assert (running.status, running.error, running.error_kind, running.error_debug) == ("running", "", "", "")


def test_a_database_conflict_fails_with_a_readable_message_and_marks_the_mirror(
    storefront, remote, pen, push, monkeypatch
):
    push(storefront, pen)  # the mirror exists and is synced

    def conflict(self, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "remote_product_remote_unique"')

    monkeypatch.setattr("sales_channels.tests.fake.client.FakeClient.update_product", conflict)
    pen.translations.filter(language="en").update(name="Renamed pen")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("failed", "unexpected")
    assert "unique constraint" not in task.error
    assert "conflicts with data already stored" in task.error
    assert "IntegrityError" in task.error_debug
    mirror = mirror_of(pen)
    assert (mirror.status, mirror.last_error) == (MirrorStatus.FAILED, task.error)


def test_a_configuration_failure_marks_the_listing_mirror_failed(storefront, remote, pen, push):
    push(storefront, pen)
    storefront.integration = "uninstalled_vendor"
    storefront.save()

    task = push(storefront, pen)

    assert task.error_kind == "configuration"
    assert "uninstalled_vendor" in task.error
    assert "Traceback" not in task.error
    assert "UnknownIntegration" in task.error_debug
    assert mirror_of(pen).status == MirrorStatus.FAILED


def test_error_debug_is_never_a_graphql_field(gql):
    result = gql.execute('{ __type(name: "SyncTaskType") { fields { name } } }')
    fields = {field["name"] for field in result["data"]["__type"]["fields"]}
    imports = gql.execute('{ __type(name: "ImportProcessType") { fields { name } } }')
    import_fields = {field["name"] for field in imports["data"]["__type"]["fields"]}

    assert "error" in fields
    assert "errorDebug" not in fields
    assert "errorDebug" not in import_fields


def test_error_debug_shows_in_the_admin_to_superusers_only(client, user, storefront, remote, pen, push, monkeypatch):
    def broken(self, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("sales_channels.tests.fake.client.FakeClient.create_product", broken)
    task = push(storefront, pen)
    page = reverse("admin:sales_channels_synctask_change", args=[task.pk])

    client.force_login(user)
    assert "ZeroDivisionError" not in client.get(page).content.decode()
    user.is_superuser = True
    user.save()
    assert "ZeroDivisionError" in client.get(page).content.decode()
