"""Shopify orders into typed values: the GraphQL OrdersPage node and the REST-shaped orders/create webhook.

Pure functions; a malformed order raises InvalidVendorPayload. Both shapes end in the framework's
`ImportedOrder` (`sales_channels.imports.values`), so the import and the webhook share one writer.
Its `status` is the local status mapped from Shopify's financial and fulfillment statuses
(`order_status`).
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateparse import parse_datetime

from orders.models import Order
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine

STATUS = Order.Status
PAID_LIKE = {"PAID", "PARTIALLY_PAID", "AUTHORIZED", "PARTIALLY_REFUNDED"}
FULFILLMENT_STATUS = {"FULFILLED": STATUS.COMPLETED, "PARTIALLY_FULFILLED": STATUS.SHIPPED}
# REST spellings of the GraphQL enums (the webhook payload is REST-shaped).
REST_FULFILLMENT = {None: "UNFULFILLED", "": "UNFULFILLED", "fulfilled": "FULFILLED", "partial": "PARTIALLY_FULFILLED"}


def order_status(*, financial: str, fulfillment: str, cancelled: bool = False) -> str:
    """The local status: cancelled/voided, refunded, fulfilled (completed when paid), paid, else pending."""
    financial, fulfillment = (financial or "").upper(), (fulfillment or "").upper()
    if cancelled or financial in ("VOIDED", "EXPIRED"):
        return STATUS.CANCELLED
    if financial == "REFUNDED":
        return STATUS.REFUNDED
    if fulfillment in FULFILLMENT_STATUS:
        if fulfillment == "FULFILLED" and financial not in PAID_LIKE:
            return STATUS.SHIPPED
        return FULFILLMENT_STATUS[fulfillment]
    return STATUS.PROCESSING if financial in PAID_LIKE else STATUS.PENDING


def _decimal(value: Any, *, what: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise InvalidVendorPayload(f"{what} is not a decimal: {value!r}") from error


def _when(value: Any) -> datetime.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise InvalidVendorPayload(f"not a date-time: {value!r}")
    return parsed


def _line(*, sku: Any, name: Any, quantity: Any, price: Any) -> ImportedOrderLine | None:
    if not isinstance(quantity, int) or quantity < 0:
        raise InvalidVendorPayload(f"line '{name}' has no valid quantity: {quantity!r}")
    if quantity == 0:  # removed in an edit
        return None
    return ImportedOrderLine(
        sku=str(sku or "").strip(), name=str(name or "")[:512], quantity=quantity, price=_decimal(price, what="price")
    )


def _full_name(first: Any, last: Any) -> str:
    return " ".join(part for part in (first, last) if part)[:255]


def parse_order_node(node: Any) -> ImportedOrder:
    """A typed order from an OrdersPage node."""
    if not isinstance(node, dict) or not isinstance(node.get("id"), str) or not node.get("currencyCode"):
        raise InvalidVendorPayload(f"order without an id or currency: {str(node)[:200]}")
    try:
        lines = [
            _line(
                sku=item.get("sku"),
                name=item.get("title"),
                quantity=item.get("quantity"),
                price=((item.get("originalUnitPriceSet") or {}).get("shopMoney") or {}).get("amount"),
            )
            for item in (node.get("lineItems") or {}).get("nodes") or []
        ]
        customer = node.get("customer") or {}
        email = node.get("email") or ((customer.get("defaultEmailAddress") or {}).get("emailAddress")) or ""
        total = ((node.get("totalPriceSet") or {}).get("shopMoney") or {}).get("amount")
    except (AttributeError, TypeError) as error:
        raise InvalidVendorPayload(f"order {node['id']}: unexpected shape ({error})") from error
    return ImportedOrder(
        remote_id=node["id"],
        name=str(node.get("name") or node["id"]),
        currency=str(node["currencyCode"]).upper(),
        ordered_at=_when(node.get("processedAt")),
        lines=tuple(line for line in lines if line is not None),
        status=order_status(
            financial=str(node.get("displayFinancialStatus") or ""),
            fulfillment=str(node.get("displayFulfillmentStatus") or ""),
        ),
        customer_name=_full_name(customer.get("firstName"), customer.get("lastName")),
        customer_email=str(email)[:254],
        total=_decimal(total, what="total") if total is not None else None,
    )


def parse_webhook_order(payload: Any) -> ImportedOrder:
    """A typed order from a REST-shaped orders/create webhook payload."""
    if not isinstance(payload, dict) or payload.get("id") is None or not payload.get("currency"):
        raise InvalidVendorPayload(f"orders/create payload without an id or currency: {str(payload)[:200]}")
    remote_id = payload.get("admin_graphql_api_id") or f"gid://shopify/Order/{payload['id']}"
    try:
        lines = [
            _line(sku=item.get("sku"), name=item.get("title") or item.get("name"), **_rest_amounts(item))
            for item in payload.get("line_items") or []
        ]
        customer = payload.get("customer") or {}
        email = payload.get("email") or payload.get("contact_email") or customer.get("email") or ""
    except (AttributeError, TypeError) as error:
        raise InvalidVendorPayload(f"orders/create {payload['id']}: unexpected shape ({error})") from error
    total = payload.get("total_price")
    return ImportedOrder(
        remote_id=str(remote_id),
        name=str(payload.get("name") or payload["id"]),
        currency=str(payload["currency"]).upper(),
        ordered_at=_when(payload.get("processed_at") or payload.get("created_at")),
        lines=tuple(line for line in lines if line is not None),
        status=order_status(
            financial=str(payload.get("financial_status") or ""),
            fulfillment=REST_FULFILLMENT.get(payload.get("fulfillment_status"), "UNFULFILLED"),
            cancelled=bool(payload.get("cancelled_at")),
        ),
        customer_name=_full_name(customer.get("first_name"), customer.get("last_name")),
        customer_email=str(email)[:254],
        total=_decimal(total, what="total_price") if total is not None else None,
    )


def _rest_amounts(item: dict) -> dict[str, Any]:
    return {"quantity": item.get("quantity"), "price": item.get("price")}
