"""The `remote.verify` step: which of our listings (SKUs) Amazon still holds, per marketplace, and when each changed.

A listing is one SKU in one marketplace (a mirror per view). For each marketplace the SKUs mirrored
there are read back 20 at a time with `searchListingsItems` (`identifiers=<skus>&identifiersType=SKU`,
pages followed by `nextToken`); each item's summary carries Amazon's `lastUpdatedDate`.

The framework keys the answer by remote id (the SKU) alone, so a SKU counts as held only when every
marketplace it is mirrored in still holds it: a SKU lost in one marketplace is reported missing and
the next sync puts it again everywhere (a put replaces an existing listing, so nothing doubles). Its
change time is the latest `lastUpdatedDate` over those marketplaces.
"""

from collections import defaultdict
from datetime import datetime

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import SyncStep
from sales_channels.factories.batch import chunks
from sales_channels.models import RemoteProduct

IDENTIFIERS_LIMIT = 20  # searchListingsItems: at most 20 identifiers and pageSize <= 20


def last_updated(*, item: dict, marketplace_id: str) -> datetime | None:
    """The item's `lastUpdatedDate` in this marketplace (None when Amazon sent no summary for it)."""
    for summary in item.get("summaries") or []:
        if summary.get("marketplaceId", marketplace_id) != marketplace_id or not summary.get("lastUpdatedDate"):
            continue
        stamp = str(summary["lastUpdatedDate"])
        try:
            return datetime.fromisoformat(stamp)
        except ValueError as error:
            raise InvalidVendorPayload(
                f"listing {item.get('sku')!s}: lastUpdatedDate '{stamp}' is not a date"
            ) from error
    return None


class AmazonListingsVerifyStep(SyncStep):
    """Read back SKUs per marketplace: {sku: latest lastUpdatedDate} of those held in all their marketplaces."""

    usage = "remote.verify"
    page_size = 100

    def marketplaces_of(self, *, skus: list[str]) -> dict[str, set[str]]:
        """{marketplace id: the SKUs among `skus` mirrored there} (top-level listings with a remote id)."""
        rows = RemoteProduct.objects.filter(
            sales_channel_id=self.channel.pk, parent__isnull=True, remote_id__in=skus, view__isnull=False
        ).values_list("view__remote_id", "remote_id")
        found: dict[str, set[str]] = defaultdict(set)
        for marketplace_id, sku in rows:
            found[marketplace_id].add(sku)
        return found

    def search(self, *, marketplace_id: str, skus: list[str]) -> dict[str, datetime | None]:
        """{sku: lastUpdatedDate} of the SKUs this marketplace holds (one or more pages of at most 20)."""
        held: dict[str, datetime | None] = {}
        token = ""
        while True:
            answer = self.client.search_listings(
                marketplace_id=marketplace_id, page_token=token, page_size=IDENTIFIERS_LIMIT, skus=skus
            )
            for item in answer.get("items") or []:
                if item.get("sku") in skus:
                    held[str(item["sku"])] = last_updated(item=item, marketplace_id=marketplace_id)
            token = str((answer.get("pagination") or {}).get("nextToken") or "")
            if not token:
                return held

    def read(self, *, remote_ids: list[str]) -> dict[str, datetime | None]:
        mirrored = self.marketplaces_of(skus=remote_ids)
        lost: set[str] = set()
        latest: dict[str, datetime | None] = {}
        for marketplace_id in sorted(mirrored):
            for page in chunks(sorted(mirrored[marketplace_id]), IDENTIFIERS_LIMIT):
                held = self.search(marketplace_id=marketplace_id, skus=page)
                lost.update(sku for sku in page if sku not in held)
                for sku, stamp in held.items():
                    current = latest.get(sku)
                    latest[sku] = stamp if current is None or (stamp is not None and stamp > current) else current
        return {sku: stamp for sku, stamp in latest.items() if sku not in lost}
