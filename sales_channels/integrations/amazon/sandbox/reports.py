"""The sandbox's Reports API 2021-06-30: GET_MERCHANT_LISTINGS_ALL_DATA, processed after a delay, GZIP documents.

A report is a snapshot of the seller's listings in its marketplace when it was requested; it is
`IN_QUEUE`, then `IN_PROGRESS` (half its delay), then `DONE` with a `reportDocumentId`. The document
is the tab-separated flat file Amazon serves for this report (a header row, then one row per SKU,
parents included), compressed with GZIP and downloaded from the sandbox's presigned-style URL.
"""

from __future__ import annotations

import gzip
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .listings import ListingsStore, now_iso

LISTINGS_REPORT = "GET_MERCHANT_LISTINGS_ALL_DATA"
REPORT_TYPES = frozenset({LISTINGS_REPORT})
# The flat file's columns (a subset of Amazon's, in its order); importers read them by name.
COLUMNS = (
    "item-name",
    "item-description",
    "listing-id",
    "seller-sku",
    "price",
    "quantity",
    "open-date",
    "item-condition",
    "asin1",
    "product-id",
    "fulfillment-channel",
    "status",
)
CONDITION_CODES = {"new_new": "11"}


@dataclass
class Report:
    """One requested report and, once done, its document."""

    report_id: str
    report_type: str
    marketplace_ids: list[str]
    created_at: float
    created_time: str = field(default_factory=now_iso)
    status: str = "IN_QUEUE"
    started_time: str = ""
    finished_time: str = ""
    document_id: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)

    def as_answer(self) -> dict[str, Any]:
        """The Report shape of getReport."""
        answer: dict[str, Any] = {
            "reportId": self.report_id,
            "reportType": self.report_type,
            "marketplaceIds": self.marketplace_ids,
            "createdTime": self.created_time,
            "processingStatus": self.status,
        }
        if self.started_time:
            answer["processingStartTime"] = self.started_time
        if self.finished_time:
            answer["processingEndTime"] = self.finished_time
        if self.document_id:
            answer["reportDocumentId"] = self.document_id
        return answer


def _row(listing) -> dict[str, str]:
    attributes = listing.attributes

    def first(name: str, key: str = "value") -> Any:
        values = attributes.get(name) or [{}]
        return values[0].get(key) if isinstance(values[0], dict) else None

    offer = (attributes.get("purchasable_offer") or [{}])[0]
    price = ((offer.get("our_price") or [{}])[0].get("schedule") or [{}])[0].get("value_with_tax")
    quantity = first("fulfillment_availability", "quantity")
    return {
        "item-name": str(first("item_name") or ""),
        "item-description": str(first("product_description") or ""),
        "listing-id": uuid.uuid5(uuid.NAMESPACE_OID, f"{listing.marketplace_id}:{listing.sku}").hex[:10].upper(),
        "seller-sku": listing.sku,
        "price": "" if price is None else f"{float(price):.2f}",
        "quantity": "" if quantity is None else str(quantity),
        "open-date": listing.created,
        "item-condition": CONDITION_CODES.get(str(first("condition_type") or ""), ""),
        "asin1": listing.asin,
        "product-id": listing.asin,
        "fulfillment-channel": "DEFAULT",
        "status": "Active" if "purchasable_offer" in attributes and not listing.issues else "Inactive",
    }


def flat_file(rows: list[dict[str, str]]) -> bytes:
    """The report document: tab-separated, a header row, GZIP-compressed."""
    lines = ["\t".join(COLUMNS)]
    lines += [
        "\t".join(row.get(column, "").replace("\t", " ").replace("\n", " ") for column in COLUMNS) for row in rows
    ]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))


class ReportsStore:
    """Requested reports and their documents."""

    def __init__(self, *, listings: ListingsStore, clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.RLock()
        self.listings = listings
        self.clock = clock
        self.reports: dict[str, Report] = {}
        self.documents: dict[str, bytes] = {}
        self.processing_seconds = 1.0

    def create(self, *, report_type: str, marketplace_ids: list[str]) -> Report:
        rows = [_row(listing) for listing in self.listings.search(marketplace_id=marketplace_ids[0], skus=None)]
        with self.lock:
            report = Report(
                report_id=str(60_000_000_000 + len(self.reports) + 1),
                report_type=report_type,
                marketplace_ids=marketplace_ids,
                created_at=self.clock(),
                rows=rows,
            )
            self.reports[report.report_id] = report
            return report

    def get(self, report_id: str) -> Report | None:
        with self.lock:
            report = self.reports.get(report_id)
            if report is not None and report.status in ("IN_QUEUE", "IN_PROGRESS"):
                self._advance(report)
            return report

    def _advance(self, report: Report) -> None:
        elapsed = self.clock() - report.created_at
        if elapsed >= self.processing_seconds / 2 and report.status == "IN_QUEUE":
            report.status, report.started_time = "IN_PROGRESS", now_iso()
        if elapsed >= self.processing_seconds:
            report.document_id = f"amzn1.spdoc.1.4.na.{uuid.uuid4().hex}"
            self.documents[report.document_id] = flat_file(report.rows)
            report.status, report.finished_time = "DONE", now_iso()
