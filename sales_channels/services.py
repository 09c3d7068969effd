"""What people do to channels, in one place: GraphQL, the admin and management commands all call these.

Every function takes rows that were already looked up inside one company (`scoped_rows` does that
for ids), checks what the flows would otherwise skip silently (an unknown product, a task that
cannot be retried, an integration that is not installed) and raises `ChannelActionError` with a
message a person can act on. Nothing here talks HTTP itself or queues work by hand: queueing is
`sales_channels.flows.default`, vendor calls go through the integration's registered steps.

Two hooks an integration provides through its spec, looked up by usage like any step:
- `connection.test`: a step whose `run()` makes one cheap authenticated call (raises on failure);
- metadata pulls: receivers of `refresh_website_pull_models` (playbook phase 3).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from core.models import MultiTenantCompany
from products.models import Product
from sales_channels import tasks_imports
from sales_channels.connection import record_connection_failure, record_connection_ok, record_connection_warning
from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import error_text
from sales_channels.factories.clients import build_client
from sales_channels.flows import default as flows
from sales_channels.models import (
    ImportProcess,
    SalesChannel,
    SalesChannelView,
    SalesChannelViewAssign,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.registry import IntegrationSpec, find_spec
from sales_channels.signals import refresh_website_pull_models
from sales_channels.tasks import enqueue_sync_tasks

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=models.Model)
CONNECTION_TEST = "connection.test"
RETRYABLE_STATUSES = (SyncTaskStatus.FAILED, SyncTaskStatus.CANCELLED, SyncTaskStatus.DEFERRED)
CANCELLABLE_STATUSES = (SyncTaskStatus.QUEUED, SyncTaskStatus.DEFERRED)


class ChannelActionError(Exception):
    """An action on a channel was refused; the message says why and is safe to show."""


@dataclass(frozen=True)
class AssignResult:
    """How many of the given products an assign or unassign changed, and how many were already so."""

    changed: int
    unchanged: int


def _id_list(ids: Iterable) -> list[str]:
    return sorted({str(value) for value in ids}, key=lambda value: (len(value), value))


def scoped_rows(*, model: type[ModelT], ids: Iterable, company, queryset=None) -> list[ModelT]:
    """The rows of `company` with these ids, in id order; any id not found there is an error naming them all."""
    wanted = _id_list(ids)
    if not wanted:
        raise ChannelActionError(f"Give at least one {model._meta.verbose_name} id.")
    numeric = [int(value) for value in wanted if value.isdigit()]
    base = queryset if queryset is not None else model._default_manager.all()
    rows = list(base.filter(multi_tenant_company=company, pk__in=numeric).order_by("pk"))
    missing = sorted(set(wanted) - {str(row.pk) for row in rows})
    if missing:
        label = str(model._meta.verbose_name_plural if len(missing) > 1 else model._meta.verbose_name)
        raise ChannelActionError(f"{label.capitalize()} not found: {', '.join(missing)}.")
    return rows


def scoped_row(*, model: type[ModelT], pk, company, queryset=None) -> ModelT:
    """One row of `company` by id, or a ChannelActionError saying it was not found."""
    label = str(model._meta.verbose_name).capitalize()
    try:
        [row] = scoped_rows(model=model, ids=[pk], company=company, queryset=queryset)
    except ChannelActionError:
        raise ChannelActionError(f"{label} with id {pk} was not found.") from None
    return row


def find_channel(*, channel_id, company_name: str | None = None) -> SalesChannel:
    """A channel by id for an operator (commands); with a company name, only that company's channel is found."""
    channels = SalesChannel.objects.select_related("multi_tenant_company")
    if company_name is not None:
        company = MultiTenantCompany.objects.filter(name=company_name).first()
        if company is None:
            raise ChannelActionError(f"Company '{company_name}' was not found.")
        channels = channels.filter(multi_tenant_company=company)
    channel = channels.filter(pk=channel_id).first() if str(channel_id).isdigit() else None
    if channel is None:
        where = f" in company '{company_name}'" if company_name is not None else ""
        raise ChannelActionError(f"Sales channel with id {channel_id} was not found{where}.")
    return channel


def require_spec(*, channel: SalesChannel) -> IntegrationSpec:
    """The channel's registered integration, or an error saying its app is not installed."""
    spec = find_spec(channel.integration)
    if spec is None:
        name = channel.integration or "(none)"
        raise ChannelActionError(f"Channel '{channel.name}' uses integration '{name}', which is not installed.")
    return spec


def vendor_label(*, spec: IntegrationSpec) -> str:
    """The integration's name as a person reads it ("WooCommerce", "Fake storefront")."""
    return spec.label or spec.integration.replace("_", " ").capitalize()


def _require_active(*, channel: SalesChannel) -> None:
    if not channel.active:
        raise ChannelActionError(f"Channel '{channel.name}' is inactive: activate it first.")


# -- assigns --------------------------------------------------------------------------------------


def assign_products(*, view: SalesChannelView, product_ids: Iterable) -> AssignResult:
    """Sell these products (all of the view's company, else nothing changes) in `view`; queues their creation."""
    products = scoped_rows(model=Product, ids=product_ids, company=view.multi_tenant_company_id)
    with transaction.atomic():
        created = flows.assign_products(view=view, product_ids=[product.pk for product in products])
    return AssignResult(changed=created, unchanged=len(products) - created)


def unassign_products(*, view: SalesChannelView, product_ids: Iterable) -> AssignResult:
    """Stop selling these products in `view`; queues the remote delete. Unknown products change nothing."""
    products = scoped_rows(model=Product, ids=product_ids, company=view.multi_tenant_company_id)
    with transaction.atomic():
        removed = flows.unassign_products(view=view, product_ids=[product.pk for product in products])
    return AssignResult(changed=removed, unchanged=len(products) - removed)


# -- tasks ----------------------------------------------------------------------------------------


def _refuse_statuses(*, tasks: list[SyncTask], allowed: tuple[str, ...], verb: str) -> None:
    wrong = [f"{task.pk} ({task.status})" for task in tasks if task.status not in allowed]
    if wrong:
        names = ", ".join(str(status) for status in allowed)
        raise ChannelActionError(f"Only {names} tasks can be {verb}; not: {', '.join(wrong)}.")


def retry_sync_tasks(*, tasks: list[SyncTask]) -> list[SyncTask]:
    """Queue failed or cancelled tasks again and run deferred ones now; any other status refuses them all."""
    _refuse_statuses(tasks=tasks, allowed=RETRYABLE_STATUSES, verb="retried")
    result = []
    with transaction.atomic():
        for task in tasks:
            if task.status == SyncTaskStatus.DEFERRED:
                task.next_run_at = timezone.now()
                task.save()
                enqueue_sync_tasks(sync_task_ids=[task.pk])
                result.append(task)
            else:
                result.append(flows.retry_sync_task(task=task))
    return result


def cancel_sync_tasks(*, tasks: list[SyncTask]) -> list[SyncTask]:
    """Cancel queued or deferred tasks; any other status refuses them all."""
    _refuse_statuses(tasks=tasks, allowed=CANCELLABLE_STATUSES, verb="cancelled")
    with transaction.atomic():
        return [flows.cancel_sync_task(task=task) for task in tasks]


def resync_products(*, channel: SalesChannel, product_ids: Iterable | None = None) -> list[SyncTask]:
    """Queue a full sync of these products (every assigned one when None) on an active, installed channel."""
    require_spec(channel=channel)
    _require_active(channel=channel)
    ids = None
    if product_ids is not None:
        products = scoped_rows(model=Product, ids=product_ids, company=channel.multi_tenant_company_id)
        ids = [product.pk for product in products]
        assigned = set(
            SalesChannelViewAssign.objects.filter(sales_channel=channel, product_id__in=ids).values_list(
                "product_id", flat=True
            )
        )
        unassigned = [product.sku for product in products if product.pk not in assigned]
        if unassigned:
            raise ChannelActionError(f"Not assigned to channel '{channel.name}': {', '.join(unassigned)}.")
    with transaction.atomic():
        return flows.resync_products(channel=channel, product_ids=ids)


# -- imports, connection, metadata ----------------------------------------------------------------


def start_import(
    *, channel: SalesChannel, kind: str = "products", update_only: bool = False, dry_run: bool = False
) -> ImportProcess:
    """Start an import of `kind` if the channel's integration can import it."""
    spec = require_spec(channel=channel)
    if kind not in spec.import_processors:
        known = ", ".join(sorted(spec.import_processors)) or "nothing"
        raise ChannelActionError(f"Integration '{spec.integration}' cannot import '{kind}' (it imports: {known}).")
    with transaction.atomic():
        return flows.start_import(channel=channel, kind=kind, update_only=update_only, dry_run=dry_run)


def check_connection(*, channel: SalesChannel) -> SalesChannel:
    """Run the integration's `connection.test` step now; the channel's status and last error record the result."""
    spec = require_spec(channel=channel)
    step_class = spec.steps.get(CONNECTION_TEST)
    if step_class is None:
        raise ChannelActionError(f"Integration '{spec.integration}' cannot test a connection yet.")
    try:
        specific = channel.specific
        client, session = build_client(spec=spec, channel=specific)
        step_class(context=StepContext(channel=specific, spec=spec, client=client, session=session)).run()
    except SalesChannelError as error:
        logger.info("connection test of channel %s failed: %s", channel.pk, error_text(error))
        _record_connection(channel=channel, error=explain_failure(error=error, vendor=vendor_label(spec=spec)))
    except Exception:  # noqa: BLE001 - an unexpected failure is recorded on the channel, not raised as a 500
        logger.exception("connection test of channel %s failed", channel.pk)
        _record_connection(channel=channel, error="The connection test failed unexpectedly; see the server log.")
    else:
        _record_connection(channel=channel, error="")
        if warning := specific.connection_warning():  # e.g. a consent about to end
            record_connection_warning(channel=channel, message=warning)
    return channel


def connect_with_connection_test(*, channel: SalesChannel, request=None) -> None:
    """A key-based vendor's connect flow (`ConnectSpec.connect`): the credentials pass the connection test or
    the connect is refused with the test's explained cause."""
    check_connection(channel=channel)
    if channel.connection_status != SalesChannel.ConnectionStatus.CONNECTED:
        raise ChannelActionError(channel.last_connection_error)


def _record_connection(*, channel: SalesChannel, error: str) -> None:
    if error:
        record_connection_failure(channel=channel, error=error)
    else:
        record_connection_ok(channel=channel)


def resume_import(*, process: ImportProcess) -> ImportProcess:
    """Resume a failed or stopped import from its saved cursor (a live one is refused)."""
    try:
        return tasks_imports.resume_import(process=process)
    except tasks_imports.ImportNotResumable as error:
        raise ChannelActionError(str(error)) from None


def channel_reconnected(*, channel: SalesChannel) -> list[SyncTask]:
    """A channel's credentials work again (an auth flow completed): requeue its tasks that failed on auth.

    The newest failed task of each (view, usage, object) is queued again (an equal pending task wins).
    """
    failed = SyncTask.objects.filter(
        sales_channel_id=channel.pk, status=SyncTaskStatus.FAILED, error_kind="auth"
    ).order_by("-id")
    newest: dict[tuple, SyncTask] = {}
    for task in failed:
        newest.setdefault(task.key, task)
    with transaction.atomic():
        return [flows.retry_sync_task(task=task) for task in newest.values()]


def pull_metadata(*, channel: SalesChannel) -> int:
    """Ask the channel's integration to pull its views, languages and currencies; returns how many pulls ran."""
    require_spec(channel=channel)
    _require_active(channel=channel)
    specific = channel.specific
    sender = type(specific)
    if not refresh_website_pull_models.has_listeners(sender):
        raise ChannelActionError(f"Integration '{channel.integration}' pulls no metadata.")
    responses = refresh_website_pull_models.send(sender=sender, instance=specific)
    return len(responses)
