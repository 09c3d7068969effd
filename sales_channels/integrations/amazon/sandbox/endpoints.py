"""The sandbox's routes: which SP-API operation a request is, and its handler (auth, usage plan, answer)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from . import product_types
from .feeds import LISTINGS_FEED
from .notifications import NOTIFICATION_TYPES
from .replies import Reply, error_reply, json_reply
from .reports import REPORT_TYPES
from .seed import MARKETPLACES, participations

if TYPE_CHECKING:
    from .server import AmazonSandbox

Handler = Callable[[dict[str, str], bytes, dict[str, str]], Reply]
_LISTING = re.compile(r"/listings/2021-08-01/items/([^/]+)/([^/]+)")
_LISTINGS = re.compile(r"/listings/2021-08-01/items/([^/]+)")
_PRODUCT_TYPE = re.compile(r"/definitions/2020-09-01/productTypes/([A-Za-z0-9_]+)")
_FEED = re.compile(r"/feeds/2021-06-30/feeds/([0-9]+)")
_DOCUMENT = re.compile(r"/feeds/2021-06-30/documents/([^/]+)")
_UPLOAD = re.compile(r"/__upload__/([^/]+)")
_DOWNLOAD = re.compile(r"/__download__/([^/]+)")
_REPORT = re.compile(r"/reports/2021-06-30/reports/([0-9]+)")
_REPORT_DOCUMENT = re.compile(r"/reports/2021-06-30/documents/([^/]+)")
_REPORT_DOWNLOAD = re.compile(r"/__report__/([^/]+)")
_DESTINATIONS = re.compile(r"/notifications/v1/destinations")
_SUBSCRIPTION = re.compile(r"/notifications/v1/subscriptions/([A-Z_]+)")
GRANTLESS_OPERATIONS = frozenset({"getDestinations", "createDestination"})
_SCHEMA = re.compile(r"/__schemas__/([A-Za-z0-9_-]+)\.json")
LISTING_INCLUDED = {
    "summaries",
    "attributes",
    "issues",
    "offers",
    "fulfillmentAvailability",
    "procurement",
    "relationships",
    "productTypes",
}


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


def _not_found(sku: str, marketplace_id: str) -> Reply:
    return error_reply(404, "NOT_FOUND", f"SKU '{sku}' not found in marketplace {marketplace_id}")


def _marketplace(query: dict[str, str]) -> tuple[str | None, Reply | None]:
    """The one marketplace of a listings request, or the 400 Amazon answers."""
    ids = [value for value in query.get("marketplaceIds", "").split(",") if value]
    if len(ids) != 1:
        return None, error_reply(400, "InvalidInput", "Exactly one marketplaceIds value is required.")
    if ids[0] not in MARKETPLACES:
        return None, error_reply(400, "InvalidInput", f"The marketplace '{ids[0]}' is not valid for this seller.")
    return ids[0], None


class Endpoints:
    """The handlers of one sandbox."""

    def __init__(self, sandbox: AmazonSandbox) -> None:
        self.sandbox = sandbox

    def guarded(self, operation: str, run: Handler) -> Handler:
        """Access token first, then the operation's usage plan; every answer carries x-amzn-RateLimit-Limit."""
        grantless = operation in GRANTLESS_OPERATIONS

        def handler(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            rate, _ = self.sandbox.plans.plan(operation)
            limit = {"x-amzn-RateLimit-Limit": f"{rate:g}"}
            reason = self.sandbox.lwa.check(headers.get("x-amz-access-token"), grantless=grantless)
            if reason is not None:
                return error_reply(403, "Unauthorized", "Access to requested resource is denied.", reason)
            if not self.sandbox.plans.take(operation):
                return error_reply(
                    429, "QuotaExceeded", "You exceeded your quota for the requested resource.", headers=limit
                )
            reply = run(query, body, headers)
            return Reply(reply.status, {**reply.headers, **limit}, reply.body)

        return handler

    # -- LWA and documents (no SP-API auth) -------------------------------------------------------

    def token(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        status, answer = self.sandbox.lwa.token(dict(parse_qsl(body.decode("utf-8", "replace"))))
        return json_reply(status, answer)

    def consent(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        status, location, answer = self.sandbox.lwa.consent(query)
        return Reply(status, location, b"") if status == 302 else json_reply(status, answer)

    def schema(self, name: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            if name not in product_types.SCHEMAS:
                return error_reply(404, "NotFound", "No such schema.")
            return Reply(200, {"Content-Type": "application/json"}, product_types.schema_bytes(name))

        return run

    def upload(self, document_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            if not self.sandbox.feeds.upload(document_id, body):
                return Reply(403, {"Content-Type": "application/xml"}, b"<Error><Code>AccessDenied</Code></Error>")
            return Reply(200, {}, b"")

        return run

    def download(self, document_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            document = self.sandbox.feeds.documents.get(document_id)
            if document is None:
                return Reply(403, {"Content-Type": "application/xml"}, b"<Error><Code>AccessDenied</Code></Error>")
            return Reply(200, {"Content-Type": document.content_type}, document.content)

        return run

    # -- Sellers, Product Type Definitions ---------------------------------------------------------

    def participations(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        return json_reply(200, {"payload": participations()})

    def search_product_types(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        if query.get("keywords") and query.get("itemName"):
            return error_reply(400, "InvalidInput", "keywords and itemName cannot be used together.")
        ids = [value for value in query.get("marketplaceIds", "").split(",") if value]
        if not ids:
            return error_reply(400, "InvalidInput", "marketplaceIds is required.")
        found = product_types.search(query.get("keywords") or query.get("itemName") or "", ids)
        return json_reply(200, {"productTypes": found, "productTypeVersion": product_types.VERSION})

    def product_type(self, name: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            marketplace_id, refused = _marketplace(query)
            if refused is not None:
                return refused
            if name not in product_types.SCHEMAS:
                return error_reply(404, "NotFound", f"Product type '{name}' not found.")
            definition = product_types.definition(
                name,
                base_url=self.sandbox.base_url,
                marketplace_id=marketplace_id,
                requirements=query.get("requirements", "LISTING"),
                locale=query.get("locale", "DEFAULT"),
            )
            return json_reply(200, definition)

        return run

    # -- Listings Items ----------------------------------------------------------------------------

    def _seller(self, seller_id: str) -> Reply | None:
        if seller_id != self.sandbox.seller_id:
            return error_reply(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The seller id is not the one authorized.",
            )
        return None

    def listing(self, method: str, seller_id: str, sku: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            refused = self._seller(seller_id)
            marketplace_id, bad = _marketplace(query)
            if refused or bad:
                return refused or bad
            if method == "GET":
                return self._get_listing(sku, marketplace_id, query)
            if method == "DELETE":
                answer = self.sandbox.listings.delete(sku=sku, marketplace_id=marketplace_id)
                return json_reply(200, answer) if answer is not None else _not_found(sku, marketplace_id)
            return self._write_listing(method, sku, marketplace_id, query, _json(body))

        return run

    def _get_listing(self, sku: str, marketplace_id: str, query: dict[str, str]) -> Reply:
        found = self.sandbox.listings.get(sku, marketplace_id)
        if found is None:
            return _not_found(sku, marketplace_id)
        included = set(query.get("includedData", "summaries").split(",")) & LISTING_INCLUDED
        return json_reply(200, found.as_item(included))

    def _write_listing(self, method: str, sku: str, marketplace_id: str, query: dict[str, str], payload: Any) -> Reply:
        store = self.sandbox.listings
        preview = query.get("mode") == "VALIDATION_PREVIEW"
        if not isinstance(payload, dict) or not isinstance(payload.get("productType"), str):
            return error_reply(400, "InvalidInput", "The request body must be a JSON object with productType.")
        if method == "PUT":
            unknown = set(payload) - {"productType", "requirements", "attributes"}
            if unknown or not isinstance(payload.get("attributes"), dict):
                return error_reply(
                    400, "InvalidInput", f"Invalid listing body (unknown {sorted(unknown)} or no attributes)."
                )
            return json_reply(200, store.put(sku=sku, marketplace_id=marketplace_id, body=payload, preview=preview))
        if not isinstance(payload.get("patches"), list) or not payload["patches"]:
            return error_reply(400, "InvalidInput", "patches must be a non-empty array.")
        answer = store.patch(sku=sku, marketplace_id=marketplace_id, body=payload, preview=preview)
        return json_reply(200, answer) if answer is not None else _not_found(sku, marketplace_id)

    def search_listings(self, seller_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            refused = self._seller(seller_id)
            marketplace_id, bad = _marketplace(query)
            if refused or bad:
                return refused or bad
            page_size = int(query.get("pageSize", "10"))
            if not 1 <= page_size <= 20:
                return error_reply(400, "InvalidInput", "pageSize must be between 1 and 20.")
            skus = query["identifiers"].split(",") if query.get("identifiers") else None
            if skus is not None and (query.get("identifiersType") != "SKU" or len(skus) > 20):
                return error_reply(400, "InvalidInput", "identifiers needs identifiersType=SKU and at most 20 values.")
            found = self.sandbox.listings.search(marketplace_id=marketplace_id, skus=skus)
            parent_sku = query.get("variationParentSku")
            if parent_sku:
                found = [item for item in found if item.parent_sku() == parent_sku]
            total, found = len(found), found[:1000]  # all are counted, "only items up to 1000 are retrievable"
            start = int(query.get("pageToken") or 0)
            page = found[start : start + page_size]
            included = set(query.get("includedData", "summaries").split(",")) & LISTING_INCLUDED
            answer: dict[str, Any] = {"numberOfResults": total, "items": [item.as_item(included) for item in page]}
            if start + page_size < len(found):
                answer["pagination"] = {"nextToken": str(start + page_size)}
            return json_reply(200, answer)

        return run

    # -- Listings Restrictions 2021-08-01 ----------------------------------------------------------

    def restrictions(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        missing = [name for name in ("asin", "sellerId", "marketplaceIds") if not query.get(name)]
        if missing:
            return error_reply(400, "InvalidInput", f"Missing required parameters: {', '.join(missing)}.")
        refused = self._seller(query["sellerId"])
        marketplace_id, bad = _marketplace(query)
        if refused or bad:
            return refused or bad
        found = self.sandbox.listings.restrictions(
            asin=query["asin"], marketplace_id=marketplace_id, condition_type=query.get("conditionType", "")
        )
        return json_reply(200, {"restrictions": found})

    # -- Notifications v1 --------------------------------------------------------------------------

    def destinations(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        with self.sandbox.notifications.lock:
            found = list(self.sandbox.notifications.destinations.values())
        return json_reply(200, {"payload": found})

    def create_destination(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        payload = _json(body)
        if not isinstance(payload, dict) or not isinstance(payload.get("name"), str):
            return error_reply(400, "InvalidInput", "name and resourceSpecification are required.")
        destination, refused = self.sandbox.notifications.create_destination(
            name=payload["name"], resource=payload.get("resourceSpecification") or {}
        )
        if destination is None:
            return error_reply(409 if "already exists" in refused else 400, "InvalidInput", refused)
        return json_reply(200, {"payload": destination})

    def subscription(self, method: str, notification_type: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            store = self.sandbox.notifications
            if notification_type not in NOTIFICATION_TYPES:
                return error_reply(400, "InvalidInput", f"'{notification_type}' is not a notification type.")
            existing = store.subscriptions.get(notification_type)
            if method == "GET":
                if existing is None:
                    return error_reply(404, "NotFound", f"No subscription for {notification_type}.")
                return json_reply(200, {"payload": existing.as_answer()})
            payload = _json(body)
            if not isinstance(payload, dict) or not {"destinationId", "payloadVersion"} <= set(payload):
                return error_reply(400, "InvalidInput", "destinationId and payloadVersion are required.")
            if payload["destinationId"] not in store.destinations:
                return error_reply(400, "InvalidInput", "The destination does not exist.")
            if existing is not None:
                return error_reply(409, "Conflict", f"A subscription for {notification_type} already exists.")
            created = store.subscribe(
                notification_type=notification_type,
                destination_id=payload["destinationId"],
                payload_version=str(payload["payloadVersion"]),
            )
            return json_reply(200, {"payload": created.as_answer()})

        return run

    # -- Reports 2021-06-30 ------------------------------------------------------------------------

    def create_report(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        payload = _json(body)
        if not isinstance(payload, dict) or not {"reportType", "marketplaceIds"} <= set(payload):
            return error_reply(400, "InvalidInput", "reportType and marketplaceIds are required.")
        if payload["reportType"] not in REPORT_TYPES:
            return error_reply(400, "InvalidInput", f"The report type '{payload['reportType']}' is not supported.")
        ids = payload["marketplaceIds"]
        if not isinstance(ids, list) or not ids or any(value not in MARKETPLACES for value in ids):
            return error_reply(400, "InvalidInput", "marketplaceIds must name this seller's marketplaces.")
        report = self.sandbox.reports.create(report_type=payload["reportType"], marketplace_ids=list(ids))
        return json_reply(202, {"reportId": report.report_id})

    def get_report(self, report_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            report = self.sandbox.reports.get(report_id)
            if report is None:
                return error_reply(404, "NotFound", f"Report {report_id} not found.")
            return json_reply(200, report.as_answer())

        return run

    def get_report_document(self, document_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            if document_id not in self.sandbox.reports.documents:
                return error_reply(404, "NotFound", f"Report document {document_id} not found.")
            url = f"{self.sandbox.base_url}/__report__/{document_id}"
            return json_reply(200, {"reportDocumentId": document_id, "url": url, "compressionAlgorithm": "GZIP"})

        return run

    def download_report(self, document_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            content = self.sandbox.reports.documents.get(document_id)
            if content is None:
                return Reply(403, {"Content-Type": "application/xml"}, b"<Error><Code>AccessDenied</Code></Error>")
            return Reply(200, {"Content-Type": "text/plain; charset=UTF-8"}, content)

        return run

    # -- Orders 2026-01-01 -------------------------------------------------------------------------

    def search_orders(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        status, answer = self.sandbox.orders.search(query)
        return json_reply(status, answer)

    # -- Feeds -------------------------------------------------------------------------------------

    def create_document(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        payload = _json(body)
        if not isinstance(payload, dict) or not isinstance(payload.get("contentType"), str):
            return error_reply(400, "InvalidInput", "contentType is required.")
        document = self.sandbox.feeds.create_document(payload["contentType"])
        url = f"{self.sandbox.base_url}/__upload__/{document.document_id}"
        return json_reply(201, {"feedDocumentId": document.document_id, "url": url})

    def create_feed(self, query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
        payload = _json(body)
        if not isinstance(payload, dict) or not {"feedType", "marketplaceIds", "inputFeedDocumentId"} <= set(payload):
            return error_reply(400, "InvalidInput", "feedType, marketplaceIds and inputFeedDocumentId are required.")
        if payload["inputFeedDocumentId"] not in self.sandbox.feeds.documents:
            return error_reply(400, "InvalidInput", "The input feed document does not exist.")
        if payload["feedType"] == LISTINGS_FEED and not self.sandbox.plans.take_listings_feed():
            return error_reply(429, "QuotaExceeded", "At most 5 JSON_LISTINGS_FEED submissions per 5 minutes.")
        feed = self.sandbox.feeds.create_feed(
            feed_type=payload["feedType"],
            marketplace_ids=list(payload["marketplaceIds"]),
            document_id=payload["inputFeedDocumentId"],
        )
        return json_reply(202, {"feedId": feed.feed_id})

    def get_feed(self, feed_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            feed = self.sandbox.feeds.get_feed(feed_id)
            if feed is None:
                return error_reply(404, "NotFound", f"Feed {feed_id} not found.")
            return json_reply(200, feed.as_answer())

        return run

    def get_document(self, document_id: str) -> Handler:
        def run(query: dict[str, str], body: bytes, headers: dict[str, str]) -> Reply:
            if document_id not in self.sandbox.feeds.documents:
                return error_reply(404, "NotFound", f"Document {document_id} not found.")
            url = f"{self.sandbox.base_url}/__download__/{document_id}"
            return json_reply(200, {"feedDocumentId": document_id, "url": url})

        return run


_LISTING_OPERATIONS = {
    "GET": "getListingsItem",
    "PUT": "putListingsItem",
    "PATCH": "patchListingsItem",
    "DELETE": "deleteListingsItem",
}


def _routes(endpoints: Endpoints) -> list[tuple[str, re.Pattern, str, Callable[..., Handler], bool]]:
    """(method, path pattern, operation, handler factory taking the path groups, needs SP-API auth)."""
    return [
        ("POST", re.compile(r"/auth/o2/token"), "lwaToken", lambda: endpoints.token, False),
        ("GET", re.compile(r"/apps/authorize/consent"), "consent", lambda: endpoints.consent, False),
        ("GET", _SCHEMA, "schema", endpoints.schema, False),
        ("PUT", _UPLOAD, "upload", endpoints.upload, False),
        ("GET", _DOWNLOAD, "download", endpoints.download, False),
        ("GET", _REPORT_DOWNLOAD, "reportDownload", endpoints.download_report, False),
        (
            "GET",
            re.compile(r"/sellers/v1/marketplaceParticipations"),
            "getMarketplaceParticipations",
            lambda: endpoints.participations,
            True,
        ),
        (
            "GET",
            re.compile(r"/definitions/2020-09-01/productTypes"),
            "searchDefinitionsProductTypes",
            lambda: endpoints.search_product_types,
            True,
        ),
        ("GET", _PRODUCT_TYPE, "getDefinitionsProductType", endpoints.product_type, True),
        ("GET", _LISTINGS, "searchListingsItems", endpoints.search_listings, True),
        (
            "POST",
            re.compile(r"/feeds/2021-06-30/documents"),
            "createFeedDocument",
            lambda: endpoints.create_document,
            True,
        ),
        ("POST", re.compile(r"/feeds/2021-06-30/feeds"), "createFeed", lambda: endpoints.create_feed, True),
        ("GET", _FEED, "getFeed", endpoints.get_feed, True),
        ("GET", _DOCUMENT, "getFeedDocument", endpoints.get_document, True),
        ("GET", re.compile(r"/orders/2026-01-01/orders"), "searchOrders", lambda: endpoints.search_orders, True),
        (
            "GET",
            re.compile(r"/listings/2021-08-01/restrictions"),
            "getListingsRestrictions",
            lambda: endpoints.restrictions,
            True,
        ),
        ("GET", _DESTINATIONS, "getDestinations", lambda: endpoints.destinations, True),
        ("POST", _DESTINATIONS, "createDestination", lambda: endpoints.create_destination, True),
        ("GET", _SUBSCRIPTION, "getSubscription", lambda kind: endpoints.subscription("GET", kind), True),
        ("POST", _SUBSCRIPTION, "createSubscription", lambda kind: endpoints.subscription("POST", kind), True),
        ("POST", re.compile(r"/reports/2021-06-30/reports"), "createReport", lambda: endpoints.create_report, True),
        ("GET", _REPORT, "getReport", endpoints.get_report, True),
        ("GET", _REPORT_DOCUMENT, "getReportDocument", endpoints.get_report_document, True),
    ]


def route(sandbox: AmazonSandbox, method: str, path: str) -> tuple[str, Handler] | None:
    """(operation name, handler) of a request, or None (404)."""
    endpoints = Endpoints(sandbox)
    found = _LISTING.fullmatch(path)
    if found and method in _LISTING_OPERATIONS:
        operation = _LISTING_OPERATIONS[method]
        return operation, endpoints.guarded(operation, endpoints.listing(method, found.group(1), found.group(2)))
    for verb, pattern, operation, factory, guarded in _routes(endpoints):
        found = pattern.fullmatch(path)
        if verb == method and found:
            handler = factory(*found.groups())
            return operation, endpoints.guarded(operation, handler) if guarded else handler
    return None
