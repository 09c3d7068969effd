"""The `remote.verify` step: which of our listings (SKUs) the store still holds and when each last changed there.

One search per page of SKUs: `GET /V1/products` with a `sku in (...)` filter (Magento splits an `in`
value on commas, so a SKU holding a comma is read alone with `GET /V1/products/{sku}`). A product's
`updated_at` is the store's last change of it (UTC, "YYYY-MM-DD HH:MM:SS"); the framework compares it
with our last push. An SKU absent from the answer is missing.
"""

from datetime import UTC, datetime
from urllib.parse import quote

from sales_channels.exceptions import InvalidVendorPayload, RemoteObjectMissing
from sales_channels.factories.base import SyncStep

PAGE_SIZE = 100


def changed_at(*, product: dict) -> datetime | None:
    """The product's `updated_at` as an aware UTC time (None when the store sent none)."""
    stamp = product.get("updated_at")
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(str(stamp)).replace(tzinfo=UTC)
    except ValueError as error:
        raise InvalidVendorPayload(f"product {product.get('sku')!s}: updated_at '{stamp}' is not a date") from error


class Magento2ProductsVerifyStep(SyncStep):
    """Reads back up to 100 SKUs per search: {sku: updated_at} for the products the store still holds."""

    usage = "remote.verify"
    page_size = PAGE_SIZE

    def read(self, *, remote_ids: list[str]) -> dict[str, datetime | None]:
        wanted = set(remote_ids)
        listed = sorted(sku for sku in wanted if "," not in sku)
        held: dict[str, datetime | None] = {}
        if listed:
            filters = [[("sku", ",".join(listed), "in")]]
            for product in self.client.search_all("products", page_size=PAGE_SIZE, filters=filters):
                sku = str(product.get("sku") or "")
                if sku in wanted:
                    held[sku] = changed_at(product=product)
        for sku in sorted(wanted - set(listed)):
            try:
                product = self.client.get(f"products/{quote(sku, safe='')}", remote_id=sku)
            except RemoteObjectMissing:
                continue
            held[sku] = changed_at(product=product)
        return held
