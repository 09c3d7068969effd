"""The `remote.verify` step: which of our product ids the shop still holds, and when each last changed.

One `nodes(ids:)` call per page of at most 250 ids (Shopify's input-array limit); an id the shop no
longer holds comes back as null and is left out of the answer, which the framework reads as missing.
"""

from datetime import datetime

from sales_channels.factories.base import SyncStep

PAGE_SIZE = 250  # vendor-facts 1.5: input arrays take at most 250 items


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class ShopifyProductsVerifyStep(SyncStep):
    """Read back product ids in pages; {gid: updatedAt} for the products the shop still has."""

    usage = "remote.verify"
    page_size = PAGE_SIZE

    def read(self, *, remote_ids: list[str]) -> dict[str, datetime | None]:
        held: dict[str, datetime | None] = {}
        for start in range(0, len(remote_ids), PAGE_SIZE):
            page = remote_ids[start : start + PAGE_SIZE]
            data = self.client.execute(document="products_verify", variables={"ids": page})
            for node in data.get("nodes") or []:
                if isinstance(node, dict) and node.get("id"):
                    held[node["id"]] = _parse_time(node.get("updatedAt"))
        return held
