"""The order import: `GET /orders?modified_after=...&orderby=id&order=asc`, 100 a page, into the orders app.

Resumable twice over: within a run the cursor (`since` and the next page) is saved on the
ImportProcess after every page; across runs the next import asks for orders modified after the
newest order already imported from the channel, less a minute (`modified_after` is strict and the
store's timestamps have whole seconds; orders seen again are recognised by their id and only their
status and totals are updated). `order.created` / `order.updated` webhooks write the
same way (`write_webhook_order`).
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep, newest_imported_order_at, write_order
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine

KIND = "orders"
OVERLAP = timedelta(minutes=1)  # orders seen again are recognised by id (status and totals only)
STATUSES = {
    "pending": "PENDING",
    "on-hold": "PENDING",
    "failed": "PENDING",
    "checkout-draft": "PENDING",
    "processing": "PROCESSING",
    "completed": "COMPLETED",
    "cancelled": "CANCELLED",
    "refunded": "REFUNDED",
}


def _decimal(value: Any, *, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidVendorPayload(f"order {what} is not a number: {value!r}") from None


def _gmt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidVendorPayload(f"not a date: {value!r}") from None


def parse_order(record: Any) -> ImportedOrder:
    """A wc/v3 order (REST answer or webhook body) as the order writer's neutral value."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), int):
        raise InvalidVendorPayload(f"an order needs an integer id, got {str(record)[:120]}")
    billing = record.get("billing") or {}
    lines = tuple(
        ImportedOrderLine(
            sku=str(line.get("sku") or ""),
            name=str(line.get("name") or ""),
            quantity=int(line.get("quantity") or 0),
            price=_decimal(line.get("price", 0), what="line price"),
        )
        for line in record.get("line_items") or []
        if isinstance(line, dict)
    )
    name = " ".join(part for part in (billing.get("first_name"), billing.get("last_name")) if part)
    return ImportedOrder(
        remote_id=str(record["id"]),
        name=str(record.get("number") or record["id"]),
        currency=str(record.get("currency") or ""),
        ordered_at=_gmt(record.get("date_created_gmt")),
        lines=lines,
        status=STATUSES.get(str(record.get("status") or ""), "PENDING"),
        customer_name=name,
        customer_email=str(billing.get("email") or ""),
        total=_decimal(record["total"], what="total") if record.get("total") not in (None, "") else None,
    )


def order_reference(*, channel, order: ImportedOrder) -> str:
    return f"woo-{channel.pk}-{order.name}"[:100]


def write_webhook_order(*, channel, payload: Any) -> str:
    """An order.created / order.updated webhook body -> the local order; the outcome kind."""
    order = parse_order(payload)
    _local, kind = write_order(channel=channel, order=order, reference=order_reference(channel=channel, order=order))
    return kind


class WooCommerceOrderImportStep(OrderImportStep):
    """One wc/v3 order -> the framework's order value; the framework writer does the rest."""

    def parse(self) -> ImportedOrder:
        return parse_order(self.record)

    def reference_for(self, order: ImportedOrder) -> str:
        return order_reference(channel=self.channel, order=order)


class WooCommerceOrdersImport(ImportProcessor):
    """Orders modified after the newest imported one, 100 a page by id."""

    kind = KIND
    item_step = WooCommerceOrderImportStep

    def identifier(self, record: Any) -> str:
        return str(record.get("number") or record.get("id") or "")[:255] if isinstance(record, dict) else ""

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        if cursor is None:
            newest = newest_imported_order_at(channel=self.context.channel)
            start = newest - OVERLAP if newest else None  # the store's timestamps have whole seconds
            since = start.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") if start else None
            cursor = {"since": since, "page": 1}
        filters = {"orderby": "id", "order": "asc"}
        if cursor.get("since"):
            filters["modified_after"] = cursor["since"]
        items, total, pages = self.context.client.page("orders", page=cursor["page"], **filters)
        following = {**cursor, "page": cursor["page"] + 1} if cursor["page"] < pages else None
        return Page(records=items, next_cursor=following, total=total)
