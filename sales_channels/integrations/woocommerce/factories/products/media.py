"""Which store media id each pushed image has, so the next push sends `{id}` instead of uploading again.

One `RemoteImageProductAssociation` row per (listing, local image link) with the media id the
store answered. A batch reads the rows of all its listings in one query (`load`) and writes what the
answers carried in a constant number of queries (`MediaBinds.flush`: one delete, one bulk update,
one bulk insert), however many listings it holds.
"""

from dataclasses import dataclass, field

from sales_channels.factories.base import StepContext
from sales_channels.models import MirrorStatus, RemoteImageProductAssociation, RemoteProduct

CACHE = "woocommerce_media"


def _known(context: StepContext) -> dict[int, dict[int, tuple[int, str]]]:
    """listing pk -> {link id: (row pk, media id)}."""
    return context.cache.setdefault(CACHE, {})


def load(*, context: StepContext, mirrors: list[RemoteProduct | None]) -> None:
    """Media rows of these listings, in one query (listings already loaded are skipped)."""
    known = _known(context)
    wanted = [m.pk for m in mirrors if m is not None and m.pk is not None and m.pk not in known]
    if not wanted:
        return
    for pk in wanted:
        known[pk] = {}
    rows = RemoteImageProductAssociation.objects.filter(remote_product_id__in=wanted)
    for pk, listing, link, media_id in rows.values_list("pk", "remote_product_id", "local_instance_id", "remote_id"):
        known[listing][link] = (pk, media_id)


def media_ids(*, context: StepContext, mirror: RemoteProduct | None, links: list) -> list[str | None]:
    """Per image link (in gallery order): its store media id, or None (sent by src)."""
    if mirror is None or mirror.pk is None:
        return [None] * len(links)
    known = _known(context).get(mirror.pk, {})
    return [(known.get(link.pk) or (0, ""))[1] or None for link in links]


@dataclass
class MediaBinds:
    """The media ids answered for the listings of one batch, written together."""

    context: StepContext
    pending: list[tuple[RemoteProduct, list, list[dict]]] = field(default_factory=list)

    def add(self, *, mirror: RemoteProduct, links: list, answered: list[dict]) -> None:
        self.pending.append((mirror, links, answered))

    def flush(self) -> None:
        if not self.pending:
            return
        stale, changed, created = self._plan()
        if stale:
            RemoteImageProductAssociation.objects.filter(pk__in=stale).delete()
        if changed:
            RemoteImageProductAssociation.objects.bulk_update(changed, ["remote_id"])
        if created:
            RemoteImageProductAssociation.objects.bulk_create(created)
            listings = {row.remote_product_id for row in created}
            known = _known(self.context)
            rows = RemoteImageProductAssociation.objects.filter(remote_product_id__in=listings)
            for pk, listing, link, media in rows.values_list(
                "pk", "remote_product_id", "local_instance_id", "remote_id"
            ):
                known[listing][link] = (pk, media)
        self.pending.clear()

    def _plan(self) -> tuple[list[int], list[RemoteImageProductAssociation], list[RemoteImageProductAssociation]]:
        """(row pks to delete, rows whose media id changed, new rows) for the pending answers."""
        known = _known(self.context)
        stale: list[int] = []
        changed: list[RemoteImageProductAssociation] = []
        created: list[RemoteImageProductAssociation] = []
        for mirror, links, answered in self.pending:
            rows = known.setdefault(mirror.pk, {})
            ids = {link.pk: str(image.get("id") or "") for link, image in zip(links, answered, strict=False)}
            ids = {link: media for link, media in ids.items() if media}
            stale += [rows.pop(link)[0] for link in [link for link in rows if link not in ids]]
            for link, media in ids.items():
                if link not in rows:
                    created.append(_row(mirror=mirror, link_id=link, media_id=media))
                elif rows[link][1] != media:
                    changed.append(RemoteImageProductAssociation(pk=rows[link][0], remote_id=media))
                    rows[link] = (rows[link][0], media)
        return stale, changed, created


def _row(*, mirror: RemoteProduct, link_id: int, media_id: str) -> RemoteImageProductAssociation:
    return RemoteImageProductAssociation(
        multi_tenant_company_id=mirror.multi_tenant_company_id,
        sales_channel_id=mirror.sales_channel_id,
        remote_product=mirror,
        local_instance_id=link_id,
        remote_id=media_id,
        status=MirrorStatus.SYNCED,
    )
