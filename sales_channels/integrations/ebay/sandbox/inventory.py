"""The sandbox's Inventory API state: inventory items, offers, item groups, locations and published listings.

As strict as eBay where the integration depends on it: `Content-Language` on inventory writes,
SKUs of at most 50 characters, unknown top-level fields refused, bulk calls of at most 25 with
per-item statuses (HTTP 200 when all succeeded, 207 otherwise), one offer per SKU, marketplace and
format (a second create answers errorId 25002 with the existing `offerId`), publication only with
a leaf category, a price, policies of that marketplace, a known location, a title, a description,
an image and a quantity; HTTPS image URLs; at most 250 revisions per listing and day (25025). A revision
is one call that changes a live listing (an item replace of a live SKU, a `PUT` offer, a price or
quantity change, a group `PUT` of a live group, a publish of a live listing), counted once per listing
however many of its SKUs the call carries (`begin_call` starts a call).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

from .groups import GroupRules
from .replies import Reply, SandboxError, empty_reply, error, invalid, json_reply
from .taxonomy import LEAF_CATEGORIES, missing_required

BULK_LIMIT = 25
PAGE_LIMIT = 200
SKU_MAX = 50
REVISIONS_PER_DAY = 250
LOCALES = {
    f"{lang}{sep}{country}"
    for lang, country in (
        ("en", "US"),
        ("en", "GB"),
        ("de", "DE"),
        ("fr", "FR"),
        ("it", "IT"),
        ("es", "ES"),
        ("en", "AU"),
        ("en", "CA"),
    )
    for sep in "-_"
}
ITEM_FIELDS = {
    "availability",
    "condition",
    "conditionDescription",
    "conditionDescriptors",
    "locale",
    "packageWeightAndSize",
    "product",
    "sku",
}
OFFER_FIELDS = {
    "availableQuantity", "categoryId", "charity", "extendedProducerResponsibility", "format", "hideBuyerDetails",
    "includeCatalogProductDetails", "listingDescription", "listingDuration", "listingPolicies", "listingStartDate",
    "lotSize", "marketplaceId", "merchantLocationKey", "pricingSummary", "quantityLimitPerBuyer", "regulatory",
    "secondaryCategoryId", "sku", "storeCategoryNames", "tax",
}  # fmt: skip
CONDITIONS = {  # eBay's ConditionEnum (which one a category takes is checked at publication on eBay, not here)
    "NEW",
    "LIKE_NEW",
    "NEW_OTHER",
    "NEW_WITH_DEFECTS",
    "CERTIFIED_REFURBISHED",
    "EXCELLENT_REFURBISHED",
    "VERY_GOOD_REFURBISHED",
    "GOOD_REFURBISHED",
    "SELLER_REFURBISHED",
    "PRE_OWNED_EXCELLENT",
    "USED_EXCELLENT",
    "PRE_OWNED_FAIR",
    "USED_VERY_GOOD",
    "USED_GOOD",
    "USED_ACCEPTABLE",
    "FOR_PARTS_OR_NOT_WORKING",
}


def _unknown(body: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise invalid(f"Could not serialize field [{extra[0]}] of {where}.", error_id=2004, field=extra[0])


def require_language(headers: dict[str, str]) -> str:
    language = headers.get("content-language", "")
    if language not in LOCALES:
        raise SandboxError(
            400, error(25709, "Invalid value for header Content-Language.", **{"Content-Language": language})
        )
    return language


def _check_sku(sku: Any) -> str:
    if not isinstance(sku, str) or not sku or len(sku) > SKU_MAX:
        raise SandboxError(
            400,
            error(
                25707,
                "This is an invalid value for a SKU: at most 50 characters.",
                sku=str(sku)[:60],
            ),
        )
    return sku


class InventoryState(GroupRules):
    """Everything the seller holds in the Inventory API, with eBay's rules."""

    def __init__(self, *, day: Callable[[], int], policy_ids: Callable[[str], dict[str, set[str]]]) -> None:
        self.day = day
        self.policy_ids = policy_ids
        self.items: dict[str, dict[str, Any]] = {}
        self.offers: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}
        self.revisions: Counter[tuple[str, int]] = Counter()
        self._revised: set[str] | None = None  # listings the current API call revised (each counts once)
        self._ids = itertools.count(5_000_000_001)
        self._listing_ids = itertools.count(110_550_000_001)

    def begin_call(self) -> None:
        """A new API call: each listing it changes counts one revision (`end_call` closes it)."""
        self._revised = set()

    def end_call(self) -> None:
        self._revised = None

    # -- inventory items ----------------------------------------------------------------------------

    def put_item(self, *, sku: str, body: dict, language: str) -> int:
        """createOrReplace: a full replace; 201 when new, 204 when replaced."""
        _check_sku(sku)
        _unknown(body, ITEM_FIELDS, "InventoryItem")
        product = body.get("product") or {}
        if not isinstance(product, dict):
            raise invalid("product must be an object.")
        for url in product.get("imageUrls") or []:
            if not isinstance(url, str) or not url.startswith("https://"):
                raise SandboxError(400, error(25718, "Image URLs must use HTTPS.", imageUrl=str(url)[:200]))
        if "condition" in body and body["condition"] not in CONDITIONS:
            raise SandboxError(400, error(25021, "Invalid item condition information.", condition=body["condition"]))
        quantity = ((body.get("availability") or {}).get("shipToLocationAvailability") or {}).get("quantity")
        if quantity is not None and (not isinstance(quantity, int) or quantity < 0):
            raise invalid("availability.shipToLocationAvailability.quantity must be a non-negative integer.")
        created = sku not in self.items
        self._revise_published(sku)
        self.items[sku] = {
            **{k: v for k, v in body.items() if k != "sku"},
            "sku": sku,
            "locale": language.replace("-", "_"),
        }
        return 201 if created else 204

    def get_item(self, sku: str) -> dict[str, Any]:
        item = self.items.get(sku)
        if item is None:
            raise SandboxError(404, error(25710, "We didn't find the resource/entity you are requesting.", sku=sku))
        groups = [key for key, group in self.groups.items() if sku in group.get("variantSKUs", [])]
        return {**item, **({"inventoryItemGroupKeys": groups} if groups else {})}

    def delete_item(self, sku: str) -> None:
        self.get_item(sku)
        for offer_id in [oid for oid, offer in self.offers.items() if offer["sku"] == sku]:
            del self.offers[offer_id]  # eBay deletes the offers (and ends their listings) with the item
        del self.items[sku]

    def page_items(self, *, limit: int, offset: int) -> dict[str, Any]:
        """`offset` is the page number (eBay's own reading of it on this call)."""
        if not 1 <= limit <= PAGE_LIMIT or offset < 0:
            raise invalid("limit must be 1-200 and offset a page number from 0.", error_id=25706)
        skus = sorted(self.items)
        page = skus[offset * limit : (offset + 1) * limit]
        answer = {
            "total": len(skus),
            "size": len(page),
            "limit": limit,
            "inventoryItems": [self.get_item(s) for s in page],
        }
        if (offset + 1) * limit < len(skus):
            answer["next"] = f"/sell/inventory/v1/inventory_item?limit={limit}&offset={offset + 1}"
        return answer

    def bulk_get_items(self, *, body: dict) -> Reply:
        """bulk_get_inventory_item: at most 25 SKUs, one response each (404 for an unknown SKU)."""
        responses = []
        for request in self._bulk_requests(body, "BulkGetInventoryItem"):
            sku = str((request or {}).get("sku") or "")
            try:
                responses.append({"statusCode": 200, "sku": sku, "inventoryItem": self.get_item(sku)})
            except SandboxError as failure:
                responses.append({"statusCode": failure.status, "sku": sku, "errors": list(failure.errors)})
        return _bulk_reply(responses)

    def bulk_items(self, *, body: dict, language: str) -> Reply:
        requests = self._bulk_requests(body, "BulkInventoryItem")
        responses = []
        for request in requests:
            sku = request.get("sku") if isinstance(request, dict) else None
            try:
                if not isinstance(request, dict):
                    raise invalid("Each request must be an object.")
                status = self.put_item(
                    sku=sku,
                    body={k: v for k, v in request.items() if k != "locale"},
                    language=request.get("locale") or language,
                )
                responses.append(
                    {
                        "statusCode": 200 if status == 204 else status,
                        "sku": sku,
                        "locale": request.get("locale") or language.replace("-", "_"),
                    }
                )
            except SandboxError as failure:
                responses.append({"statusCode": failure.status, "sku": str(sku or ""), "errors": list(failure.errors)})
        return _bulk_reply(responses)

    # -- offers -------------------------------------------------------------------------------------

    def create_offer(self, body: dict) -> str:
        _unknown(body, OFFER_FIELDS, "EbayOfferDetailsWithKeys")
        sku = _check_sku(body.get("sku"))
        marketplace, listing_format = body.get("marketplaceId"), body.get("format")
        if not marketplace or listing_format not in ("FIXED_PRICE", "AUCTION"):
            raise invalid("sku, marketplaceId and format (FIXED_PRICE or AUCTION) are required.", error_id=25002)
        if sku not in self.items:
            raise SandboxError(400, error(25702, f"SKU {sku} is not available in the system.", sku=sku))
        for offer_id, offer in self.offers.items():
            if offer["sku"] == sku and offer["marketplaceId"] == marketplace and offer["format"] == listing_format:
                raise SandboxError(
                    400, error(25002, "A user error has occurred. Offer entity already exists.", offerId=offer_id)
                )
        offer_id = str(next(self._ids))
        self.offers[offer_id] = {**body, "offerId": offer_id, "status": "UNPUBLISHED"}
        return offer_id

    def get_offer(self, offer_id: str) -> dict[str, Any]:
        offer = self.offers.get(offer_id)
        if offer is None:
            raise SandboxError(404, error(25713, "This Offer is not available.", offerId=offer_id))
        return offer

    def update_offer(self, offer_id: str, body: dict) -> None:
        """A complete replacement: fields not sent are gone (sku, marketplace and format are kept)."""
        offer = self.get_offer(offer_id)
        _unknown(body, OFFER_FIELDS - {"sku", "marketplaceId", "format"}, "EbayOfferDetailsWithId")
        self._revise(offer)
        kept = {
            key: offer[key]
            for key in ("offerId", "sku", "marketplaceId", "format", "status", "listing")
            if key in offer
        }
        self.offers[offer_id] = {**body, **kept}

    def delete_offer(self, offer_id: str) -> None:
        self.get_offer(offer_id)
        del self.offers[offer_id]

    def offers_for(self, *, sku: str, marketplace: str | None) -> list[dict[str, Any]]:
        if sku not in self.items:
            raise SandboxError(404, error(25713, "This Offer is not available.", sku=sku))
        return [
            o
            for o in self.offers.values()
            if o["sku"] == sku and (not marketplace or o["marketplaceId"] == marketplace)
        ]

    def bulk_create_offers(self, body: dict) -> Reply:
        responses = []
        for request in self._bulk_requests(body, "BulkEbayOfferDetailsWithKeys"):
            keys = {k: request.get(k) for k in ("sku", "marketplaceId", "format")} if isinstance(request, dict) else {}
            try:
                offer_id = self.create_offer(request if isinstance(request, dict) else {})
                responses.append({"statusCode": 200, "offerId": offer_id, **keys})
            except SandboxError as failure:
                responses.append(
                    {
                        "statusCode": failure.status,
                        **{k: v for k, v in keys.items() if v},
                        "errors": list(failure.errors),
                    }
                )
        return _bulk_reply(responses)

    def publish(self, offer_id: str) -> str:
        offer = self.get_offer(offer_id)
        problems = self._publish_problems(offer)
        if problems:
            raise SandboxError(400, *problems)
        return self._list(offer)

    def bulk_publish(self, body: dict) -> Reply:
        responses = []
        for request in self._bulk_requests(body, "BulkOffer"):
            offer_id = str((request or {}).get("offerId") or "")
            try:
                responses.append({"statusCode": 200, "offerId": offer_id, "listingId": self.publish(offer_id)})
            except SandboxError as failure:
                responses.append({"statusCode": failure.status, "offerId": offer_id, "errors": list(failure.errors)})
        return _bulk_reply(responses)

    def withdraw(self, offer_id: str) -> str:
        offer = self.get_offer(offer_id)
        if offer["status"] != "PUBLISHED":
            raise SandboxError(400, error(25713, "This Offer is not published.", offerId=offer_id))
        offer["status"] = "UNPUBLISHED"
        return offer.pop("listing")["listingId"]

    def bulk_price_quantity(self, body: dict) -> Reply:
        """One response per offer changed (its offerId and SKU, errors included), or per SKU without offers."""
        responses = []
        for request in self._bulk_requests(body, "BulkPriceQuantity"):
            sku = str((request or {}).get("sku") or "")
            try:
                if sku and "shipToLocationAvailability" in request:
                    item = self.get_item(sku)
                    availability = item.setdefault("availability", {})
                    availability["shipToLocationAvailability"] = request["shipToLocationAvailability"]
            except SandboxError as failure:
                responses.append({"statusCode": failure.status, "sku": sku, "errors": list(failure.errors)})
                continue
            for change in request.get("offers") or []:
                offer_id = str(change.get("offerId"))
                try:
                    offer = self.get_offer(offer_id)
                    self._revise(offer)
                    if "availableQuantity" in change:
                        offer["availableQuantity"] = change["availableQuantity"]
                    if "price" in change:
                        offer.setdefault("pricingSummary", {})["price"] = change["price"]
                    responses.append({"statusCode": 200, "offerId": offer["offerId"], "sku": offer["sku"]})
                except SandboxError as failure:
                    responses.append(
                        {"statusCode": failure.status, "offerId": offer_id, "sku": sku, "errors": list(failure.errors)}
                    )
            if not request.get("offers"):
                responses.append({"statusCode": 200, "sku": sku})
        return _bulk_reply(responses)

    # -- locations ----------------------------------------------------------------------------------

    def create_location(self, key: str, body: dict) -> None:
        if key in self.locations:
            raise SandboxError(409, error(25803, "merchantLocationKey already exists.", merchantLocationKey=key))
        address = ((body.get("location") or {}).get("address")) or {}
        if not address.get("country") or not (address.get("postalCode") or address.get("city")):
            raise invalid("location.address needs a country and a postal code or city.", error_id=25802)
        self.locations[key] = {**body, "merchantLocationKey": key, "merchantLocationStatus": "ENABLED"}

    def page_locations(self, *, limit: int, offset: int) -> dict[str, Any]:
        keys = sorted(self.locations)
        page = keys[offset : offset + limit]  # here offset is a record offset
        return {"total": len(keys), "limit": limit, "offset": offset, "locations": [self.locations[k] for k in page]}

    # -- pieces -------------------------------------------------------------------------------------

    def _bulk_requests(self, body: dict, where: str) -> list[Any]:
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise invalid(f"{where}.requests must be a non-empty array.")
        if len(requests) > BULK_LIMIT:
            raise SandboxError(
                400, error(25728, f"The number of requests exceeds the limit of {BULK_LIMIT}.", limit=BULK_LIMIT)
            )
        return requests

    def _publish_problems(
        self, offer: dict[str, Any], *, in_group: bool = False, group_aspects: dict | None = None
    ) -> list[dict[str, Any]]:
        found = []
        item = self.items.get(offer["sku"], {})
        product = item.get("product") or {}
        aspects = {**(group_aspects or {}), **(product.get("aspects") or {})}
        for name in missing_required(
            marketplace=offer["marketplaceId"], category_id=str(offer.get("categoryId")), aspects=aspects
        ):
            found.append(
                error(
                    25002,
                    f"A user error has occurred. The item specific {name} is missing. Add {name} to this listing, "
                    "enter a valid value, and then try again.",
                    sku=offer["sku"],
                    itemSpecific=name,
                )
            )
        if offer.get("categoryId") not in LEAF_CATEGORIES:
            found.append(
                error(
                    25005,
                    "The category ID is invalid or not a leaf category.",
                    categoryId=offer.get("categoryId") or "",
                )
            )
        if not ((offer.get("pricingSummary") or {}).get("price") or {}).get("value"):
            found.append(error(25020, "Invalid or missing price.", offerId=offer["offerId"]))
        policies = offer.get("listingPolicies") or {}
        known = self.policy_ids(offer["marketplaceId"])
        for kind, name in (
            ("fulfillment", "fulfillmentPolicyId"),
            ("payment", "paymentPolicyId"),
            ("return", "returnPolicyId"),
        ):
            if policies.get(name) not in known[kind]:
                found.append(
                    error(
                        25007,
                        f"Invalid or missing {kind} policy for {offer['marketplaceId']}.",
                        **{name: policies.get(name) or ""},
                    )
                )
        if offer.get("merchantLocationKey") not in self.locations:
            found.append(
                error(
                    25735,
                    "Invalid or missing merchantLocationKey.",
                    merchantLocationKey=offer.get("merchantLocationKey") or "",
                )
            )
        if not in_group and (not product.get("title") or not product.get("imageUrls")):
            found.append(error(25717, "The item needs a title and at least one image to publish.", sku=offer["sku"]))
        if not product.get("description") and not offer.get("listingDescription") and not in_group:
            found.append(error(25016, "A description is required to publish.", sku=offer["sku"]))
        if "condition" not in item:
            found.append(error(25021, "Invalid item condition information.", sku=offer["sku"]))
        return found

    def _list(self, offer: dict[str, Any]) -> str:
        if offer.get("status") == "PUBLISHED":
            self._revise(offer)
            return offer["listing"]["listingId"]
        offer["status"] = "PUBLISHED"
        offer["listing"] = {"listingId": str(next(self._listing_ids)), "listingStatus": "ACTIVE"}
        return offer["listing"]["listingId"]

    def _revise(self, offer: dict[str, Any]) -> None:
        """One revision of a published listing: at most 250 per listing and day."""
        listing = offer.get("listing")
        if offer.get("status") != "PUBLISHED" or not listing:
            return
        if self._revised is not None and listing["listingId"] in self._revised:
            return
        key = (listing["listingId"], self.day())
        if self.revisions[key] >= REVISIONS_PER_DAY:
            raise SandboxError(
                400,
                error(
                    25025,
                    "This listing has reached the limit of 250 revisions for today.",
                    listingId=listing["listingId"],
                ),
            )
        self.revisions[key] += 1
        if self._revised is not None:
            self._revised.add(listing["listingId"])

    def _revise_published(self, sku: str) -> None:
        for offer in self.offers.values():
            if offer["sku"] == sku:
                self._revise(offer)

    def counts(self) -> dict[str, int]:
        published = {o["listing"]["listingId"] for o in self.offers.values() if o.get("listing")}
        return {
            "inventory_items": len(self.items),
            "offers": len(self.offers),
            "groups": len(self.groups),
            "listings": len(published),
        }


def _bulk_reply(responses: list[dict[str, Any]]) -> Reply:
    ok = all(200 <= r["statusCode"] < 300 for r in responses)
    return json_reply(200 if ok else 207, {"responses": responses})


def no_content() -> Reply:
    return empty_reply(204)
