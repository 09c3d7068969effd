"""A deferred task's listing reads why it waits: a RateLimited exception's own `waiting_note` when it has one."""

import pytest

from sales_channels import tasks_failures
from sales_channels.exceptions import RateLimited
from sales_channels.models import MirrorStatus, RemoteProduct, SyncTask
from sales_channels.tests.test_tasks_batch import batch_backend, products, queue, run, shop  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

NOTE = "The vendor allows 250 changes a day: this change waits until tomorrow."


class NotedLimit(RateLimited):
    """A deferral whose reason the merchant should read on the listing."""

    @property
    def waiting_note(self) -> str:
        return self.message


@pytest.fixture
def listed_task(shop, company):  # noqa: F811 - the fixture imported above
    [item] = products(company, 1)
    [task] = run(queue(shop, [item]))
    assert task.status == "succeeded"
    return SyncTask.objects.get(pk=task.pk)


def test_a_rate_limit_with_a_waiting_note_shows_it_on_the_listing(listed_task):
    delay = tasks_failures.handle_failure(listed_task, NotedLimit(3600, message=NOTE), spec=None)

    assert delay == 3600
    mirror = RemoteProduct.objects.get(local_instance_id=listed_task.object_id)
    assert mirror.status == MirrorStatus.WAITING
    assert mirror.last_error.startswith(f"waiting: {NOTE} (next try at ")
    listed_task.refresh_from_db()
    assert (listed_task.status, listed_task.error, listed_task.attempts) == ("deferred", NOTE, 0)


def test_a_plain_rate_limit_still_reads_throttled(listed_task):
    tasks_failures.handle_failure(listed_task, RateLimited(60, message="HTTP 429: retry after 60.00s."), spec=None)

    mirror = RemoteProduct.objects.get(local_instance_id=listed_task.object_id)
    assert mirror.last_error.startswith("waiting (throttled, next try at ")
