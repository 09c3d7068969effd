"""The sandbox's Sell Feed API: the active-listings report task (LMS_ACTIVE_INVENTORY_REPORT), as sell_feed_v1 has it.

- `POST /sell/feed/v1/inventory_task` {feedType, schemaVersion?, filterCriteria{listingFormat}?} with
  `X-EBAY-C-MARKETPLACE-ID`: 202 without a body, the task's URL in `Location`; 400 160017 for a
  missing or other feed type, 160018 for a schema version other than 1.0, 160019 for a bad
  filter, 160027 for a missing or unknown marketplace header; 409 160024 past the open tasks allowed.
- `GET /sell/feed/v1/inventory_task/{task_id}`: the InventoryTask; each read moves it one step
  QUEUED > IN_PROCESS > COMPLETED (completionDate set then); 404 160003 for an unknown task.
- `GET /sell/feed/v1/task/{task_id}/download_result_file`: the report, a zip holding one
  ActiveInventoryReport XML (SKUDetails {SKU, ItemID, Price currencyID, Quantity, Variations}),
  with the sandbox's published listings and the seeded "Trading API" listings (no inventory item);
  404 160003 for an unknown task, 160014 while it has no file.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from .replies import Reply, SandboxError, error, json_reply
from .seed import MARKETPLACES

if TYPE_CHECKING:
    from .inventory import InventoryState

FEED = "/sell/feed/v1"
FEED_TYPE = "LMS_ACTIVE_INVENTORY_REPORT"
SCHEMA_VERSION = "1.0"
STEPS = ("QUEUED", "IN_PROCESS", "COMPLETED")
OPEN_TASKS_ALLOWED = 3
NAMESPACE = "urn:ebay:apis:eBLBaseComponents"


def feed_error(status: int, error_id: int, message: str, **params: Any) -> SandboxError:
    return SandboxError(status, error(error_id, message, domain="API_FEED", **params))


class FeedState:
    """The seller's report tasks, and the listings eBay has that the Inventory API does not show."""

    def __init__(self, *, inventory: InventoryState, outside: list[dict[str, Any]], clock: Callable[[], float]) -> None:
        self.inventory = inventory
        self.outside = outside  # listings made outside the Inventory API (as the report shows them)
        self.clock = clock
        self.tasks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)

    def _now(self) -> str:
        return datetime.fromtimestamp(self.clock(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def create(self, *, body: dict, headers: dict[str, str], base_url: str) -> Reply:
        marketplace = headers.get("x-ebay-c-marketplace-id", "")
        if marketplace not in MARKETPLACES:
            raise feed_error(400, 160027, "The X-EBAY-C-MARKETPLACE-ID header is missing or invalid.")
        if body.get("feedType") != FEED_TYPE:
            raise feed_error(400, 160017, "The 'feedType' is missing or invalid.", feedType=body.get("feedType"))
        if "schemaVersion" in body and body["schemaVersion"] != SCHEMA_VERSION:
            raise feed_error(400, 160018, "The 'schemaVersion' is invalid.", schemaVersion=body["schemaVersion"])
        criteria = body.get("filterCriteria")
        if criteria is not None and (
            not isinstance(criteria, dict)
            or set(criteria) - {"listingFormat"}
            or criteria.get("listingFormat", "FIXED_PRICE") not in ("FIXED_PRICE", "AUCTION")
        ):
            raise feed_error(400, 160019, "The 'filterCriteria' is invalid. listingFormat: FIXED_PRICE or AUCTION.")
        unknown = set(body) - {"feedType", "schemaVersion", "filterCriteria"}
        if unknown:
            raise feed_error(400, 160019, f"The 'filterCriteria' is invalid. Unknown fields: {sorted(unknown)}.")
        if sum(1 for task in self.tasks.values() if task["status"] != "COMPLETED") >= OPEN_TASKS_ALLOWED:
            raise feed_error(
                409,
                160024,
                "You have reached the maximum number of feed tasks that can be queued or processed concurrently.",
            )
        task_id = f"task-{next(self._ids)}-{int(self.clock())}"
        task: dict[str, Any] = {
            "taskId": task_id,
            "status": STEPS[0],
            "feedType": FEED_TYPE,
            "creationDate": self._now(),
            "schemaVersion": str(body.get("schemaVersion") or SCHEMA_VERSION),
            "detailHref": f"{FEED}/inventory_task/{task_id}",
        }
        if criteria:
            task["filterCriteria"] = dict(criteria)
        self.tasks[task_id] = task
        return Reply(202, {"Location": f"{base_url}{FEED}/inventory_task/{task_id}"}, b"")

    def _task(self, task_id: str) -> dict[str, Any]:
        task = self.tasks.get(task_id)
        if task is None:
            raise feed_error(404, 160003, f"Task {task_id} does not exist.", taskID=task_id)
        return task

    def read(self, task_id: str) -> Reply:
        task = self._task(task_id)
        if task["status"] != "COMPLETED":
            task["status"] = STEPS[STEPS.index(task["status"]) + 1]
            if task["status"] == "COMPLETED":
                task["completionDate"] = self._now()
        return json_reply(200, task)

    def result_file(self, task_id: str) -> Reply:
        task = self._task(task_id)
        if task["status"] != "COMPLETED":
            raise feed_error(404, 160014, f"No file found for task ID {task_id}.", taskID=task_id)
        listing_format = (task.get("filterCriteria") or {}).get("listingFormat")
        xml = active_inventory_report(listings=self.listings(listing_format=listing_format), timestamp=self._now())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{task_id}-ActiveInventoryReport.xml", xml)
        headers = {
            "Content-Type": "application/octet-stream",
            "content-disposition": f'attachment; filename="{task_id}_report.zip"',
        }
        return Reply(200, headers, buffer.getvalue())

    def listings(self, *, listing_format: str | None) -> list[dict[str, Any]]:
        """Every active listing as the report shows it: the Inventory API's published offers, then the others."""
        by_listing: dict[str, list[dict[str, Any]]] = {}
        for offer in self.inventory.offers.values():
            if offer.get("listing") and (listing_format is None or offer["format"] == listing_format):
                by_listing.setdefault(offer["listing"]["listingId"], []).append(offer)
        found = [self._listing(item_id, offers) for item_id, offers in by_listing.items()]
        return found + [listing for listing in self.outside if listing_format in (None, "FIXED_PRICE")]

    def _listing(self, item_id: str, offers: list[dict[str, Any]]) -> dict[str, Any]:
        skus = {offer["sku"] for offer in offers}
        group = next((k for k, g in self.inventory.groups.items() if skus & set(g.get("variantSKUs") or [])), None)
        if group is None:
            offer = offers[0]
            return {"ItemID": item_id, "SKU": offer["sku"], **self._price(offer), "Quantity": self._quantity(offer)}
        variations = [{"SKU": o["sku"], **self._price(o), "Quantity": self._quantity(o)} for o in offers]
        return {"ItemID": item_id, "SKU": group, "Variations": variations}

    def _price(self, offer: dict[str, Any]) -> dict[str, Any]:
        price = (offer.get("pricingSummary") or {}).get("price") or {}
        return {"Price": str(price.get("value") or "0.00"), "currencyID": str(price.get("currency") or "USD")}

    def _quantity(self, offer: dict[str, Any]) -> int:
        if offer.get("availableQuantity") is not None:
            return int(offer["availableQuantity"])
        item = self.inventory.items.get(offer["sku"]) or {}
        return int(((item.get("availability") or {}).get("shipToLocationAvailability") or {}).get("quantity") or 0)


def active_inventory_report(*, listings: list[dict[str, Any]], timestamp: str) -> bytes:
    """The LMS download file: BulkDataExchangeResponses > ActiveInventoryReport > SKUDetails per listing."""
    root = ElementTree.Element("BulkDataExchangeResponses", xmlns=NAMESPACE)
    report = ElementTree.SubElement(root, "ActiveInventoryReport")
    ElementTree.SubElement(report, "Timestamp").text = timestamp
    ElementTree.SubElement(report, "Ack").text = "Success"
    ElementTree.SubElement(report, "Version").text = "1355"
    for listing in listings:
        details = ElementTree.SubElement(report, "SKUDetails")
        if listing.get("SKU"):
            ElementTree.SubElement(details, "SKU").text = listing["SKU"]
        if "Price" in listing:
            price = ElementTree.SubElement(details, "Price", currencyID=listing.get("currencyID", "USD"))
            price.text = listing["Price"]
        if "Quantity" in listing:
            ElementTree.SubElement(details, "Quantity").text = str(listing["Quantity"])
        ElementTree.SubElement(details, "ItemID").text = listing["ItemID"]
        if listing.get("Variations"):
            holder = ElementTree.SubElement(details, "Variations")
            for variation in listing["Variations"]:
                entry = ElementTree.SubElement(holder, "Variation")
                if variation.get("SKU"):
                    ElementTree.SubElement(entry, "SKU").text = variation["SKU"]
                price = ElementTree.SubElement(entry, "Price", currencyID=variation.get("currencyID", "USD"))
                price.text = variation["Price"]
                ElementTree.SubElement(entry, "Quantity").text = str(variation["Quantity"])
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
