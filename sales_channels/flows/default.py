"""Which channels, views and listings a change concerns, and the tasks that follow (queued on commit).

Every entry point takes ids, works for any number of products in a constant number of queries,
stays inside one company, and ends in `queue.queue_tasks` (dedupe and escalation live there):

- `on_catalog_changed`: a catalog change (the `catalog_changed` signal) -> the active channels of
  that company where the product, or for a variation its configurable parent, is assigned ->
  `product.sync` (or `price.update` / `stock.update`), respecting the channel's sync switches.
  A deleted product -> `product.delete` for every listing it had, carrying the remote id.
- `assign_products` / `unassign_products`: the assign surface (bulk) -> `product.create` or
  `product.delete` (a storefront product still sold in another of its views gets a sync instead).
- `resync_products`, `retry_sync_task`, `cancel_sync_task`, `start_import`: what surfaces call.

A storefront lists a product once per channel (tasks carry no view); a marketplace once per view.
"""

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from threading import local

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.tasks import enqueue_on_commit
from products.models import BundleItem, Product
from sales_channels.flows.queue import (
    PRICE_UPDATE,
    PRODUCT_CREATE,
    PRODUCT_DELETE,
    PRODUCT_SYNC,
    STOCK_UPDATE,
    TaskRequest,
    queue_tasks,
)
from sales_channels.models import (
    ImportProcess,
    ImportStatus,
    RemoteProduct,
    SalesChannel,
    SalesChannelView,
    SalesChannelViewAssign,
    SyncTask,
    SyncTaskStatus,
)
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import find_spec
from sales_channels.tasks import enqueue_sync_tasks, run_import_task

# change kind -> (the channel switch that must be on, the usage it queues)
KIND_RULES: dict[str, tuple[str | None, str]] = {
    "product": (None, PRODUCT_SYNC),
    "variation": (None, PRODUCT_SYNC),
    "bundle": (None, PRODUCT_SYNC),
    "property": (None, PRODUCT_SYNC),
    "content": ("sync_contents", PRODUCT_SYNC),
    "image": ("sync_images", PRODUCT_SYNC),
    "ean": ("sync_ean_codes", PRODUCT_SYNC),
    "price": ("sync_prices", PRICE_UPDATE),
    "stock": ("sync_stock", STOCK_UPDATE),
}

_muted = local()


@contextmanager
def assign_signals_muted():
    """Within the block, assign saves and deletes queue nothing (the bulk functions queue themselves)."""
    previous = getattr(_muted, "on", False)
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = previous


def assign_signals_are_muted() -> bool:
    return getattr(_muted, "on", False)


@contextmanager
def channel_muted(channel_id: int):
    """Within the block, changes queue nothing for this channel (an import must not echo back what it read)."""
    muted: frozenset[int] = getattr(_muted, "channels", frozenset())
    _muted.channels = muted | {channel_id}
    try:
        yield
    finally:
        _muted.channels = muted


def _active_channels(company_id: int, channel_ids: Iterable[int]) -> dict[int, SalesChannel]:
    """Active channels of this company whose integration is registered (others cannot run tasks)."""
    channel_ids = set(channel_ids) - getattr(_muted, "channels", frozenset())
    if not channel_ids:
        return {}
    channels = SalesChannel.objects.filter(multi_tenant_company_id=company_id, active=True, pk__in=channel_ids)
    return {channel.pk: channel for channel in channels if find_spec(channel.integration) is not None}


def _task_view(channel: SalesChannel, view_id: int | None) -> int | None:
    spec = find_spec(channel.integration)  # registered: `_active_channels` keeps only those
    return view_id if spec is not None and spec.is_marketplace else None


def _bundles_containing(product_ids: set[int]) -> set[int]:
    return set(BundleItem.objects.filter(product_id__in=product_ids).values_list("parent_id", flat=True))


def on_catalog_changed(
    *, company_id: int, kind: str, product_ids: Iterable[int], parent_ids: Iterable[int] = (), deleted: bool = False
) -> list[SyncTask]:
    """Queue the tasks a committed catalog change calls for (see the module docstring)."""
    switch, usage = KIND_RULES.get(kind, (None, PRODUCT_SYNC))
    product_ids, parent_ids = set(product_ids), set(parent_ids)
    requests: list[TaskRequest] = []
    if deleted and kind == "product":
        requests += _delete_requests(company_id=company_id, product_ids=product_ids)
        product_ids = set()
    concerned = product_ids | parent_ids
    if kind == "stock" and product_ids:
        concerned |= _bundles_containing(product_ids)  # a component's stock is the bundle's stock
    if concerned:
        requests += _assigned_requests(company_id=company_id, product_ids=concerned, usage=usage, switch=switch)
    return queue_tasks(requests)


def _assigned_requests(*, company_id: int, product_ids: set[int], usage: str, switch: str | None) -> list[TaskRequest]:
    rows = list(
        SalesChannelViewAssign.objects.filter(
            multi_tenant_company_id=company_id, product_id__in=product_ids, view__active=True
        )
        .values_list("sales_channel_id", "view_id", "product_id")
        .order_by("id")
    )
    channels = _active_channels(company_id, {row[0] for row in rows})
    requests = []
    for channel_id, view_id, product_id in rows:
        channel = channels.get(channel_id)
        if channel is None or (switch and not getattr(channel, switch)):
            continue
        requests.append(
            TaskRequest(
                company_id=company_id,
                sales_channel_id=channel_id,
                view_id=_task_view(channel, view_id),
                usage=usage,
                object_id=product_id,
            )
        )
    return requests


def _delete_requests(
    *, company_id: int, product_ids: set[int], channel_id: int | None = None, view_id: int | None = None
) -> list[TaskRequest]:
    """product.delete for every top-level listing of these products (the remote id travels in the payload)."""
    mirrors = RemoteProduct.objects.filter(
        multi_tenant_company_id=company_id, local_instance_id__in=product_ids, parent__isnull=True
    )
    if channel_id is not None:
        mirrors = mirrors.filter(sales_channel_id=channel_id)
    if view_id is not None:
        mirrors = mirrors.filter(view_id=view_id)
    rows = list(mirrors.values_list("sales_channel_id", "view_id", "local_instance_id", "remote_id"))
    channels = _active_channels(company_id, {row[0] for row in rows})
    return [
        TaskRequest(
            company_id=company_id,
            sales_channel_id=cid,
            view_id=vid,
            usage=PRODUCT_DELETE,
            object_id=pid,
            payload={"remote_id": remote_id} if remote_id else {},
        )
        for cid, vid, pid, remote_id in rows
        if cid in channels
    ]


def assign_products(*, view: SalesChannelView, product_ids: Iterable[int], queue: bool = True) -> int:
    """Sell these products in `view` (bulk; existing assigns are kept) and queue their creation. Returns new assigns."""
    company_id = view.multi_tenant_company_id
    ids = set(
        Product.objects.filter(multi_tenant_company_id=company_id, pk__in=set(product_ids)).values_list("pk", flat=True)
    )
    existing = set(
        SalesChannelViewAssign.objects.filter(view=view, product_id__in=ids).values_list("product_id", flat=True)
    )
    new_ids = sorted(ids - existing)
    with assign_signals_muted():
        SalesChannelViewAssign.objects.bulk_create(
            [
                SalesChannelViewAssign(
                    multi_tenant_company_id=company_id,
                    sales_channel_id=view.sales_channel_id,
                    view=view,
                    product_id=pid,
                )
                for pid in new_ids
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
    if queue:
        on_assigned(company_id=company_id, assigns=[(view.sales_channel_id, view.pk, pid) for pid in new_ids])
    return len(new_ids)


def unassign_products(*, view: SalesChannelView, product_ids: Iterable[int]) -> int:
    """Stop selling these products in `view` and queue the remote delete (or a sync). Returns removed assigns."""
    company_id = view.multi_tenant_company_id
    assigns = SalesChannelViewAssign.objects.filter(
        multi_tenant_company_id=company_id, view=view, product_id__in=set(product_ids)
    )
    removed = list(assigns.values_list("product_id", flat=True))
    with assign_signals_muted():
        assigns.delete()
    on_unassigned(company_id=company_id, assigns=[(view.sales_channel_id, view.pk, pid) for pid in removed])
    return len(removed)


def on_assigned(*, company_id: int, assigns: list[tuple[int, int, int]]) -> list[SyncTask]:
    """(channel, view, product) rows were assigned: queue product.create for each listing."""
    channels = _active_channels(company_id, {a[0] for a in assigns})
    return queue_tasks(
        TaskRequest(
            company_id=company_id,
            sales_channel_id=cid,
            view_id=_task_view(channels[cid], vid),
            usage=PRODUCT_CREATE,
            object_id=pid,
        )
        for cid, vid, pid in assigns
        if cid in channels
    )


def on_unassigned(*, company_id: int, assigns: list[tuple[int, int, int]]) -> list[SyncTask]:
    """(channel, view, product) rows were unassigned: delete the listing, or sync it if still sold elsewhere."""
    channels = _active_channels(company_id, {a[0] for a in assigns})
    remaining = set(
        SalesChannelViewAssign.objects.filter(
            sales_channel_id__in=list(channels), product_id__in={a[2] for a in assigns}
        ).values_list("sales_channel_id", "product_id")
    )
    # A deleted view took its listings' mirrors with it (cascade): nothing is left to delete remotely.
    views = set(SalesChannelView.objects.filter(pk__in={a[1] for a in assigns}).values_list("pk", flat=True))
    deletes: dict[tuple[int, int | None], set[int]] = defaultdict(set)
    requests = []
    for cid, vid, pid in assigns:
        if cid not in channels:
            continue
        view_id = _task_view(channels[cid], vid)
        if view_id is not None and view_id not in views:
            continue
        if view_id is None and (cid, pid) in remaining:
            requests.append(
                TaskRequest(
                    company_id=company_id, sales_channel_id=cid, view_id=None, usage=PRODUCT_SYNC, object_id=pid
                )
            )
        else:
            deletes[(cid, view_id)].add(pid)
    for (cid, view_id), pids in deletes.items():
        found = _delete_requests(company_id=company_id, product_ids=pids, channel_id=cid, view_id=view_id)
        covered = {r.object_id for r in found if r.view_id == view_id}
        found = [r for r in found if r.view_id == view_id]
        found += [
            TaskRequest(
                company_id=company_id, sales_channel_id=cid, view_id=view_id, usage=PRODUCT_DELETE, object_id=pid
            )
            for pid in pids - covered
        ]  # nothing remote yet: the delete cancels a pending create and finds nothing to remove
        requests += found
    return queue_tasks(requests)


def resync_products(*, channel: SalesChannel, product_ids: Iterable[int] | None = None) -> list[SyncTask]:
    """Queue a full sync of these products (all assigned ones when None) on one channel."""
    assigns = SalesChannelViewAssign.objects.filter(
        multi_tenant_company_id=channel.multi_tenant_company_id, sales_channel=channel
    )
    if product_ids is not None:
        assigns = assigns.filter(product_id__in=set(product_ids))
    if not channel.active or find_spec(channel.integration) is None:
        return []
    return queue_tasks(
        TaskRequest(
            company_id=channel.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            view_id=_task_view(channel, vid),
            usage=PRODUCT_SYNC,
            object_id=pid,
        )
        for vid, pid in assigns.values_list("view_id", "product_id").order_by("id")
    )


def retry_sync_task(*, task: SyncTask) -> SyncTask:
    """Queue a failed (or cancelled) task again; when an equal task is already pending, that one is returned."""
    if task.is_pending or task.status == SyncTaskStatus.RUNNING:
        return task
    task.status = SyncTaskStatus.QUEUED
    task.attempts = 0
    task.next_run_at = None
    task.error = task.error_kind = task.outcome = ""
    task.finished_at = None
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:
        return SyncTask.objects.get(
            sales_channel_id=task.sales_channel_id,
            view_id=task.view_id,
            usage=task.usage,
            object_id=task.object_id,
            status__in=PENDING_STATUSES,
        )
    enqueue_sync_tasks(sync_task_ids=[task.pk])
    return task


def cancel_sync_task(*, task: SyncTask) -> SyncTask:
    """Cancel a pending task (a running one finishes; finished ones stay as they are)."""
    if task.is_pending:
        task.status = SyncTaskStatus.CANCELLED
        task.finished_at = timezone.now()
        task.save()
    return task


def start_import(
    *, channel: SalesChannel, kind: str = "products", update_only: bool = False, dry_run: bool = False
) -> ImportProcess:
    """Create an import process of `kind` for the channel and run it in the queue."""
    process = ImportProcess.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        kind=kind,
        update_only=update_only,
        dry_run=dry_run,
    )
    enqueue_on_commit(run_import_task, import_process_id=process.pk)
    return process


def resume_import(*, process: ImportProcess) -> ImportProcess:
    """Run a stopped import again from its saved cursor (after a crash, a failure or a cancel)."""
    if process.status == ImportStatus.SUCCEEDED:
        return process
    process.status = ImportStatus.PENDING
    process.next_run_at = None
    process.attempts = 0
    process.save()
    enqueue_on_commit(run_import_task, import_process_id=process.pk)
    return process
