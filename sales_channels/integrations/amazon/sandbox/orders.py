"""The sandbox's Orders API 2026-01-01: searchOrders by lastUpdatedAfter/createdAfter with a pagination token."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from .seed import US

MAX_PAGE = 100


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def order(order_id: str, *, created: datetime, status: str, lines: list[tuple[str, str, int, str]]) -> dict[str, Any]:
    """An Order as searchOrders answers it (no buyer or recipient data: those need a Restricted Data Token)."""
    total = sum(float(price) * quantity for _, _, quantity, price in lines)
    return {
        "orderId": order_id,
        "createdTime": _iso(created),
        "lastUpdatedTime": _iso(created + timedelta(minutes=5)),
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": US, "marketplaceName": "Amazon.com"},
        "fulfillment": {"fulfillmentStatus": status, "fulfilledBy": "MERCHANT"},
        "proceeds": {"grandTotal": {"amount": f"{total:.2f}", "currencyCode": "USD"}},
        "orderItems": [
            {
                "orderItemId": f"{order_id}-{index}",
                "quantityOrdered": quantity,
                "product": {
                    "asin": "B0SEED" + sku[-3:],
                    "title": title,
                    "sellerSku": sku,
                    "price": {"unitPrice": {"amount": price, "currencyCode": "USD"}},
                },
            }
            for index, (sku, title, quantity, price) in enumerate(lines, start=1)
        ],
    }


class OrdersStore:
    """The seller's orders, newest last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        now = datetime.now(UTC).replace(microsecond=0)
        self.orders: list[dict[str, Any]] = [
            order(
                "111-0000001-0000001",
                created=now - timedelta(days=2),
                status="SHIPPED",
                lines=[("AMZ-SEED-TEE-BLK", "Sandbox Tee Black", 2, "19.99")],
            ),
            order(
                "111-0000002-0000002",
                created=now - timedelta(days=1),
                status="UNSHIPPED",
                lines=[
                    ("AMZ-SEED-CAP", "Sandbox Cap", 1, "14.50"),
                    ("AMZ-SEED-TEE-WHT", "Sandbox Tee White", 1, "19.99"),
                ],
            ),
            order(
                "111-0000003-0000003",
                created=now - timedelta(hours=3),
                status="PENDING",
                lines=[("UNKNOWN-SKU", "A listing made elsewhere", 1, "9.00")],
            ),
        ]

    def add(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.orders.append(entry)

    def search(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """(status, answer) of searchOrders."""
        since_created, since_updated = query.get("createdAfter"), query.get("lastUpdatedAfter")
        if bool(since_created) == bool(since_updated):
            return 400, {
                "errors": [
                    {"code": "InvalidInput", "message": "Exactly one of createdAfter and lastUpdatedAfter is required."}
                ]
            }
        size = int(query.get("maxResultsPerPage") or MAX_PAGE)
        if not 1 <= size <= MAX_PAGE:
            return 400, {
                "errors": [{"code": "InvalidInput", "message": "maxResultsPerPage must be between 1 and 100."}]
            }
        key, since = ("createdTime", since_created) if since_created else ("lastUpdatedTime", since_updated)
        with self.lock:
            found = sorted((o for o in self.orders if _parse(o[key]) >= _parse(since)), key=lambda o: o[key])
        start = int(query.get("paginationToken") or 0)
        answer: dict[str, Any] = {"orders": found[start : start + size], "createdTime": _iso(datetime.now(UTC))}
        if start + size < len(found):
            answer["pagination"] = {"nextToken": str(start + size)}
        return 200, answer
