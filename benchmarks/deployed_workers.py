"""Who runs a push benchmark's tasks (Django configured): this process (embedded) or Huey worker processes.

`TaskRunner(args=...)` follows the benchmark's `--deployed` option (`benchmarks/deployed.py`):

- embedded: tasks are queued without a queue message and the script's own drain runs them here,
  exactly as before the deployed mode existed;
- deployed: `--workers` consumer processes (`manage.py run_huey`, the soak's `Workers`) start on
  the Redis-backed queue; tasks are queued with their queue messages, the workers run them (retries
  and vendor-job polls are scheduled with Huey's delay, the periodic `dispatch_due_tasks` sweeps the
  rest each minute) and the benchmark only watches the database until the channel has nothing open.
"""

import argparse
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import redis
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from benchmarks.soak_scenario import Workers
from OneSila.huey import huey
from sales_channels.flows.queue import TaskRequest, queue_tasks
from sales_channels.models import RemoteJob, SyncTask, ThrottleBucket
from sales_channels.models.jobs import OPEN_JOB_STATUSES
from sales_channels.throttle import REDIS_COSTS_PREFIX, REDIS_KEY_PREFIX, redis_url

ROOT = Path(__file__).resolve().parent.parent
TERMINAL = ("succeeded", "failed", "cancelled")
STALL_SECONDS = 600.0  # no task or job finished for this long: the run stops and says so
WATCH_SECONDS = 0.5
START_SECONDS = 180.0
STARTED_LINE = "Huey consumer started"


class WorkersStalled(SystemExit):
    """The workers did not start, stopped finishing tasks or all died: the run ends with this message (exit 1).

    A SystemExit, so the script prints the message without a traceback, after its `with` blocks
    stopped the workers and the sandbox.
    """


class TaskRunner:
    """Runs a channel's queued tasks: in this process (embedded) or with Huey worker processes (`--deployed`)."""

    def __init__(self, *, args: argparse.Namespace, name: str) -> None:
        self.deployed = bool(getattr(args, "deployed", False))
        self.workers = int(getattr(args, "workers", 0))
        self.threads = int(getattr(args, "threads", 0))
        self.log_dir = ROOT / "var" / f"benchmark-{name}"
        self._processes: Workers | None = None
        self._since: datetime | None = None

    def __enter__(self) -> "TaskRunner":
        if self.deployed:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            for old_log in self.log_dir.glob("worker-*.log"):
                old_log.unlink()
            huey.flush()
            self._processes = Workers(env=dict(os.environ), threads=self.threads, log_dir=self.log_dir)
            try:
                for _ in range(self.workers):
                    self._processes.start()
                self._wait_until_started()
            except BaseException:
                self.__exit__()
                raise
        return self

    def _wait_until_started(self) -> None:
        """Until every consumer says it started (a deployed worker is up before tasks arrive: not timed)."""
        deadline = time.monotonic() + START_SECONDS
        logs = [self.log_dir / f"worker-{index}.log" for index in range(self.workers)]
        while not all(log.exists() and STARTED_LINE in log.read_text(errors="replace") for log in logs):
            self._check_workers(stalled_for=0.0)
            if time.monotonic() > deadline:
                raise WorkersStalled(f"The workers did not start within {START_SECONDS:.0f}s; see {self.log_dir}.")
            time.sleep(WATCH_SECONDS)

    def __exit__(self, *exc_info: object) -> None:
        if self._processes is not None:
            self._processes.stop()
            self._processes = None

    def describe(self) -> str:
        """One line: where the tasks run."""
        if not self.deployed:
            return f"mode: embedded ({connection.vendor} database, tasks run in this process)"
        database = connection.settings_dict["NAME"]
        return (
            f"mode: deployed ({connection.vendor} database {database}, Redis-backed Huey on {redis_url()}, "
            f"{self.workers} worker processes x {self.threads} thread(s); worker logs in {self.log_dir})"
        )

    def queue(self, requests: Iterable[TaskRequest]) -> list[SyncTask]:
        """Queue the tasks: with their queue messages when workers run them, else for the script's drain."""
        return queue_tasks(requests, enqueue=self.deployed)

    def run(
        self,
        *,
        channel,
        embedded: Callable[[], None],
        progress: Callable[[], None] | None = None,
        every: float = 30.0,
    ) -> None:
        """Until the channel has no open task or vendor job: `embedded()` here, or watch the workers do it."""
        if not self.deployed:
            embedded()
            return
        self._since = timezone.now()
        open_tasks = SyncTask.objects.filter(sales_channel=channel).exclude(status__in=TERMINAL)
        open_jobs = RemoteJob.objects.filter(sales_channel=channel, status__in=OPEN_JOB_STATUSES)
        finished = SyncTask.objects.filter(sales_channel=channel, status__in=TERMINAL)
        reported = changed = time.monotonic()
        last = (-1, -1)
        while open_tasks.exists() or open_jobs.exists():
            now = time.monotonic()
            state = (
                finished.count(),
                RemoteJob.objects.filter(sales_channel=channel).exclude(status__in=OPEN_JOB_STATUSES).count(),
            )
            if state != last:
                last, changed = state, now
            self._check_workers(stalled_for=now - changed)
            if progress is not None and now - reported >= every:
                reported = now
                progress()
            time.sleep(WATCH_SECONDS)

    def busy_seconds(self, *, channel) -> float | None:
        """Deployed: seconds from the first task a worker claimed to the last one finished in the last `run`.

        The wall time also holds the queue's debounce (2 s) and the pick-up of the first message.
        """
        if not self.deployed or self._since is None:
            return None
        span = SyncTask.objects.filter(sales_channel=channel, finished_at__gte=self._since).aggregate(
            first=Min("started_at"), last=Max("finished_at")
        )
        if span["first"] is None or span["last"] is None:
            return None
        return (span["last"] - max(span["first"], self._since)).total_seconds()

    def _check_workers(self, *, stalled_for: float) -> None:
        processes = self._processes.processes if self._processes is not None else []
        if processes and all(process.poll() is not None for process in processes):
            raise WorkersStalled(f"Every worker process exited; their logs are in {self.log_dir}.")
        if stalled_for > STALL_SECONDS:
            raise WorkersStalled(
                f"No task or vendor job finished for {STALL_SECONDS:.0f}s; the worker logs are in {self.log_dir}."
            )


def reset_throttle(*, key: str) -> None:
    """Forget a channel's shared rate budget and learnt costs (database row and Redis keys)."""
    ThrottleBucket.objects.filter(key=key).delete()
    url = redis_url()
    if url:
        redis.Redis.from_url(url).delete(REDIS_KEY_PREFIX + key, REDIS_COSTS_PREFIX + key)
