"""A listing's images on Shopify: matched by media id and by the `originalSource` recorded at push.

Shopify processes media asynchronously: a new media is PROCESSING (its `image` null), then READY
with a hosted URL that is *not* the URL we sent, or FAILED. So:

- each pushed image is recorded on its `RemoteImageProductAssociation`: the media id and, in
  `last_payload`, the `originalSource` we sent and the media status (pending while processing);
- the next productSet sends `{id, alt}` for an image whose recorded `originalSource` is still the
  URL we would send (by link, else by any of the listing's images sent from that URL): a resync
  never deletes and re-uploads an image. The hosted URL is never compared with anything;
- media still processing are checked once for the whole batch (`MediaStatus`, `nodes(ids:)`) at
  the batch's next push; a FAILED media is a visible error on its listing (the listing's push
  fails, naming the image and Shopify's reason) until the image changes or goes away locally.
"""

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.factories.base import StepContext
from sales_channels.models import MirrorStatus, RemoteImageProductAssociation, RemoteProduct

READY, FAILED = "READY", "FAILED"
CHECK_BATCH = 50


def media_rows(*, context: StepContext, mirror: RemoteProduct | None) -> dict[int, RemoteImageProductAssociation]:
    """The listing's pushed images by local product-image link id (prefetched for the batch)."""
    if mirror is None or mirror.pk is None:
        return {}
    return context.cached(
        ("shopify_media", mirror.pk),
        lambda: {
            row.local_instance_id: row for row in RemoteImageProductAssociation.objects.filter(remote_product=mirror)
        },
    )


def source_of(row: RemoteImageProductAssociation) -> str:
    """The URL this media was created from (recorded at push)."""
    return str((row.last_payload or {}).get("originalSource") or "")


def file_ids(*, rows: dict[int, RemoteImageProductAssociation], links: list, files: list[dict]) -> list[str | None]:
    """The media id to send for each file (None: upload it): by link and recorded source, else by source."""
    by_source = {source_of(row): row.remote_id for row in rows.values() if row.remote_id and source_of(row)}
    found: list[str | None] = []
    for link, file in zip(links, files, strict=False):
        row = rows.get(link.pk)
        # no recorded source: bound by the catalog import (the media came from Shopify): its id holds
        if row is not None and row.remote_id and source_of(row) in ("", file["originalSource"]):
            found.append(row.remote_id)
        else:
            found.append(by_source.pop(file["originalSource"], None))
    return found


def bind(
    *,
    context: StepContext,
    mirror: RemoteProduct,
    answer_nodes: list[dict],
    links: list,
    sent_files: list[dict],
    sources: list[str],
) -> None:
    """Record media id, originalSource and status of every image; forget images no longer on the listing.

    `answer_nodes` are the productSet answer's media in the order of the files sent (empty when no new
    file was sent: known media keep what they had); `sources` the URLs the files were built from.
    """
    rows = media_rows(context=context, mirror=mirror)
    for index, (link, sent, source) in enumerate(zip(links, sent_files, sources, strict=False)):
        node = answer_nodes[index] if index < len(answer_nodes) else None
        media_id = (node or {}).get("id") or sent.get("id")
        if not media_id:
            continue
        row = rows.get(link.pk)
        if row is None:
            row = RemoteImageProductAssociation(
                multi_tenant_company_id=context.company_id,
                sales_channel=context.channel,
                remote_product=mirror,
                local_instance_id=link.pk,
            )
        status = (node or {}).get("status") or (row.last_payload or {}).get("mediaStatus") or READY
        unchanged = row.pk is not None and row.remote_id == media_id and source_of(row) == source
        if unchanged and node is None:
            continue
        row.remote_id = media_id
        row.last_payload = {"originalSource": source, "mediaStatus": status}
        _apply_status(row, status=status, errors=[])
        row.save()
        rows[link.pk] = row
    wanted = {link.pk for link in links}
    for link_id in [pk for pk in rows if pk not in wanted]:
        rows.pop(link_id).delete()


def _apply_status(row: RemoteImageProductAssociation, *, status: str, errors: list[dict]) -> None:
    if status == READY:
        row.status, row.last_error = MirrorStatus.SYNCED, ""
    elif status == FAILED:
        reasons = "; ".join(str(error.get("message") or error.get("code") or "") for error in errors)
        row.status = MirrorStatus.FAILED
        row.last_error = f"Shopify could not process the image {source_of(row)}: {reasons or 'media status FAILED'}"
    else:
        row.status, row.last_error = MirrorStatus.PENDING, ""


def check_processing(*, context: StepContext, mirrors: list[RemoteProduct]) -> None:
    """Read the status of the batch's media still processing (one MediaStatus call per 50) and record it."""
    pending = list(
        RemoteImageProductAssociation.objects.filter(
            remote_product__in=[m for m in mirrors if m is not None and m.pk is not None],
            status=MirrorStatus.PENDING,
        ).exclude(remote_id="")
    )
    for start in range(0, len(pending), CHECK_BATCH):
        rows = pending[start : start + CHECK_BATCH]
        data = context.client.execute(document="media_status", variables={"ids": [row.remote_id for row in rows]})
        nodes = data.get("nodes")
        if not isinstance(nodes, list):
            raise InvalidVendorPayload("MediaStatus: no nodes", raw_excerpt=str(data)[:300])
        by_id = {node.get("id"): node for node in nodes if isinstance(node, dict)}
        for row in rows:
            node = by_id.get(row.remote_id)
            status = (node or {}).get("status") or FAILED
            errors = (node or {}).get("mediaErrors") or ([] if node else [{"message": "the media no longer exists"}])
            row.last_payload = {**(row.last_payload or {}), "mediaStatus": status}
            _apply_status(row, status=status, errors=errors)
            row.save(update_fields=["status", "last_error", "last_payload", "updated_at"])
        for row in rows:
            context.cache.pop(("shopify_media", row.remote_product_id), None)


def raise_failed(*, context: StepContext, mirror: RemoteProduct | None) -> None:
    """A listing with a FAILED media is not synced: its push fails with every failed image named."""
    failed = [row for row in media_rows(context=context, mirror=mirror).values() if row.status == MirrorStatus.FAILED]
    if failed:
        raise VendorValidationError([row.last_error for row in failed])
