"""The import's check for listings made outside the Inventory API, through the Sell Feed API's active-listings report.

eBay's Inventory API returns only what it created (or migrated); a listing made on the site, in
Seller Hub or through the Trading API stays invisible to `GET /inventory_item`. The import asks for
one `LMS_ACTIVE_INVENTORY_REPORT` task per run (`POST /sell/feed/v1/inventory_task`, 202 + the
task's URL in `Location`), polls it (`GET /inventory_task/{task_id}`: QUEUED > IN_PROCESS >
COMPLETED or COMPLETED_WITH_ERROR) and downloads its file (`GET /task/{task_id}/download_result_file`:
an `ActiveInventoryReport` XML, usually zipped) once it is complete. Every listing of the report
(`SKUDetails` {SKU, ItemID, Price, Quantity, Variations}) whose ItemID no offer of the import
named is reported to the merchant as a warning of the import, with what `bulk_migrate_listing`
requires. A report that cannot be had (scope missing, task failed, file unreadable) is one warning:
the import itself does not fail for it.
"""

import gzip
import io
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from sales_channels.exceptions import InvalidVendorPayload, SalesChannelError
from sales_channels.factories.binders import error_text

FEED_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory"
DONE = ("COMPLETED", "COMPLETED_WITH_ERROR")
PENDING = ("CREATED", "QUEUED", "IN_PROCESS")
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
POLL_DELAYS = (0.0, 1.0, 3.0, 6.0)  # seconds before each status read within one run of the import
WAIT_SECONDS = 120.0  # a report still running: the import runs again this much later (same task)
MAX_WAITS = 5  # ... at most this many times, then a warning says the listings were not checked
MIGRATION_REQUIREMENTS = (
    "eBay's Inventory API does not show it until it is migrated with bulk_migrate_listing, which requires: "
    "a fixed-price listing (auctions cannot be migrated); a seller-defined SKU on the listing and, for a "
    "listing with variations, on every variation; business policies (payment with immediate payment, "
    "return and shipping) instead of legacy payment, return and shipping fields; and the item's postal "
    "code or city. Once it meets them, migrate it (bulk_migrate_listing, up to five listings a call; "
    "in Seller Hub the listing can also be revised to meet them) and import again: it is then imported "
    "like the others."
)


@dataclass(frozen=True)
class ReportedListing:
    """One active listing of the report: its item id, SKU (may be empty), price, quantity and variation SKUs."""

    item_id: str
    sku: str = ""
    price: str = ""
    currency: str = ""
    quantity: int | None = None
    variations: tuple[dict[str, Any], ...] = field(default=())

    def as_record(self) -> dict[str, Any]:
        """The raw record kept with the warning (the report's fields, by eBay's names)."""
        record: dict[str, Any] = {"ItemID": self.item_id, "SKU": self.sku, "Price": self.price}
        record.update({"currencyID": self.currency, "Quantity": self.quantity})
        if self.variations:
            record["Variations"] = list(self.variations)
        return record

    def problems(self) -> list[str]:
        """What keeps this listing from `bulk_migrate_listing`, as far as the report shows it."""
        found = []
        if not self.sku and not self.variations:
            found.append("the listing has no SKU")
        missing = [v for v in self.variations if not v.get("SKU")]
        if missing:
            found.append(f"{len(missing)} of its {len(self.variations)} variations have no SKU")
        return found


def unpack(body: bytes) -> bytes:
    """The report's XML from the downloaded file: a zip (its first .xml member), a gzip, or the XML itself."""
    if body[:4] == ZIP_MAGIC:
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".xml")] or archive.namelist()
                if not names:
                    raise InvalidVendorPayload("the active-listings report is an empty zip file")
                return archive.read(names[0])
        except zipfile.BadZipFile as broken:
            raise InvalidVendorPayload(f"the active-listings report is not a readable zip file ({broken})") from None
    if body[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(body)
        except OSError as broken:
            raise InvalidVendorPayload(f"the active-listings report is not a readable gzip file ({broken})") from None
    return body


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ElementTree.Element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def _quantity(element: ElementTree.Element) -> int | None:
    raw = _text(element, "Quantity")
    return int(raw) if raw.lstrip("-").isdigit() else None


def parse_report(body: bytes) -> list[ReportedListing]:
    """Every `SKUDetails` of an ActiveInventoryReport (namespaced or not, wrapped or not)."""
    xml = unpack(body)
    if b"<!DOCTYPE" in xml[:2048].upper() or b"<!ENTITY" in xml.upper():
        raise InvalidVendorPayload("the active-listings report declares a DTD or entities: refused")
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - eBay's report; DTDs and entities refused above
    except ElementTree.ParseError as broken:
        raise InvalidVendorPayload(
            f"the active-listings report is not XML ({broken})", raw_excerpt=str(xml[:300])
        ) from None
    found = []
    for details in root.iter():
        if _local(details.tag) != "SKUDetails":
            continue
        item_id = _text(details, "ItemID")
        if not item_id:
            continue
        price = _child(details, "Price")
        variations = []
        holder = _child(details, "Variations")
        for variation in holder if holder is not None else []:
            if _local(variation.tag) != "Variation":
                continue
            entry: dict[str, Any] = {"SKU": _text(variation, "SKU"), "Price": _text(variation, "Price")}
            entry["Quantity"] = _quantity(variation)
            variations.append(entry)
        found.append(
            ReportedListing(
                item_id=item_id,
                sku=_text(details, "SKU"),
                price=(price.text or "").strip() if price is not None else "",
                currency=price.get("currencyID", "") if price is not None else "",
                quantity=_quantity(details),
                variations=tuple(variations),
            )
        )
    return found


def unknown_listings(*, reported: list[ReportedListing], known: set[str]) -> list[ReportedListing]:
    """The report's listings no offer of the import named (made outside the Inventory API)."""
    return [listing for listing in reported if listing.item_id not in known]


def warning_for(listing: ReportedListing) -> str:
    """The merchant's message for one listing made outside the Inventory API."""
    name = f"eBay listing {listing.item_id}" + (f" (SKU {listing.sku})" if listing.sku else "")
    blockers = listing.problems()
    blocking = f" As the report shows it: {'; '.join(blockers)}." if blockers else ""
    where = "outside the Inventory API (on eBay, in Seller Hub or through the Trading API)"
    return f"Not imported: {name} was made {where}. {MIGRATION_REQUIREMENTS}{blocking}"


def scope_problem(*, scopes: str) -> str:
    """Why the report cannot be asked for with the channel's consent, or ''."""
    granted = set(scopes.split())
    if not granted or FEED_SCOPE in granted:
        return ""
    return (
        "Listings made outside the Inventory API were not checked: the active-listings report (Sell Feed API) "
        f"needs the scope {FEED_SCOPE}, which this channel's consent does not grant. Connect the eBay account "
        "again to grant it."
    )


class ReportNotReady(Exception):
    """The report task is still queued or running."""

    def __init__(self, *, task_id: str, status: str) -> None:
        super().__init__(f"task {task_id} is {status}")
        self.task_id = task_id
        self.status = status


def not_checked(*, reason: str) -> str:
    return (
        f"Listings made outside the Inventory API were not checked in this import: {reason}. "
        "Such listings are not imported until they are migrated with bulk_migrate_listing; run the import "
        "again to check them."
    )


def read(
    *, client: Any, state: dict[str, Any], sleep: Callable[[float], None] = time.sleep
) -> list[ReportedListing] | str:
    """The report's listings once its task completed; a `not_checked` message when it cannot be had.

    Raises `ReportNotReady` while the task is queued or running after this run's polls.
    """
    task_id = str(state.get("task") or "")
    if not task_id:
        return str(state.get("problem") or not_checked(reason="no report task was created"))
    status = ""
    try:
        for delay in POLL_DELAYS:
            sleep(delay)
            task = client.inventory_task(task_id=task_id)
            status = str(task.get("status") or "")
            if status in DONE:
                return parse_report(client.result_file(task_id=task_id))
            if status not in PENDING:
                return not_checked(reason=f"eBay's report task {task_id} ended {status or 'without a status'}")
    except SalesChannelError as error:  # the session retried what can be retried: the import goes on without it
        return not_checked(reason=f"the report (task {task_id}) could not be read: {error_text(error)}")
    raise ReportNotReady(task_id=task_id, status=status)
