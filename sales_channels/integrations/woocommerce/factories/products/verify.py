"""`remote.verify`: which listings the store still holds and when each last changed there (drift check)."""

from datetime import UTC, datetime

from sales_channels.factories.base import SyncStep

PAGE_SIZE = 100


class WooCommerceProductsVerifyStep(SyncStep):
    """Reads back up to 100 listings per call (`GET /products?include=...`): {remote id: date_modified_gmt}."""

    page_size = PAGE_SIZE

    def read(self, *, remote_ids: list[str]) -> dict[str, datetime]:
        items, _, _ = self.client.page("products", page=1, include=",".join(remote_ids), status="any")
        held = {}
        for item in items:
            stamp = item.get("date_modified_gmt")
            held[str(item["id"])] = datetime.fromisoformat(stamp).replace(tzinfo=UTC) if stamp else datetime.now(UTC)
        return held
