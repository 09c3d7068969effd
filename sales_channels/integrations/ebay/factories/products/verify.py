"""The `remote.verify` step: which of our listings (SKUs and group keys) eBay still holds.

SKUs are read back 25 at a time with `bulk_get_inventory_item`; a group key (a configurable's
listing) with `GET inventory_item_group`. eBay gives no change time for inventory items, so only
missing listings are found (an absent id is read as missing by the framework).
"""

from datetime import datetime

from sales_channels.exceptions import RemoteObjectMissing
from sales_channels.factories.base import SyncStep
from sales_channels.factories.batch import chunks
from sales_channels.integrations.ebay.client import BULK_LIMIT
from sales_channels.models import RemoteProduct


class EbayListingsVerifyStep(SyncStep):
    """Read back listing ids; {id: None} for those eBay still holds."""

    usage = "remote.verify"
    page_size = 100

    def read(self, *, remote_ids: list[str]) -> dict[str, datetime | None]:
        groups = set(
            RemoteProduct.objects.filter(
                sales_channel_id=self.channel.pk, remote_id__in=remote_ids, variations__isnull=False
            )
            .values_list("remote_id", flat=True)
            .distinct()
        )
        held: dict[str, datetime | None] = {}
        for key in sorted(groups):
            try:
                self.client.get_group(key=key)
            except RemoteObjectMissing:
                continue
            held[key] = None
        skus = [remote_id for remote_id in remote_ids if remote_id not in groups]
        for page in chunks(skus, BULK_LIMIT):
            for response in self.client.bulk_get_items(skus=page):
                if response.get("statusCode") == 200 and response.get("sku"):
                    held[str(response["sku"])] = None
        return held
