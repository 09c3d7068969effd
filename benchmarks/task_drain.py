"""Drain a channel's task queue as a worker would (Django configured): shared by the push benchmarks."""

import time

from django.utils import timezone

from sales_channels.models import RemoteJob, SyncTask, SyncTaskStatus
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import spec_for_channel
from sales_channels.tasks import dispatch_due, execute_sync_tasks


def drain(*, channel, progress=None, every: float = 30.0) -> None:
    """Run the due pending tasks in batches; when only deferred ones are left, wait for the earliest.

    `progress()`, when given, is called at most every `every` seconds (between batches)."""
    batch = spec_for_channel(channel).capabilities.max_batch_size
    pending = SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES)
    reported = time.perf_counter()

    def report() -> None:
        nonlocal reported
        if progress is not None and time.perf_counter() - reported >= every:
            reported = time.perf_counter()
            progress()

    awaiting = SyncTask.objects.filter(sales_channel=channel, status=SyncTaskStatus.AWAITING)
    jobs = RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES)
    while pending.exists() or awaiting.exists():
        report()
        now = timezone.now()
        due = list(pending.filter(next_run_at__isnull=True).order_by("id").values_list("pk", flat=True))
        due += list(pending.filter(next_run_at__lte=now).order_by("id").values_list("pk", flat=True))
        if not due:  # wait for the earliest deferred task or vendor job poll (a worker never sleeps: dispatch_due)
            times = [pending.order_by("next_run_at").values_list("next_run_at", flat=True).first()]
            times.append(jobs.order_by("next_poll_at").values_list("next_poll_at", flat=True).first())
            earliest = min((moment for moment in times if moment is not None), default=now)
            time.sleep(max(0.0, (earliest - timezone.now()).total_seconds()))
            dispatch_due(now=timezone.now())
            continue
        for start in range(0, len(due), batch):
            execute_sync_tasks(sync_task_ids=due[start : start + batch])
            report()
