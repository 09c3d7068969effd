"""The eBay order import: Fulfillment API orders modified since the last import, into the local orders app.

`GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[<since>..]&limit&offset` (offset = orders
to skip here). Resumable twice over: within a run the framework saves the cursor (the `since` the
run started from, the offset, the newest modification seen) after every page; a finished run
stores the newest modification on the channel, and the next run asks from there (orders changed
at that instant come again and are recognised by their order id: updated, never duplicated).
"""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import ImportProcess, ImportStatus

KIND = "orders"
PAGE_SIZE = 50
STAMP = "%Y-%m-%dT%H:%M:%S.000Z"
STATUSES = {"NOT_STARTED": "PENDING", "IN_PROGRESS": "PROCESSING", "FULFILLED": "SHIPPED"}


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str((value or {}).get("value")))
    except (InvalidOperation, TypeError):
        raise InvalidVendorPayload("an amount is not a number", raw_excerpt=str(value)[:200]) from None


def _moment(value: Any) -> datetime:
    try:
        return datetime.strptime(str(value), STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidVendorPayload(f"not an eBay date: {value}") from None


def to_order(record: dict[str, Any]) -> ImportedOrder:
    """An eBay order as the framework's neutral order (buyer fields are often redacted: kept optional)."""
    if not isinstance(record, dict) or not record.get("orderId"):
        raise InvalidVendorPayload("an order needs an orderId", raw_excerpt=str(record)[:300])
    total = (record.get("pricingSummary") or {}).get("total") or {}
    status = STATUSES.get(str(record.get("orderFulfillmentStatus")), "PENDING")
    if (record.get("cancelStatus") or {}).get("cancelState") == "CANCELED":
        status = "CANCELLED"
    lines = []
    for line in record.get("lineItems") or []:
        quantity = int(line.get("quantity") or 1)
        cost = _amount(line.get("lineItemCost"))
        lines.append(
            ImportedOrderLine(
                sku=str(line.get("sku") or ""),
                name=str(line.get("title") or ""),
                quantity=quantity,
                price=(cost / quantity).quantize(Decimal("0.01")),
            )
        )
    return ImportedOrder(
        remote_id=str(record["orderId"]),
        name=str(record["orderId"]),
        currency=str(total.get("currency") or "USD"),
        ordered_at=_moment(record.get("creationDate")),
        lines=tuple(lines),
        status=status,
        customer_name=str((record.get("buyer") or {}).get("username") or ""),
        total=_amount(total) if total else None,
    )


class EbayOrderImportStep(OrderImportStep):
    """One Fulfillment API order -> the local order."""

    def parse(self) -> ImportedOrder:
        return to_order(self.record)

    def reference_for(self, order: ImportedOrder) -> str:
        return f"ebay-{order.remote_id}"[:100]


class EbayOrdersImport(ImportProcessor):
    """Orders modified since the last import, by offset pages (kind "orders")."""

    kind = KIND
    item_step = EbayOrderImportStep
    page_size = PAGE_SIZE

    def identifier(self, record: Any) -> str:
        return str(record.get("orderId") or "")[:255] if isinstance(record, dict) else ""

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        if cursor is None:
            since = self.context.channel.orders_modified_since
            cursor = {"since": since.astimezone(UTC).strftime(STAMP) if since else None, "offset": 0, "newest": None}
        params: dict[str, Any] = {"limit": self.page_size, "offset": cursor["offset"]}
        if cursor.get("since"):
            params["filter"] = f"lastmodifieddate:[{cursor['since']}..]"
        answer = self.context.client.orders_page(params=params)
        records = list(answer.get("orders") or [])
        newest = max([cursor.get("newest") or "", *(str(r.get("lastModifiedDate") or "") for r in records)])
        offset = cursor["offset"] + len(records)
        more = bool(records) and offset < int(answer.get("total") or 0)
        self.newest_seen = newest or None
        following = {"since": cursor.get("since"), "offset": offset, "newest": newest or None}
        return Page(records=records, next_cursor=following if more else None)

    def run(self) -> ImportProcess:
        process = super().run()
        newest = getattr(self, "newest_seen", None)
        if process.status == ImportStatus.SUCCEEDED and newest:
            EbaySalesChannel.objects.filter(pk=self.context.channel.pk).update(orders_modified_since=_moment(newest))
        return process
