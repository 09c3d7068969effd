"""The sandbox's Fulfillment API orders: `GET /order` with eBay's `lastmodifieddate` / `creationdate` filter.

`filter=lastmodifieddate:[2026-01-01T00:00:00.000Z..]` (an open or closed range), `limit` (1-200,
default 50) and `offset` (orders to skip on this call). Orders come oldest change first here; the
integration must not rely on an order, only on the filter.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from .replies import SandboxError, error

FILTER = re.compile(r"^(lastmodifieddate|creationdate):\[(?P<start>[^\]]*?)\.\.(?P<end>[^\]]*)\]$")
STAMP = "%Y-%m-%dT%H:%M:%S.000Z"
PAGE_LIMIT = 200


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def _parse(value: str) -> datetime:
    try:
        return datetime.strptime(value, STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise SandboxError(400, error(30700, f"Invalid date in filter: {value}", domain="API_FULFILLMENT")) from None


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
    chosen = sorted(orders.values(), key=lambda o: (o["lastModifiedDate"], o["orderId"]))
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
            if (start is None or _parse(o[field]) >= start) and (end is None or _parse(o[field]) <= end)
        ]
    window = chosen[offset : offset + limit]
    answer: dict[str, Any] = {"total": len(chosen), "limit": limit, "offset": offset, "orders": window}
    if offset + limit < len(chosen):
        answer["next"] = f"/sell/fulfillment/v1/order?limit={limit}&offset={offset + limit}"
    return answer
