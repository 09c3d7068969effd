"""Which store media id each pushed image has, so the next push sends `{id}` instead of uploading again.

One `RemoteImageProductAssociation` row per (listing, local image link) with the media id the
store answered; read for a whole batch in one query, written per answered listing.
"""

from sales_channels.factories.base import StepContext
from sales_channels.models import RemoteImageProductAssociation, RemoteProduct

CACHE = "woocommerce_media"


def load(*, context: StepContext, mirrors: list[RemoteProduct]) -> None:
    """Media ids of these listings, by (listing pk, link id), in one query."""
    known = context.cache.setdefault(CACHE, {})
    wanted = [m.pk for m in mirrors if m is not None and m.pk is not None and m.pk not in known]
    for pk in wanted:
        known[pk] = {}
    rows = RemoteImageProductAssociation.objects.filter(remote_product_id__in=wanted).exclude(remote_id="")
    for row in rows.only("remote_product_id", "local_instance_id", "remote_id"):
        known[row.remote_product_id][row.local_instance_id] = row.remote_id


def media_ids(*, context: StepContext, mirror: RemoteProduct | None, links: list) -> list[str | None]:
    """Per image link (in gallery order): its store media id, or None (sent by src)."""
    if mirror is None or mirror.pk is None:
        return [None] * len(links)
    known = context.cache.get(CACHE, {}).get(mirror.pk, {})
    return [known.get(link.pk) for link in links]


def bind(*, context: StepContext, mirror: RemoteProduct, links: list, answered: list[dict]) -> None:
    """Store the media ids the store answered for these links (same order as sent)."""
    ids = {link.pk: str(image.get("id") or "") for link, image in zip(links, answered, strict=False)}
    ids = {pk: media_id for pk, media_id in ids.items() if media_id}
    RemoteImageProductAssociation.objects.filter(remote_product=mirror).exclude(local_instance_id__in=ids).delete()
    existing = {
        row.local_instance_id: row
        for row in RemoteImageProductAssociation.objects.filter(remote_product=mirror, local_instance_id__in=ids)
    }
    changed, created = [], []
    for link_id, media_id in ids.items():
        row = existing.get(link_id)
        if row is None:
            created.append(
                RemoteImageProductAssociation(
                    multi_tenant_company_id=mirror.multi_tenant_company_id,
                    sales_channel_id=mirror.sales_channel_id,
                    remote_product=mirror,
                    local_instance_id=link_id,
                    remote_id=media_id,
                    status="synced",
                )
            )
        elif row.remote_id != media_id:
            row.remote_id = media_id
            changed.append(row)
    if changed:
        RemoteImageProductAssociation.objects.bulk_update(changed, ["remote_id"])
    if created:
        RemoteImageProductAssociation.objects.bulk_create(created)
    context.cache.setdefault(CACHE, {})[mirror.pk] = dict(ids)
