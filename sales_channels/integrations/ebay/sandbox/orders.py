"""The sandbox's Fulfillment API orders: `GET /order` with eBay's `lastmodifieddate` / `creationdate` filter.

`filter=lastmodifieddate:[2026-01-01T00:00:00.000Z..]` (an open or closed range), `limit` (1-200,
default 50) and `offset` (orders to skip on this call). Orders come oldest change first here; the
integration must not rely on an order, only on the filter.

Dates carry real milliseconds, as eBay's do (`2015-08-04T19:09:02.768Z`); the filter's timestamps
must be in eBay's form with milliseconds (anything else is refused with 30700, as a malformed
filter), and a range is inclusive at both ends, compared to the millisecond.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from .replies import SandboxError, error

FILTER = re.compile(r"^(lastmodifieddate|creationdate):\[(?P<start>[^\]]*?)\.\.(?P<end>[^\]]*)\]$")
FILTER_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
ORDER_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z$")
PAGE_LIMIT = 200


def stamp(moment: datetime) -> str:
    """eBay's form: UTC with milliseconds (`2015-08-04T19:09:02.768Z`)."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _moment(value: str) -> datetime:
    match = ORDER_STAMP.match(value)
    if match is None:
        raise ValueError(value)
    base = datetime.strptime(match[1], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return base.replace(microsecond=int((match[2] or "").ljust(3, "0")[:3]) * 1000)


def _sortable(value: Any) -> datetime:
    """An order's own date; an unreadable one (a test's broken record) sorts last and passes an open-ended filter."""
    try:
        return _moment(str(value))
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)


def _parse(value: str) -> datetime:
    """A filter timestamp: eBay's form only (milliseconds and Z)."""
    if FILTER_STAMP.match(value) is None:
        raise SandboxError(400, error(30700, f"Invalid date in filter: {value}", domain="API_FULFILLMENT"))
    return _moment(value)


def order(
    *, number: int, sku: str, title: str, quantity: int, price: str, currency: str, when: datetime
) -> dict[str, Any]:
    total = f"{float(price) * quantity:.2f}"
    return {
        "orderId": f"26-0{number:04d}-{number * 7:05d}",
        "creationDate": stamp(when),
        "lastModifiedDate": stamp(when),
        "orderFulfillmentStatus": "NOT_STARTED",
        "orderPaymentStatus": "PAID",
        "buyer": {"username": f"buyer_{number}"},
        "pricingSummary": {"total": {"value": total, "currency": currency}},
        "lineItems": [
            {
                "lineItemId": f"{number}0001",
                "sku": sku,
                "title": title,
                "quantity": quantity,
                "lineItemCost": {"value": total, "currency": currency},
            }
        ],
    }


def seed_orders(now: datetime) -> dict[str, dict[str, Any]]:
    found = [
        order(
            number=1,
            sku="EBAY-MUG-1",
            title="Seeded mug",
            quantity=2,
            price="12.50",
            currency="USD",
            when=now - timedelta(days=3),
        ),
        order(
            number=2,
            sku="EBAY-LAMP-1",
            title="Seeded lamp",
            quantity=1,
            price="40.00",
            currency="USD",
            when=now - timedelta(days=2),
        ),
        order(
            number=3,
            sku="UNKNOWN-1",
            title="Something else",
            quantity=1,
            price="5.00",
            currency="USD",
            when=now - timedelta(days=1),
        ),
    ]
    return {item["orderId"]: item for item in found}


def page(orders: dict[str, dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    try:
        limit, offset = int(query.get("limit", 50)), int(query.get("offset", 0))
    except ValueError:
        raise SandboxError(400, error(30500, "limit and offset must be integers.", domain="API_FULFILLMENT")) from None
    if not 1 <= limit <= PAGE_LIMIT or offset < 0:
        raise SandboxError(400, error(30500, "limit must be 1-200.", domain="API_FULFILLMENT"))
    chosen = sorted(orders.values(), key=lambda o: (_sortable(o.get("lastModifiedDate")), o["orderId"]))
    raw = query.get("filter", "")
    if raw:
        match = FILTER.match(raw)
        if match is None:
            raise SandboxError(400, error(30700, f"Invalid filter: {raw}", domain="API_FULFILLMENT"))
        field = "lastModifiedDate" if raw.startswith("lastmodifieddate") else "creationDate"
        start = _parse(match["start"]) if match["start"] else None
        end = _parse(match["end"]) if match["end"] else None
        chosen = [
            o
            for o in chosen
            if (start is None or _sortable(o[field]) >= start) and (end is None or _sortable(o[field]) <= end)
        ]
    window = chosen[offset : offset + limit]
    answer: dict[str, Any] = {"total": len(chosen), "limit": limit, "offset": offset, "orders": window}
    if offset + limit < len(chosen):
        answer["next"] = f"/sell/fulfillment/v1/order?limit={limit}&offset={offset + limit}"
    return answer
