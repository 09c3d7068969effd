"""The eBay order import: Fulfillment API orders modified since the last import, into the local orders app.

`GET /sell/fulfillment/v1/order?filter=lastmodifieddate:[<since>..]&limit&offset` (offset = orders
to skip here). Resumable twice over: within a run the framework saves the cursor (the `since` the
run started from, the offset, the newest modification seen) after every page; a finished run
stores the newest modification on the channel, and the next run asks from there (orders changed
at that instant come again and are recognised by their order id: updated, never duplicated).

eBay's timestamps are ISO 8601 in UTC with milliseconds (`2015-08-04T19:09:02.768Z`); any
fraction (or none) is read. The filter is sent in eBay's form, milliseconds included
(`lastmodifieddate:[2016-03-24T00:00:00.000Z..]`, inclusive): the cursor is the newest
modification seen, cut to the millisecond, so an order modified in that same millisecond (seen
or not) comes again and nothing is lost. An order modified during a run moves in eBay's list (whose order
is not promised) and can push another order past the run's offset: when the run sees an order again
with a new modification, the next run starts from its former one instead of the newest seen.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import StepContext
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.imports.orders import OrderImportStep
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.models import ImportProcess, ImportStatus

KIND = "orders"
PAGE_SIZE = 50
EBAY_MOMENT = re.compile(
    r"^(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d{1,9}))?(?P<zone>Z|[+-]\d{2}:\d{2})$"
)
STATUSES = {"NOT_STARTED": "PENDING", "IN_PROGRESS": "PROCESSING", "FULFILLED": "SHIPPED"}


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str((value or {}).get("value")))
    except (InvalidOperation, TypeError):
        raise InvalidVendorPayload("an amount is not a number", raw_excerpt=str(value)[:200]) from None


def parse_moment(value: Any) -> datetime:
    """An eBay ISO 8601 timestamp (`2015-08-04T19:09:02.768Z`, any fraction or none) as an aware UTC datetime."""
    match = EBAY_MOMENT.match(str(value).strip())
    try:
        if match is None:
            raise ValueError(value)
        fraction = (match["fraction"] or "").ljust(6, "0")[:6]
        zone = "+00:00" if match["zone"] == "Z" else match["zone"]
        return datetime.fromisoformat(f"{match['base']}.{fraction}{zone}").astimezone(UTC)
    except ValueError:
        raise InvalidVendorPayload(f"not an eBay date: {value}") from None


def ebay_stamp(moment: datetime) -> str:
    """A datetime in eBay's filter form: UTC, milliseconds (cut, never rounded up), `Z`."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def newest_moment(values: list[Any]) -> datetime | None:
    """The latest of eBay timestamps, unreadable ones skipped (a broken record must not stop the cursor)."""
    found = []
    for value in values:
        try:
            found.append(parse_moment(value))
        except InvalidVendorPayload:
            continue
    return max(found, default=None)


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
        ordered_at=parse_moment(record.get("creationDate")),
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

    def __init__(self, *, process: ImportProcess, context: StepContext) -> None:
        super().__init__(process=process, context=context)
        self.seen_orders: dict[str, Any] = {}  # orderId -> its lastModifiedDate as this run saw it
        self.moved_from: datetime | None = None  # the earliest former modification of an order that moved

    def identifier(self, record: Any) -> str:
        return str(record.get("orderId") or "")[:255] if isinstance(record, dict) else ""

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        if cursor is None:
            since = cast(EbaySalesChannel, self.context.channel).orders_modified_since
            cursor = {"since": ebay_stamp(since) if since else None, "offset": 0, "newest": None}
        params: dict[str, Any] = {"limit": self.page_size, "offset": cursor["offset"]}
        if cursor.get("since"):
            params["filter"] = f"lastmodifieddate:[{ebay_stamp(parse_moment(cursor['since']))}..]"
        answer = self.context.client.orders_page(params=params)
        records = list(answer.get("orders") or [])
        self.note_moves(records)
        seen = [r.get("lastModifiedDate") for r in records if isinstance(r, dict)]
        newest = newest_moment([cursor.get("newest"), *seen])
        offset = cursor["offset"] + len(records)
        more = bool(records) and offset < int(answer.get("total") or 0)
        self.newest_seen = newest
        following = {"since": cursor.get("since"), "offset": offset, "newest": ebay_stamp(newest) if newest else None}
        return Page(records=records, next_cursor=following if more else None)

    def note_moves(self, records: list[Any]) -> None:
        """Remember each order's modification seen in this run; an order seen again, modified meanwhile, moved in
        eBay's list and may have pushed another past the offset: the next import then starts from its former one."""
        for record in records:
            if not isinstance(record, dict) or not record.get("orderId"):
                continue
            before = self.seen_orders.get(str(record["orderId"]))
            if before is not None and before != record.get("lastModifiedDate"):
                moved = newest_moment([before])
                if moved is not None and (self.moved_from is None or moved < self.moved_from):
                    self.moved_from = moved
            self.seen_orders[str(record["orderId"])] = record.get("lastModifiedDate")

    def run(self) -> ImportProcess:
        process = super().run()
        newest: datetime | None = getattr(self, "newest_seen", None)
        if newest is not None and self.moved_from is not None:
            newest = min(newest, self.moved_from)
        if process.status == ImportStatus.SUCCEEDED and newest is not None:
            EbaySalesChannel.objects.filter(pk=self.context.channel.pk).update(orders_modified_since=newest)
        return process
