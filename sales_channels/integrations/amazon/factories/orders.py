"""Importing Amazon orders (Orders API 2026-01-01 `searchOrders`) into the local orders app.

Resumable twice over: within a run the framework saves the cursor (`since` and Amazon's
`paginationToken`) on the ImportProcess of kind "orders" after every page; across runs the next import
asks only for orders updated since the newest order already imported from the channel (orders at that
instant come again and are recognised by their order id). Buyer and recipient data are not requested:
they need a Restricted Data Token, and the order is written without them. searchOrders allows 0.0056
requests per second (burst 20): pages are 100 orders.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep, newest_imported_order_at
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine
from sales_channels.models import SalesChannelView

KIND = "orders"
PAGE_SIZE = 100
FIRST_IMPORT_DAYS = 30
STATUSES = {
    "PENDING_AVAILABILITY": "PENDING",
    "PENDING": "PENDING",
    "UNSHIPPED": "PROCESSING",
    "PARTIALLY_SHIPPED": "PROCESSING",
    "SHIPPED": "SHIPPED",
    "CANCELLED": "CANCELLED",
    "UNFULFILLABLE": "CANCELLED",
}


def _money(value: Any) -> tuple[Decimal, str]:
    try:
        return Decimal(str(value["amount"])), str(value["currencyCode"])
    except (KeyError, TypeError, InvalidOperation) as error:
        raise InvalidVendorPayload(f"an amount without amount or currency: {str(value)[:80]}") from error


def _moment(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError) as error:
        raise InvalidVendorPayload(f"not an ISO 8601 time: {value!r}") from error


class AmazonOrderImportStep(OrderImportStep):
    """One Amazon order -> the framework's neutral order."""

    def parse(self) -> ImportedOrder:
        record = self.record
        order_id = record.get("orderId")
        if not isinstance(order_id, str) or not order_id or not isinstance(record.get("orderItems"), list):
            raise InvalidVendorPayload(f"an order needs an orderId and orderItems, got {str(record)[:120]}")
        lines, currency = [], ""
        for item in record["orderItems"]:
            product = item.get("product") or {}
            price, currency = _money((product.get("price") or {}).get("unitPrice"))
            lines.append(
                ImportedOrderLine(
                    sku=str(product.get("sellerSku") or ""),
                    name=str(product.get("title") or product.get("sellerSku") or ""),
                    quantity=int(item.get("quantityOrdered") or 0),
                    price=price,
                )
            )
        grand_total = (record.get("proceeds") or {}).get("grandTotal")
        total, total_currency = _money(grand_total) if grand_total else (None, currency)
        status = ((record.get("fulfillment") or {}).get("fulfillmentStatus")) or "PENDING"
        return ImportedOrder(
            remote_id=order_id,
            name=order_id,
            currency=total_currency or currency or "USD",
            ordered_at=_moment(record.get("createdTime", "")),
            lines=tuple(lines),
            status=STATUSES.get(status, "PENDING"),
            total=total,
        )

    def reference_for(self, order: ImportedOrder) -> str:
        return f"AMZ-{order.remote_id}"


def orders_since(*, channel) -> str:
    """Where the next import starts: the newest imported order's time, else 30 days back (ISO 8601, UTC)."""
    newest = newest_imported_order_at(channel=channel) or datetime.now(UTC) - timedelta(days=FIRST_IMPORT_DAYS)
    return newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AmazonOrdersImport(ImportProcessor):
    """The seller's orders in every active marketplace of the channel, changed since the last import."""

    kind = KIND
    item_step = AmazonOrderImportStep

    def identifier(self, record: Any) -> str:
        return str(record.get("orderId") or "")[:255] if isinstance(record, dict) else ""

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        cursor = cursor or {"since": orders_since(channel=self.context.channel)}
        marketplaces = list(
            SalesChannelView.objects.filter(sales_channel=self.context.channel, active=True).values_list(
                "remote_id", flat=True
            )
        )
        answer = self.context.client.search_orders(
            marketplace_ids=marketplaces,
            last_updated_after=cursor["since"],
            page_token=cursor.get("token", ""),
            page_size=PAGE_SIZE,
        )
        token = (answer.get("pagination") or {}).get("nextToken")
        return Page(
            records=list(answer.get("orders") or []),
            next_cursor={"since": cursor["since"], "token": token} if token else None,
        )
