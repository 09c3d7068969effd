"""Drift: read back what the vendor holds for each listing mirror and mark the missing or changed ones outdated.

A mirror says what we last pushed; the shop may have lost the product since (deleted by hand, a
reset sandbox) or changed it outside OneSila. `verify_remote(channel=)` asks the integration's
`remote.verify` step (looked up on the spec like any usage) for the listings' remote state in pages
of `page_size` remote ids. The step's `read(remote_ids=)` returns {remote id: last change time} for
the ids the vendor still holds; an id absent from the answer is missing.

- missing: the listing mirror keeps its row but loses its remote id and payload hash (status
  `outdated`); its variations and every part mirror (content, price, stock, images, vendor
  variants: any mirror with a `remote_product` key) are dropped, so the next sync creates it again;
- changed (the vendor's last change is later than our last push of the listing or any of its parts):
  status `outdated` and no payload hash, so the next sync pushes instead of answering "unchanged".

Both then get a resync queued (when the channel is active and the product still assigned).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Max, QuerySet

from sales_channels import services
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.models import MirrorStatus, RemoteProduct, SalesChannel, SalesChannelViewAssign
from sales_channels.models.mirrors import RemoteObject

logger = logging.getLogger(__name__)

VERIFY_USAGE = "remote.verify"
DEFAULT_PAGE_SIZE = 100
# A vendor's change time has second precision and our own push sets it: allow that much slack.
CHANGE_TOLERANCE = timedelta(seconds=5)


@dataclass
class VerifyReport:
    """What a verification found on one channel, and how many resyncs it queued."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    queued: int = 0

    def summary(self) -> str:
        """One line a merchant reads, e.g. '60 listings checked: 3 missing, 1 changed; 4 resyncs queued'."""
        return (
            f"{self.checked} listing(s) checked: {len(self.missing)} missing, {len(self.changed)} changed on the "
            f"vendor; {self.queued} resync(s) queued"
        )


def part_mirror_models() -> list[type[RemoteObject]]:
    """Every concrete mirror that belongs to a listing (has a `remote_product` key), vendor mirrors included."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, RemoteObject) or model._meta.abstract:
            continue
        key = next((f for f in model._meta.concrete_fields if f.name == "remote_product"), None)
        if key is not None and key.related_model is RemoteProduct:
            found.append(model)
    return found


def _parts(model: type[RemoteObject], **lookup: Any) -> QuerySet[Any]:
    """Rows of a part mirror model; such models are found at run time by their `remote_product` key (untyped)."""
    return model._default_manager.filter(**lookup)


def _latest_part_syncs(listing_ids: list[int]) -> dict[int, datetime]:
    latest: dict[int, datetime] = {}
    for model in part_mirror_models():
        rows = (
            _parts(model, remote_product_id__in=listing_ids)
            .values("remote_product_id")
            .annotate(latest=Max("last_synced_at"))
        )
        for row in rows:
            value, current = row["latest"], latest.get(row["remote_product_id"])
            if value is not None and (current is None or value > current):
                latest[row["remote_product_id"]] = value
    return latest


def _step(channel: SalesChannel):
    spec = services.require_spec(channel=channel)
    step_class = spec.steps.get(VERIFY_USAGE)
    if step_class is None:
        raise services.ChannelActionError(f"Integration '{spec.integration}' cannot verify remote listings yet.")
    specific = channel.specific
    client, session = build_client(spec=spec, channel=specific)
    return step_class(context=StepContext(channel=specific, spec=spec, client=client, session=session))


def verify_remote(*, channel: SalesChannel, queue: bool = True) -> VerifyReport:
    """Compare every created listing with what the vendor holds; mark drift outdated and queue its resync."""
    services.require_spec(channel=channel)
    step = _step(channel)
    page_size = int(getattr(step, "page_size", DEFAULT_PAGE_SIZE))
    listings = list(
        RemoteProduct.objects.filter(sales_channel=channel, parent__isnull=True).exclude(remote_id="").order_by("pk")
    )
    report = VerifyReport(checked=len(listings))
    missing, changed = [], []
    for start in range(0, len(listings), page_size):
        page = listings[start : start + page_size]
        held = step.read(remote_ids=[listing.remote_id for listing in page])
        latest_parts = _latest_part_syncs([listing.pk for listing in page])
        for listing in page:
            if listing.remote_id not in held:
                missing.append(listing)
                continue
            remote_change = held[listing.remote_id]
            ours = max(filter(None, [listing.last_synced_at, latest_parts.get(listing.pk)]), default=None)
            if remote_change is not None and (ours is None or remote_change > ours + CHANGE_TOLERANCE):
                changed.append(listing)
    with transaction.atomic():
        _mark_missing(listings=missing)
        _mark_changed(listings=changed)
    report.missing = [listing.remote_id for listing in missing]
    report.changed = [listing.remote_id for listing in changed]
    if queue and channel.active:
        report.queued = _queue_resync(channel=channel, listings=[*missing, *changed])
    logger.info("verify of channel %s: %s", channel.pk, report.summary())
    return report


def _mark_missing(*, listings: list[RemoteProduct]) -> None:
    if not listings:
        return
    ids = [listing.pk for listing in listings]
    for model in part_mirror_models():
        _parts(model, remote_product_id__in=ids).delete()
    for model in part_mirror_models():  # parts of the variations too
        _parts(model, remote_product__parent_id__in=ids).delete()
    RemoteProduct.objects.filter(parent_id__in=ids).delete()
    RemoteProduct.objects.filter(pk__in=ids).update(
        remote_id="",
        payload_hash="",
        last_payload=None,
        status=MirrorStatus.OUTDATED,
        last_error="The product was missing on the vendor (verify remote): the next sync creates it again.",
    )


def _mark_changed(*, listings: list[RemoteProduct]) -> None:
    if not listings:
        return
    ids = [listing.pk for listing in listings]
    RemoteProduct.objects.filter(pk__in=ids).update(
        payload_hash="",
        status=MirrorStatus.OUTDATED,
        last_error="The product was changed on the vendor (verify remote): the next sync pushes ours again.",
    )
    for model in part_mirror_models():
        _parts(model, remote_product_id__in=ids).update(payload_hash="")


def _queue_resync(*, channel: SalesChannel, listings: list[RemoteProduct]) -> int:
    product_ids = {listing.local_instance_id for listing in listings if listing.local_instance_id}
    assigned = set(
        SalesChannelViewAssign.objects.filter(sales_channel=channel, product_id__in=product_ids).values_list(
            "product_id", flat=True
        )
    )
    if not assigned:
        return 0
    return len(services.resync_products(channel=channel, product_ids=assigned))
