"""The Magento 2 order import: `/V1/orders` filtered on `updated_at`, oldest update first, into the local orders app.

Magento Open Source sends no webhooks, so orders are polled. The cursor holds the `updated_at` the run
started from and the next page number (saved by the framework after every page: an interrupted
import resumes at its page); the pages stop on `total_count`. A finished run moves the channel's
`orders_updated_since` to the newest update it saw, so the next run asks only for what changed
since (orders updated at that same second come again and are recognised by their entity id).
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine

KIND = "orders"
PAGE_SIZE = 50
STATUSES = {
    "new": "PENDING",
    "pending_payment": "PENDING",
    "payment_review": "PENDING",
    "holded": "PENDING",
    "processing": "PROCESSING",
    "complete": "COMPLETED",
    "closed": "REFUNDED",
    "canceled": "CANCELLED",
}


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value is not None else "0"))
    except (InvalidOperation, ValueError):
        raise InvalidVendorPayload(f"amount {value!r} is not a number") from None


def _when(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.UTC)
    except ValueError:
        raise InvalidVendorPayload(f"date {value!r} is not Magento's 'YYYY-MM-DD HH:MM:SS'") from None


def to_neutral(record: dict[str, Any]) -> ImportedOrder:
    """A Magento order -> the framework's order value (a child line is skipped: its configurable parent carries it)."""
    if not isinstance(record, dict) or not record.get("entity_id"):
        raise InvalidVendorPayload("the order record has no entity_id")
    lines = tuple(
        ImportedOrderLine(
            sku=str(item.get("sku") or ""),
            name=str(item.get("name") or ""),
            quantity=int(float(item.get("qty_ordered") or 0)),
            price=_decimal(item.get("price")),
        )
        for item in record.get("items") or []
        if not item.get("parent_item_id")
    )
    name = " ".join(part for part in (record.get("customer_firstname"), record.get("customer_lastname")) if part)
    return ImportedOrder(
        remote_id=str(record["entity_id"]),
        name=str(record.get("increment_id") or record["entity_id"]),
        currency=str(record.get("order_currency_code") or record.get("base_currency_code") or ""),
        ordered_at=_when(record.get("created_at")),
        lines=lines,
        status=STATUSES.get(str(record.get("state") or record.get("status") or ""), "PENDING"),
        customer_name=name,
        customer_email=str(record.get("customer_email") or ""),
        total=_decimal(record.get("grand_total")),
    )


class Magento2OrderImportStep(OrderImportStep):
    """One Magento order -> the local order (the framework's order writer does the rest)."""

    def parse(self) -> ImportedOrder:
        return to_neutral(self.record)


class Magento2OrdersImport(ImportProcessor):
    """Orders updated since the last run, by searchCriteria pages (kind "orders")."""

    kind = KIND
    item_step = Magento2OrderImportStep
    page_size = PAGE_SIZE

    def identifier(self, record: Any) -> str:
        return (
            str(record.get("increment_id") or record.get("entity_id") or "")[:255] if isinstance(record, dict) else ""
        )

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        channel = self.context.channel
        cursor = cursor or {"since": channel.orders_updated_since, "page": 1, "newest": channel.orders_updated_since}
        filters = [[("updated_at", cursor["since"], "gteq")]] if cursor.get("since") else []
        page = int(cursor.get("page") or 1)
        records, total = self.context.client.search_page(
            "orders", page=page, page_size=self.page_size, filters=filters, sort="updated_at"
        )
        newest = max([cursor.get("newest") or "", *(str(r.get("updated_at") or "") for r in records)])
        if page * self.page_size < total and records:
            return Page(records=records, next_cursor={**cursor, "page": page + 1, "newest": newest}, total=total)
        if newest and newest != channel.orders_updated_since:
            type(channel).objects.filter(pk=channel.pk).update(orders_updated_since=newest)
            channel.orders_updated_since = newest
        return Page(records=records, next_cursor=None, total=total)
