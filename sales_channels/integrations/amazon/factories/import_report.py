"""The listings report path of the import (catalogs over 1,000 SKUs): request, wait, download, then pages of SKUs.

`searchListingsItems` pages through at most 1,000 SKUs, so a larger catalog is read from the
GET_MERCHANT_LISTINGS_ALL_DATA report: `createReport`, `getReport` until DONE, `getReportDocument`
and its (GZIP) tab-separated file, whose `seller-sku` column lists every SKU. The listings are
then read 20 SKUs at a time through `searchListingsItems` with `identifiers` (full attributes,
relationships and quantities, which the flat file lacks).

Every stage is a cursor the import saves (`{"mode": "report", "stage": ..., "report_id": ...}`), so
a worker that dies resumes where it was: it never requests a second report, and it reads the
document again (one `getReportDocument`) only to continue from its offset. While Amazon prepares the
report the page waits up to `REPORT_WAIT_SECONDS`, then the import is deferred (`RateLimited`) and
resumes later on the same report.
"""

import csv
import io
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from sales_channels.exceptions import InvalidVendorPayload, RateLimited

LISTINGS_REPORT = "GET_MERCHANT_LISTINGS_ALL_DATA"
SKU_COLUMN = "seller-sku"
SKUS_PER_PAGE = 20  # searchListingsItems takes at most 20 identifiers
REPORT_WAIT_SECONDS = 30.0
REPORT_POLL_SECONDS = 2.0
REPORT_RETRY_SECONDS = 60.0
FAILED_STATUSES = ("CANCELLED", "FATAL")


def report_skus(content: bytes) -> list[str]:
    """The SKUs of a listings report (tab-separated, a header row), in file order, each once."""
    text = content.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames is None or SKU_COLUMN not in reader.fieldnames:
        raise InvalidVendorPayload(f"The listings report has no '{SKU_COLUMN}' column: it cannot be imported.")
    seen: dict[str, None] = {}
    for row in reader:
        sku = (row.get(SKU_COLUMN) or "").strip()
        if sku:
            seen.setdefault(sku, None)
    return list(seen)


class ListingsReportPager:
    """The report stages of one import: each call takes the saved cursor and returns (SKUs to read, next cursor)."""

    def __init__(self, *, client, marketplace_id: str, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.marketplace_id = marketplace_id
        self.sleep = sleep
        self.skus: list[str] | None = None  # the document's SKUs, read once per processor

    def advance(self, cursor: dict[str, Any]) -> tuple[list[str], dict[str, Any] | None, int | None]:
        """(SKUs of this page, the next cursor or None at the end, the total once known)."""
        stage = cursor.get("stage", "request")
        if stage == "request":
            report_id = self.client.create_report(report_type=LISTINGS_REPORT, marketplace_ids=[self.marketplace_id])
            return [], {"mode": "report", "stage": "wait", "report_id": report_id}, None
        if stage == "wait":
            document_id = self._wait(cursor["report_id"])
            skus = self._skus(document_id)
            next_cursor = {**cursor, "stage": "items", "document_id": document_id, "offset": 0}
            return [], (next_cursor if skus else None), len(skus)
        skus = self._skus(cursor["document_id"])
        offset = int(cursor.get("offset") or 0)
        page = skus[offset : offset + SKUS_PER_PAGE]
        end = offset + len(page)
        return page, ({**cursor, "offset": end} if end < len(skus) else None), len(skus)

    def _wait(self, report_id: str) -> str:
        waited = 0.0
        limit = float(getattr(settings, "AMAZON_REPORT_WAIT_SECONDS", REPORT_WAIT_SECONDS))
        while True:
            report = self.client.get_report(report_id=report_id)
            status = report.get("processingStatus")
            if status == "DONE":
                if not report.get("reportDocumentId"):
                    raise InvalidVendorPayload(f"Amazon finished listings report {report_id} without a document.")
                return str(report["reportDocumentId"])
            if status in FAILED_STATUSES:
                raise InvalidVendorPayload(
                    f"Amazon could not prepare the listings report {report_id} ({status}): run the import again."
                )
            if waited >= limit:
                raise RateLimited(
                    REPORT_RETRY_SECONDS,
                    message=(
                        f"Amazon is still preparing the listings report {report_id} ({status}): "
                        f"the import resumes on its own in {REPORT_RETRY_SECONDS:.0f} s."
                    ),
                )
            pause = float(getattr(settings, "AMAZON_REPORT_POLL_SECONDS", REPORT_POLL_SECONDS))
            self.sleep(pause)
            waited += max(pause, 0.01)

    def _skus(self, document_id: str) -> list[str]:
        if self.skus is None:
            self.skus = report_skus(self.client.report_document(document_id=document_id))
        return self.skus
