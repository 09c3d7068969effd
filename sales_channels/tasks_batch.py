"""Running one group of claimed tasks: through the usage's batch step, or one step per task.

Both paths share the rules: one task's failure is classified and stored on that task alone;
an AuthExpired refreshes the channel's credentials and runs what it stopped again (up to
`MAX_REFRESHES_PER_RUN` times: a token revoked again right after a refresh, or a fresh token of another
worker that was revoked meanwhile, is not a dead channel). Only a refused refresh (or refreshes that
worked on every attempt the task has) fails the task as "auth" and marks the channel for reconnecting;
otherwise the task is deferred like any transient failure. The
remote result is bound on each mirror as soon as the vendor answered (before tasks are saved),
so a worker killed afterwards leaves a rerun that binds ("unchanged") instead of redoing.
"""

import json
import time
from collections import defaultdict
from collections.abc import Callable

from django.utils import timezone

from sales_channels.exceptions import AuthExpired, TransientVendorError
from sales_channels.factories.base import StepContext
from sales_channels.factories.batch import AWAITING
from sales_channels.factories.clients import build_client
from sales_channels.factories.outcomes import StepOutcome, canonical_json
from sales_channels.models import SyncTask, SyncTaskStatus
from sales_channels.models.tasks import lease_deadline, lease_seconds
from sales_channels.tasks_failures import handle_failure, logger, mark_disconnected

Retry = Callable[[SyncTask, float | None], None]
MAX_REFRESHES_PER_RUN = 3


class Heartbeat:
    """Renews the lease of the claimed tasks while a worker runs them (at most every third of the lease)."""

    def __init__(self, *, tokens: list[str]) -> None:
        self.tokens = tokens
        self.renewed = time.monotonic()

    def beat(self) -> None:
        if time.monotonic() - self.renewed < lease_seconds() / 3:
            return
        SyncTask.objects.filter(claim_token__in=self.tokens, status=SyncTaskStatus.RUNNING).update(
            lease_expires_at=lease_deadline()
        )
        self.renewed = time.monotonic()


def summary(outcome: StepOutcome) -> dict | None:
    """What a task stores about its outcome: the kind of each part (remote ids live on the mirrors)."""
    if not outcome.children and not outcome.detail:
        return None
    parts = {child.detail or f"part {n}": child.kind for n, child in enumerate(outcome.children)}
    return {"detail": outcome.detail, "parts": parts} if outcome.detail else {"parts": parts}


def succeed(task: SyncTask, outcome: StepOutcome) -> None:
    """Set a task's success fields in memory (saved with its batch by `save_succeeded`)."""
    task.status = SyncTaskStatus.SUCCEEDED
    task.outcome = outcome.kind
    task.detail = summary(outcome)
    task.error = task.error_kind = task.error_debug = ""
    task.finished_at = task.updated_at = timezone.now()


def save_succeeded(tasks: list[SyncTask]) -> None:
    """One UPDATE per distinct result of the batch (a crash before it leaves them running: their lease expires)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for task in tasks:
        groups[canonical_json([task.outcome, task.detail])].append(task.pk)
    now = timezone.now()
    for key, ids in groups.items():
        outcome, detail = json.loads(key)
        SyncTask.objects.filter(pk__in=ids).update(
            status=SyncTaskStatus.SUCCEEDED,
            outcome=outcome,
            detail=detail,
            error="",
            error_debug="",
            error_kind="",
            lease_expires_at=None,
            finished_at=now,
            updated_at=now,
        )


def refresh_attempt(context: StepContext) -> Exception | None:
    """Refresh the channel's credentials and rebuild the client: None when it worked, else what stopped it.

    An `AuthExpired` is a refusal (or a spec that cannot refresh): the channel needs reconnecting.
    Anything else (a throttle wait, a 5xx or a timeout on the token endpoint) is classified like
    any other failure of the task, so a transient fault never disconnects a channel."""
    refresh = context.spec.refresh_credentials
    if refresh is None:
        return AuthExpired("The vendor refused the credentials and the integration cannot refresh them: reconnect.")
    try:
        refresh(channel=context.channel)
        context.client, context.session = build_client(
            spec=context.spec, channel=context.channel, sync_task_id=getattr(context.sync_task, "pk", None)
        )
    except Exception as error:  # noqa: BLE001 - returned to the caller, which classifies and stores it
        logger.warning("refreshing credentials of channel %s failed", context.channel.pk, exc_info=error)
        return error
    return None


def refresh_client(context: StepContext) -> bool:
    """Refresh the channel's credentials once and rebuild the client; False when that failed or the spec cannot."""
    return refresh_attempt(context) is None


def unresolved_auth(problem: Exception, *, task: SyncTask, refreshes: int) -> Exception:
    """The failure to classify when refreshing did not get a call through (`problem`: why).

    Every refresh worked (the credentials are good; the vendor revoked the new token again, or
    another worker's): transient while the task has attempts left. A refresh that failed on the
    way: its own error. Otherwise an `AuthExpired`: the channel needs reconnecting (the caller
    marks it) and the task fails as "auth", to be requeued when the channel reconnects."""
    if refreshes >= MAX_REFRESHES_PER_RUN and task.attempts < task.max_attempts:
        return TransientVendorError(f"The vendor refused {refreshes} freshly refreshed tokens in a row: {problem}")
    return problem


def run_single(
    tasks: list[SyncTask], *, context: StepContext, step_class: type, heartbeat: Heartbeat, retry: Retry
) -> None:
    """One step per task; the successes are saved together at the end."""
    succeeded: list[SyncTask] = []
    try:
        for task in tasks:
            if run_one(task, context=context, step_class=step_class, retry=retry):
                succeeded.append(task)
            record_created_parts(context)
            heartbeat.beat()
    finally:
        context.flush()
        save_succeeded(succeeded)


def record_created_parts(context: StepContext) -> None:
    """Write buffered part mirrors that carry a vendor id (an uploaded image) now, not with the batch.

    A worker killed later in the batch then leaves a rerun that binds them instead of creating them
    again; id-less parts (a price, a stock level) stay buffered: pushing them again is harmless.
    """
    if any(row.remote_id for rows in context.writer.pending.values() for row in rows):
        context.writer.flush(cache=context.cache)


def run_one(task: SyncTask, *, context: StepContext, step_class: type, retry: Retry) -> bool:
    """Run one task's step; True on success (saved by the caller with the batch), else classified and saved."""
    context.sync_task = task
    if context.session is not None:
        context.session.sync_task_id = task.pk
    refreshes = 0
    while True:
        try:
            outcome = step_class(context=context, object_id=task.object_id, payload=task.payload).run()
        except AuthExpired as error:
            problem = refresh_attempt(context) if refreshes < MAX_REFRESHES_PER_RUN else error
            if problem is None:
                refreshes += 1
                continue
            failure = unresolved_auth(problem, task=task, refreshes=refreshes)
            if isinstance(failure, AuthExpired):
                mark_disconnected(context.channel, failure)
            retry(task, handle_failure(task, failure, spec=context.spec))
            return False
        except Exception as error:  # noqa: BLE001 - classified once: deferred, retried or failed, never lost
            retry(task, handle_failure(task, error, spec=context.spec))
            return False
        succeed(task, outcome)
        return True


def run_batch(
    tasks: list[SyncTask], *, context: StepContext, batch_class: type, heartbeat: Heartbeat, retry: Retry
) -> None:
    """The usage's batch step for all these tasks at once: one outcome (or failure) per task."""
    context.sync_task = tasks[0]
    if context.session is not None:
        context.session.sync_task_id = tasks[0].pk
    remaining, refreshes = list(tasks), 0
    succeeded: list[SyncTask] = []
    awaiting: list[int] = []
    try:
        while remaining:
            try:
                results = batch_class(context=context, tasks=remaining).run()
            except Exception as error:  # noqa: BLE001 - the whole batch failed before any vendor answer
                results = {task.pk: error for task in remaining}
            heartbeat.beat()
            expired = [task for task in remaining if isinstance(results.get(task.pk), AuthExpired)]
            problem = refresh_attempt(context) if expired and refreshes < MAX_REFRESHES_PER_RUN else None
            if expired and refreshes < MAX_REFRESHES_PER_RUN and problem is None:
                refreshes, done = refreshes + 1, [task for task in remaining if task not in expired]
                _record(done, results, context=context, retry=retry, succeeded=succeeded, awaiting=awaiting)
                remaining = expired  # only what the expired token stopped runs again
                continue
            _unresolved_batch_auth(expired, results, context=context, problem=problem, refreshes=refreshes)
            _record(remaining, results, context=context, retry=retry, succeeded=succeeded, awaiting=awaiting)
            remaining = []
    finally:
        context.flush()
        save_succeeded(succeeded)
        if awaiting:  # their vendor job is recorded; its report finishes them
            SyncTask.objects.filter(pk__in=awaiting, status=SyncTaskStatus.RUNNING).update(
                status=SyncTaskStatus.AWAITING, lease_expires_at=None, updated_at=timezone.now()
            )


def _unresolved_batch_auth(
    expired: list[SyncTask], results: dict, *, context: StepContext, problem: Exception | None, refreshes: int
) -> None:
    """The tasks an AuthExpired stopped, once refreshing is over: their failures, the channel marked once if refused."""
    for task in expired:
        results[task.pk] = unresolved_auth(problem or results[task.pk], task=task, refreshes=refreshes)
    refused = [task for task in expired if isinstance(results[task.pk], AuthExpired)]
    if refused:
        mark_disconnected(context.channel, results[refused[0].pk])


def _record(
    tasks: list[SyncTask],
    results: dict,
    *,
    context: StepContext,
    retry: Retry,
    succeeded: list[SyncTask],
    awaiting: list[int],
) -> None:
    for task in tasks:
        result = results.get(task.pk)
        if isinstance(result, BaseException):
            retry(task, handle_failure(task, result, spec=context.spec))
        elif result == AWAITING:
            awaiting.append(task.pk)
        else:
            succeed(task, result if isinstance(result, StepOutcome) else StepOutcome(kind="unchanged"))
            succeeded.append(task)
