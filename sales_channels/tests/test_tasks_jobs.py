"""Asynchronous vendor jobs: submitted by a batch, polled by deferral, reports mapped back per listing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sales_channels import tasks_jobs
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.models import MirrorStatus, RemoteJob, RemoteProduct, SyncTask
from sales_channels.models.tasks import lease_seconds
from sales_channels.tasks import dispatch_due, execute_job_poll, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory, SalesChannelViewFactory
from sales_channels.tests.fake.batch_spec import (
    BATCH_JOBS,
    FakeBatchBackend,
    register_fake_batch,
    unregister_fake_batch,
)
from sales_channels.tests.fake.remote import SERVER_ERROR

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):  # noqa: N818 - what SIGKILL looks like from inside: nothing after it runs
    """Stands for SIGKILL: not an Exception, so nothing in the worker handles it."""


@pytest.fixture
def backend():
    backend = FakeBatchBackend()
    register_fake_batch(backend)
    yield backend
    unregister_fake_batch()


@pytest.fixture
def shop(company, backend, eur):
    channel = SalesChannelFactory(multi_tenant_company=company, name="Job shop", integration=BATCH_JOBS)
    SalesChannelViewFactory(multi_tenant_company=company, sales_channel=channel, remote_id="web", is_default=True)
    return channel


@pytest.fixture
def vendor(backend, shop):
    return backend.remote(shop)


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def push(shop, items) -> list[SyncTask]:
    requests = [
        TaskRequest(
            company_id=shop.multi_tenant_company_id,
            sales_channel_id=shop.pk,
            view_id=None,
            usage="product.sync",
            object_id=item.pk,
        )
        for item in items
    ]
    tasks = queue_tasks(requests, enqueue=False)
    execute_sync_tasks(sync_task_ids=[t.pk for t in tasks])
    return reloaded(tasks)


def reloaded(tasks) -> list[SyncTask]:
    return list(SyncTask.objects.filter(pk__in=[t.pk for t in tasks]).order_by("id"))


def poll_until_done(job: RemoteJob, *, start: float = 10) -> RemoteJob:
    at = start
    for _ in range(10):
        execute_job_poll(job_id=job.pk, now=later(at))
        job.refresh_from_db()
        if not job.is_open:
            return job
        at += 600
    raise AssertionError("the job never finished")


@pytest.fixture
def items(company):
    return [catalog.product(company, f"J{n}", price="2.00", stock=1) for n in range(4)]


def test_a_batch_accepted_as_a_job_waits_then_the_report_finishes_every_task(shop, vendor, items):
    tasks = push(shop, items)

    assert {t.status for t in tasks} == {"awaiting"}
    [job] = RemoteJob.objects.filter(sales_channel=shop)
    assert (job.kind, job.status, sorted(job.sync_task_ids)) == ("products_job", "submitted", [t.pk for t in tasks])
    assert vendor.calls == {"submit_job": 1}
    assert execute_job_poll(job_id=job.pk) is None  # not due yet: nobody sleeps, nobody polls early

    execute_job_poll(job_id=job.pk, now=later(11))
    job.refresh_from_db()
    assert (job.status, {t.status for t in reloaded(tasks)}) == ("running", {"awaiting"})
    job = poll_until_done(job, start=20)

    assert job.status == "completed"
    assert [t.outcome for t in reloaded(tasks)] == ["created"] * 4
    mirrors = RemoteProduct.objects.filter(sales_channel=shop)
    assert {m.status for m in mirrors} == {MirrorStatus.SYNCED}
    assert {m.remote_id for m in mirrors} == set(vendor.products)
    assert vendor.calls == {"submit_job": 1, "job_status": 2}  # the final status answer carries the report


def test_an_item_the_report_rejects_is_a_failed_task_with_the_vendors_message(shop, vendor, items):
    vendor.reject["J2"] = "Attribute 'colour' is required for this category."
    tasks = push(shop, items)

    poll_until_done(RemoteJob.objects.get(sales_channel=shop))

    tasks = reloaded(tasks)
    assert [t.status for t in tasks] == ["succeeded", "succeeded", "failed", "succeeded"]
    assert tasks[2].error == "Attribute 'colour' is required for this category."
    assert tasks[2].error_kind == "validation"
    mirror = RemoteProduct.objects.get(local_instance=items[2])
    assert (mirror.status, mirror.last_error) == (MirrorStatus.FAILED, tasks[2].error)


def test_a_worker_killed_between_accepted_and_report_read_loses_nothing(shop, vendor, items, monkeypatch):
    tasks = push(shop, items)
    job = RemoteJob.objects.get(sales_channel=shop)
    execute_job_poll(job_id=job.pk, now=later(11))  # running

    def killed(job, report, *, spec):
        raise WorkerKilled

    monkeypatch.setattr(tasks_jobs, "apply_report", killed)
    with pytest.raises(WorkerKilled):
        execute_job_poll(job_id=job.pk, now=later(700))
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.is_open
    assert {t.status for t in reloaded(tasks)} == {"awaiting"}
    assert execute_job_poll(job_id=job.pk, now=later(701)) is None  # its lease still runs

    assert dispatch_due(now=later(700 + lease_seconds() + 5)) == 0
    job = poll_until_done(job, start=700 + lease_seconds() + 5)

    assert job.status == "completed"
    assert [t.outcome for t in reloaded(tasks)] == ["created"] * 4
    assert len(vendor.products) == 4
    assert vendor.calls["submit_job"] == 1


def test_a_failing_poll_is_retried_later_and_a_job_the_vendor_fails_fails_its_tasks(shop, vendor, items, monkeypatch):
    tasks = push(shop, items)
    job = RemoteJob.objects.get(sales_channel=shop)
    vendor.inject(SERVER_ERROR, operation="job_status")

    execute_job_poll(job_id=job.pk, now=later(11))
    job.refresh_from_db()
    assert job.is_open
    assert job.next_poll_at > later(11)
    assert "HTTP 500" in job.error

    monkeypatch.setattr(vendor, "status_of", lambda job_id: "failed")
    poll_until_done(job, start=10_000)
    tasks = reloaded(tasks)
    assert {t.status for t in tasks} == {"failed"}
    assert tasks[0].error == "The vendor could not process the job."
    assert RemoteProduct.objects.get(local_instance=items[0]).status == MirrorStatus.FAILED


def test_with_a_real_queue_the_next_poll_is_scheduled_not_slept(
    shop, vendor, items, monkeypatch, django_capture_on_commit_callbacks
):
    scheduled = []
    monkeypatch.setattr(tasks_jobs, "queue_is_immediate", lambda: False)
    monkeypatch.setattr(tasks_jobs.poll_remote_job, "schedule", lambda **kw: scheduled.append(kw))

    with django_capture_on_commit_callbacks(execute=True):
        push(shop, items)
    job = RemoteJob.objects.get(sales_channel=shop)
    with django_capture_on_commit_callbacks(execute=True):
        execute_job_poll(job_id=job.pk, now=later(11))

    assert len(scheduled) == 2  # after the submission, then after the "running" answer
    assert all(entry["kwargs"] == {"job_id": job.pk} for entry in scheduled)
    assert 0 < scheduled[-1]["delay"] <= 5


def test_a_new_job_numbered_like_a_finished_one_still_finishes_its_tasks(shop, vendor, items, monkeypatch):
    first = push(shop, items[:2])
    [job] = RemoteJob.objects.filter(sales_channel=shop)
    poll_until_done(job)
    assert {t.status for t in reloaded(first)} == {"succeeded"}
    reused_id = job.remote_id
    submit = type(vendor).submit

    def restarted_numbering(self, items):  # a vendor reset (a restarted sandbox) numbers from the start again
        submit(self, items)
        self.jobs[reused_id] = self.jobs.popitem()[1]
        return reused_id

    monkeypatch.setattr(type(vendor), "submit", restarted_numbering)

    second = push(shop, items[2:])

    [job] = RemoteJob.objects.filter(sales_channel=shop)
    assert (job.status, job.attempts, sorted(job.sync_task_ids)) == ("submitted", 0, [t.pk for t in second])
    job = poll_until_done(job)
    assert job.status == "completed"
    assert {t.status for t in reloaded(second)} == {"succeeded"}  # not left awaiting a job nobody polls
    assert RemoteProduct.objects.filter(sales_channel=shop, status=MirrorStatus.SYNCED).count() == 4
