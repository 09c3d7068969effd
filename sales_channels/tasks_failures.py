"""How the task layer classifies a failure and records it truthfully on the task and the listing's mirror.

Failure policy (`classify`): RateLimited -> deferred until `retry_after`, no attempt burnt;
TransientVendorError (and other retryable errors) -> deferred with exponential backoff until
`max_attempts`, then failed; AuthExpired -> the spec refreshes credentials and the step runs again
(up to `tasks_batch.MAX_REFRESHES_PER_RUN` times; refreshes that work but never get through defer
the task, only a refused refresh or the last attempt fails it as auth); VendorValidationError, MappingMissing,
InvalidVendorPayload and the spec's `non_retryable` -> failed at once; anything else -> failed.

What is stored: `error` is for the merchant (what failed, why, what to do; never a traceback or an
exception repr), `error_debug` is for developers (exception class and trimmed traceback; shown to
superusers in the admin only). A deferred task's listing mirror reads "waiting (..., next try at
...)", never failed (a RateLimited exception with a `waiting_note` puts that note there instead of
"throttled"); a task that fails for good marks its listing's mirror failed with the same
message, so a mirror is never "synced" while its last task failed.
"""

import logging
import random
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError
from django.utils import timezone

from sales_channels.connection import record_connection_failure
from sales_channels.exceptions import (
    AuthExpired,
    InvalidVendorPayload,
    MappingMissing,
    RateLimited,
    SalesChannelError,
    VendorValidationError,
)
from sales_channels.factories.binders import MAX_ERROR_LENGTH
from sales_channels.models import MirrorStatus, RemoteProduct, SalesChannel, SyncTask, SyncTaskStatus
from sales_channels.registry import IntegrationSpec, find_spec

logger = logging.getLogger("sales_channels.tasks")

NEVER, BACKOFF, FREE = "never", "backoff", "free"
NON_RETRYABLE_KINDS = (
    (MappingMissing, "mapping"),
    (VendorValidationError, "validation"),
    (InvalidVendorPayload, "invalid_payload"),
    (AuthExpired, "auth"),
)
DEBUG_LENGTH = 4000
PRODUCT_USAGE_PREFIXES = ("product.", "price.", "stock.")


def setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


@dataclass(frozen=True)
class Decision:
    """How a failure is handled: its kind, the retry mode (never, backoff, free) and a delay for free retries."""

    kind: str
    retry: str
    delay: float = 0.0


def classify(error: BaseException, *, spec: IntegrationSpec | None = None) -> Decision:
    """The one place a failure's retry policy is decided."""
    if isinstance(error, RateLimited):
        return Decision("rate_limited", FREE, error.retry_after)
    if spec is not None and spec.non_retryable and isinstance(error, spec.non_retryable):
        return Decision("non_retryable", NEVER)
    for error_class, kind in NON_RETRYABLE_KINDS:
        if isinstance(error, error_class):
            return Decision(kind, NEVER)
    if isinstance(error, SalesChannelError):
        return Decision("transient" if error.retryable else "vendor", BACKOFF if error.retryable else NEVER)
    return Decision("unexpected", NEVER)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with +-10% jitter: base, 2x base, 4x base, ... capped."""
    base = setting("SALES_CHANNELS_RETRY_BASE_SECONDS", 30.0)
    cap = setting("SALES_CHANNELS_RETRY_MAX_SECONDS", 3600.0)
    delay = min(cap, base * 2 ** max(0, attempt - 1))
    return delay * random.uniform(0.9, 1.1)


# -- messages -------------------------------------------------------------------------------------

UNEXPECTED_MESSAGE = (
    "An unexpected internal error stopped this sync. Nothing was lost; retry the task, and contact "
    "support if it fails again (they can see the technical detail)."
)
DATABASE_MESSAGE = (
    "Saving the result locally failed because it conflicts with data already stored (a duplicate link). "
    "Retry the task; if it fails again, check for two products sharing a SKU or a remote id."
)


def user_message(error: BaseException) -> str:
    """What the merchant reads: the taxonomy's message for vendor and mapping failures, a plain sentence otherwise."""
    if isinstance(error, SalesChannelError):
        return error.message[:MAX_ERROR_LENGTH]
    if isinstance(error, IntegrityError | DatabaseError):
        return DATABASE_MESSAGE
    return UNEXPECTED_MESSAGE


def configuration_message(error: BaseException) -> str:
    """A configuration failure (no step for a usage, no spec): what is missing, in words."""
    if isinstance(error, KeyError) and error.args:
        return f"{error.args[0]} Install or update the integration, or remove the task."
    if isinstance(error, LookupError) and str(error):
        return f"{error} Install the integration's app, or remove the channel's tasks."
    if isinstance(error, SalesChannelError):
        return error.message[:MAX_ERROR_LENGTH]
    return "The channel's integration could not be set up. Check the channel's settings and reconnect it."


def debug_text(error: BaseException) -> str:
    """Developer detail: the exception class, its message and the trimmed traceback."""
    summary = "".join(traceback.format_exception(type(error), error, error.__traceback__, limit=8))
    return summary[-DEBUG_LENGTH:]


def waiting_message(*, kind: str, next_run_at: datetime, note: str = "") -> str:
    """The waiting listing's text; `note` (an exception's `waiting_note`) says why in the integration's words."""
    when = f"next try at {timezone.localtime(next_run_at):%Y-%m-%d %H:%M:%S %Z}"
    if note:
        return f"waiting: {note} ({when})"
    reason = "throttled" if kind == "rate_limited" else "retrying after a temporary vendor error"
    return f"waiting ({reason}, {when})"


# -- recording ------------------------------------------------------------------------------------


def listing_mirrors(task: SyncTask, *, spec: IntegrationSpec | None = None):
    """The queryset of the task's listing mirror (product usages, or the step's `mirror_model`); None if none."""
    spec = spec or find_spec(getattr(task.sales_channel, "integration", ""))
    model = None
    if spec is not None:
        step = spec.steps.get(task.usage)
        model = getattr(step, "mirror_model", None)
    if model is None and task.usage.startswith(PRODUCT_USAGE_PREFIXES):
        model = RemoteProduct
    if model is None:
        return None
    field_names = {f.name for f in model._meta.get_fields()}
    if "local_instance" not in field_names:
        return None
    rows = model.objects.filter(sales_channel_id=task.sales_channel_id, local_instance_id=task.object_id)
    return rows.filter(view_id=task.view_id) if "view" in field_names else rows


def mark_mirror(task: SyncTask, *, status: str, message: str, spec: IntegrationSpec | None = None) -> None:
    """Set the listing mirror's status and message (no row yet: nothing to mark).

    A listing that fails for good takes its variations still waiting for this task's next try with it:
    no variation reads "waiting" for a try that will not come.
    """
    rows = listing_mirrors(task, spec=spec)
    if rows is None:
        return
    now = timezone.now()
    if status == MirrorStatus.FAILED and rows.model is RemoteProduct:
        RemoteProduct.objects.filter(parent__in=rows, status=MirrorStatus.WAITING).update(
            status=status, last_error=message[:MAX_ERROR_LENGTH], updated_at=now
        )
    rows.update(status=status, last_error=message[:MAX_ERROR_LENGTH], updated_at=now)


def fail_task(task: SyncTask, *, kind: str, error: str, debug: str = "", spec: IntegrationSpec | None = None) -> None:
    """Fail for good: the task and its listing's mirror carry the merchant's message."""
    task.status = SyncTaskStatus.FAILED
    task.outcome = "failed"
    task.error_kind = kind
    task.error = error
    task.error_debug = debug
    task.finished_at = timezone.now()
    task.lease_expires_at = None
    task.save()
    mark_mirror(task, status=MirrorStatus.FAILED, message=error, spec=spec)


def defer_task(
    task: SyncTask,
    *,
    delay: float,
    kind: str,
    error: str,
    debug: str,
    burn: bool,
    spec: IntegrationSpec | None,
    note: str = "",
) -> None:
    """Run later: the task keeps why (for this attempt); its listing mirror reads 'waiting', not failed."""
    task.status = SyncTaskStatus.DEFERRED
    task.next_run_at = timezone.now() + timedelta(seconds=delay)
    if not burn:
        task.attempts = max(0, task.attempts - 1)
    task.error_kind = kind
    task.error = error
    task.error_debug = debug
    task.lease_expires_at = None
    task.save()
    waiting = waiting_message(kind=kind, next_run_at=task.next_run_at, note=note)
    mark_mirror(task, status=MirrorStatus.WAITING, message=waiting, spec=spec)


def handle_failure(task: SyncTask, error: BaseException, *, spec: IntegrationSpec | None) -> float | None:
    """Classify and record one task's failure; returns the retry delay when it was deferred."""
    decision = classify(error, spec=spec)
    message, debug = user_message(error), debug_text(error)
    if decision.kind == "unexpected":
        logger.exception("sync task %s (%s #%s) failed", task.pk, task.usage, task.object_id, exc_info=error)
    if decision.retry == FREE:
        note = error.waiting_note[:MAX_ERROR_LENGTH] if isinstance(error, RateLimited) else ""
        defer_task(
            task, delay=decision.delay, kind=decision.kind, error=message, debug=debug, burn=False, spec=spec, note=note
        )
        return decision.delay
    if decision.retry == BACKOFF and task.attempts < task.max_attempts:
        delay = backoff_seconds(task.attempts)
        defer_task(task, delay=delay, kind=decision.kind, error=message, debug=debug, burn=True, spec=spec)
        return delay
    fail_task(task, kind=decision.kind, error=message, debug=debug, spec=spec)
    return None


def mark_disconnected(channel: SalesChannel, error: BaseException) -> None:
    """The channel's credentials were refused after a refresh: it needs reconnecting.

    A channel its integration already marked disconnected (with the reason) keeps that state."""
    if channel.connection_status == SalesChannel.ConnectionStatus.DISCONNECTED:
        return
    record_connection_failure(channel=channel, error=user_message(error))
