"""The task runner: claiming, failure classification, retries, deferral and the due-task dispatcher."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from sales_channels import tasks
from sales_channels.exceptions import InvalidVendorPayload, MappingMissing, RateLimited, VendorValidationError
from sales_channels.flows import default as flows
from sales_channels.models import MirrorStatus, RemoteProduct, SyncTask
from sales_channels.registry import IntegrationSpec, get_spec, register
from sales_channels.tasks import claim, classify, dispatch_due, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.fake.remote import AUTH, MALFORMED, RATE_LIMIT, SERVER_ERROR, TIMEOUT

pytestmark = pytest.mark.django_db


@pytest.fixture
def pen(company, eur):
    return catalog.product(company, "PEN", price="1.00", stock=2)


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def run_again(task: SyncTask, *, at=None) -> SyncTask:
    """What dispatch_due + a worker do once the task is due."""
    [task] = execute_sync_tasks(sync_task_ids=[task.pk], now=at or later(10_000))
    return task


def test_rate_limited_defers_until_retry_after_without_burning_an_attempt(storefront, remote, pen, push):
    remote.inject(RATE_LIMIT, operation="create_product", retry_after=120)

    task = push(storefront, pen)

    assert (task.status, task.error_kind, task.attempts) == ("deferred", "rate_limited", 0)
    assert later(100) < task.next_run_at < later(130)
    assert execute_sync_tasks(sync_task_ids=[task.pk]) == []  # not due yet: not claimed
    assert run_again(task, at=later(121)).outcome == "created"


def test_server_errors_retry_with_backoff_then_fail_visibly(storefront, remote, pen, push):
    remote.inject(SERVER_ERROR, operation="create_product", times=99)

    task = push(storefront, pen)
    delays = [task.next_run_at]
    while task.status == "deferred":
        task = run_again(task)
        delays.append(task.next_run_at)

    assert (task.status, task.error_kind, task.attempts) == ("failed", "transient", task.max_attempts)
    assert "HTTP 500" in task.error
    assert remote.calls["create_product"] == task.max_attempts
    gaps = [(b - a).total_seconds() for a, b in zip(delays, delays[1:-1], strict=False)]
    assert all(gap > 0 for gap in gaps)  # exponential: each wait longer than the last
    mirror = RemoteProduct.objects.get(local_instance=pen)
    assert mirror.status == MirrorStatus.FAILED
    assert "HTTP 500" in mirror.last_error


def test_a_transient_failure_then_success_succeeds(storefront, remote, pen, push):
    remote.inject(TIMEOUT, operation="create_product")

    task = push(storefront, pen)
    assert (task.status, task.error_kind, task.attempts) == ("deferred", "transient", 1)
    assert "ReadTimeout" in task.error

    task = run_again(task)
    assert (task.status, task.outcome, task.attempts) == ("succeeded", "created", 2)
    assert remote.skus() == ["PEN"]


def test_expired_auth_refreshes_once_and_retries_at_once(storefront, remote, pen, push):
    remote.inject(AUTH, operation="find_product")

    task = push(storefront, pen)

    assert (task.status, task.outcome) == ("succeeded", "created")
    assert remote.refreshes == 1


def test_a_failing_refresh_fails_the_task(storefront, remote, pen, push, fake_backend):
    fake_backend.refresh_fails = True
    remote.inject(AUTH, operation="find_product")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("failed", "auth")


def test_a_malformed_vendor_answer_is_an_invalid_payload_on_the_mirror(storefront, remote, pen, push):
    remote.inject(MALFORMED, operation="create_product")

    task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("failed", "invalid_payload")
    mirror = RemoteProduct.objects.get(local_instance=pen)
    assert mirror.status == MirrorStatus.FAILED
    assert "Invalid vendor payload" in mirror.last_error
    assert mirror.remote_id == ""


def test_an_unexpected_error_fails_with_a_readable_message_and_keeps_its_traceback_for_developers(
    storefront, remote, pen, push, monkeypatch, caplog
):
    def broken(self, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("sales_channels.tests.fake.client.FakeClient.create_product", broken)

    with caplog.at_level(logging.ERROR, logger="sales_channels.tasks"):
        task = push(storefront, pen)

    assert (task.status, task.error_kind) == ("failed", "unexpected")
    assert "unexpected internal error" in task.error
    assert "Traceback" not in task.error
    assert "ZeroDivisionError" not in task.error
    assert "ZeroDivisionError: boom" in task.error_debug
    assert "Traceback" in task.error_debug
    mirror = RemoteProduct.objects.get(local_instance=pen)
    assert (mirror.status, mirror.last_error) == (MirrorStatus.FAILED, task.error)
    assert any("failed" in record.message and record.exc_info for record in caplog.records)


def test_a_usage_the_integration_does_not_register_fails_as_configuration(storefront, pen, push):
    task = push(storefront, pen, usage="order.ship")

    assert (task.status, task.error_kind) == ("failed", "configuration")
    assert "order.ship" in task.error


def test_spec_non_retryable_errors_fail_at_once(storefront, pen, push, fake_backend):
    spec = get_spec(storefront.integration)
    register(IntegrationSpec(**{**spec.__dict__, "non_retryable": (LookupError,)}))
    try:
        assert classify(KeyError("x"), spec=get_spec(storefront.integration)).retry == "never"
    finally:
        register(spec)


@pytest.mark.parametrize(
    ("error", "kind", "retry"),
    [
        (RateLimited(5), "rate_limited", "free"),
        (VendorValidationError(["bad"]), "validation", "never"),
        (MappingMissing(["x"]), "mapping", "never"),
        (InvalidVendorPayload("bad"), "invalid_payload", "never"),
        (ValueError("?"), "unexpected", "never"),
    ],
)
def test_classification_table(error, kind, retry):
    decision = classify(error)
    assert (decision.kind, decision.retry) == (kind, retry)


def test_a_task_is_claimed_once(storefront, pen):
    task = SyncTask.objects.create(
        multi_tenant_company=storefront.multi_tenant_company,
        sales_channel=storefront,
        usage="product.sync",
        object_id=pen.pk,
    )

    assert [t.pk for t in claim(sync_task_ids=[task.pk])] == [task.pk]
    assert claim(sync_task_ids=[task.pk]) == []


def test_a_task_whose_company_does_not_own_the_channel_is_refused(storefront, pen, other_company, remote):
    task = SyncTask.objects.create(
        multi_tenant_company=other_company, sales_channel=storefront, usage="product.sync", object_id=pen.pk
    )

    [task] = execute_sync_tasks(sync_task_ids=[task.pk])

    assert (task.status, task.error_kind) == ("failed", "tenancy")
    assert remote.total_calls == 0


def test_a_task_never_pushes_another_companys_product(storefront, other_company, remote, push):
    foreign = catalog.product(other_company, "FOREIGN")

    task = push(storefront, foreign)

    assert task.outcome == "skipped"
    assert remote.total_calls == 0


def test_dispatch_enqueues_due_deferred_tasks_and_revives_crashed_ones(
    storefront, remote, pen, push, django_capture_on_commit_callbacks
):
    remote.inject(RATE_LIMIT, operation="create_product", retry_after=60)
    deferred = push(storefront, pen)
    crashed = SyncTask.objects.create(
        multi_tenant_company=storefront.multi_tenant_company,
        sales_channel=storefront,
        usage="product.sync",
        object_id=catalog.product(storefront.multi_tenant_company, "INK").pk,
        status="running",
        started_at=timezone.now() - timedelta(hours=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_due() == 1  # only the crashed one is due now (the immediate queue runs it at enqueue)
    crashed.refresh_from_db()
    assert crashed.status == "succeeded"
    assert dispatch_due() == 0  # the deferred one is not due yet
    SyncTask.objects.filter(pk=deferred.pk).update(next_run_at=timezone.now() - timedelta(seconds=1))  # time passes
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch_due() == 1
    deferred.refresh_from_db()
    assert deferred.status == "succeeded"


def test_deferral_in_immediate_mode_does_not_loop(storefront, remote, pen, push):
    remote.inject(RATE_LIMIT, operation="create_product", retry_after=1, times=1000)

    task = push(storefront, pen)

    assert task.status == "deferred"
    assert remote.calls["create_product"] == 1


def test_with_a_real_queue_new_tasks_are_debounced_and_retries_scheduled(
    storefront, remote, pen, monkeypatch, django_capture_on_commit_callbacks
):
    scheduled = []
    monkeypatch.setattr(tasks, "queue_is_immediate", lambda: False)
    monkeypatch.setattr(tasks.run_sync_batch, "schedule", lambda **kw: scheduled.append(("batch", kw)))
    monkeypatch.setattr(tasks.run_sync_task, "schedule", lambda **kw: scheduled.append(("task", kw)))

    flows.assign_products(view=storefront.views.first(), product_ids=[pen.pk], queue=False)
    with django_capture_on_commit_callbacks(execute=True):
        [task] = flows.resync_products(channel=storefront)
    assert task.next_run_at > timezone.now()  # debounced: later saves of this product collapse into it
    assert scheduled == [("batch", {"kwargs": {"sync_task_ids": [task.pk]}, "delay": 2.0})]

    remote.inject(RATE_LIMIT, operation="create_product", retry_after=45)
    with django_capture_on_commit_callbacks(execute=True):
        [task] = execute_sync_tasks(sync_task_ids=[task.pk], now=later(3))
    assert task.status == "deferred"
    assert scheduled[-1] == ("task", {"kwargs": {"sync_task_id": task.pk}, "delay": 45.0})
