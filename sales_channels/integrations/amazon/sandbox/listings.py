"""The sandbox's listings store: put (create or full replace), patch, delete, get, search, with Amazon's issues.

A listing is kept per (SKU, marketplace). Submissions are validated against the product type's
schema the way Amazon answers: a missing required attribute is issue 90220, a value of the wrong
shape 99022, a value whose `marketplace_id` selector names another marketplace 4000001.
`VALIDATION_PREVIEW` validates and stores nothing.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft201909Validator

from .product_types import SCHEMAS

MISSING_REQUIRED = "90220"
INVALID_VALUE = "99022"
WRONG_SELECTOR = "4000001"
UNKNOWN_PRODUCT_TYPE = "4000000"
BRAND_GATED = "5665"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


@dataclass
class Listing:
    """One SKU in one marketplace."""

    sku: str
    marketplace_id: str
    product_type: str
    attributes: dict[str, Any]
    asin: str
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    issues: list[dict[str, Any]] = field(default_factory=list)

    def as_item(self, included: set[str]) -> dict[str, Any]:
        """The Item shape of getListingsItem / searchListingsItems."""
        item: dict[str, Any] = {"sku": self.sku}
        if "summaries" in included:
            names = self.attributes.get("item_name") or [{}]
            summary: dict[str, Any] = {
                "marketplaceId": self.marketplace_id,
                "asin": self.asin,
                "productType": self.product_type,
                "status": ["BUYABLE"]
                if not self.issues and "purchasable_offer" in self.attributes
                else ["DISCOVERABLE"],
                "itemName": names[0].get("value", ""),
                "createdDate": self.created,
                "lastUpdatedDate": self.updated,
            }
            condition = self.attributes.get("condition_type")
            if condition:
                summary["conditionType"] = condition[0].get("value")
            item["summaries"] = [summary]
        if "attributes" in included:
            item["attributes"] = copy.deepcopy(self.attributes)
        if "issues" in included:
            item["issues"] = copy.deepcopy(self.issues)
        if "fulfillmentAvailability" in included:
            item["fulfillmentAvailability"] = [
                {
                    "fulfillmentChannelCode": row.get("fulfillment_channel_code", "DEFAULT"),
                    "quantity": row.get("quantity", 0),
                }
                for row in self.attributes.get("fulfillment_availability", [])
            ]
        if "relationships" in included:
            parent = self.attributes.get("child_parent_sku_relationship")
            relationships = [{"type": "VARIATION", "parentSkus": [parent[0]["parent_sku"]]}] if parent else []
            item["relationships"] = [{"marketplaceId": self.marketplace_id, "relationships": relationships}]
        return item

    def parent_sku(self) -> str:
        """The parent's SKU of a variation child ('' for a parent or a standalone listing)."""
        relation = (self.attributes.get("child_parent_sku_relationship") or [{}])[0]
        return str(relation.get("parent_sku") or "") if isinstance(relation, dict) else ""


def _issue(code: str, message: str, *, attributes: list[str] | None = None, severity: str = "ERROR") -> dict[str, Any]:
    issue: dict[str, Any] = {
        "code": code,
        "message": message,
        "severity": severity,
        "categories": ["INVALID_ATTRIBUTE"],
    }
    if attributes:
        issue["attributeNames"] = attributes
    return issue


def validate(product_type: str, attributes: dict[str, Any], *, marketplace_id: str, enforced: bool) -> list[dict]:
    """Amazon-style issues of a listing's attributes against its product type's schema."""
    schema = SCHEMAS.get(product_type)
    if schema is None:
        return [
            _issue(UNKNOWN_PRODUCT_TYPE, f"The product type '{product_type}' is not valid.", attributes=["productType"])
        ]
    issues: list[dict[str, Any]] = []
    validator = Draft201909Validator(schema if enforced else {**schema, "required": []})
    for error in sorted(validator.iter_errors(attributes), key=str):
        if error.validator == "required" and not error.path:
            missing = error.message.split("'")[1]
            issues.append(
                _issue(MISSING_REQUIRED, f"'[{missing}]' is required but not supplied.", attributes=[missing])
            )
            continue
        name = str(error.path[0]) if error.path else ""
        issues.append(
            _issue(
                INVALID_VALUE,
                f"The value of '{name}' is not valid: {error.message[:200]}",
                attributes=[name] if name else None,
            )
        )
    for name, values in attributes.items():
        for value in values if isinstance(values, list) else []:
            if isinstance(value, dict) and value.get("marketplace_id") not in (None, marketplace_id):
                issues.append(
                    _issue(
                        WRONG_SELECTOR,
                        f"'{name}' names marketplace '{value['marketplace_id']}', not '{marketplace_id}'.",
                        attributes=[name],
                    )
                )
    return issues


def apply_patches(attributes: dict[str, Any], patches: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict]]:
    """The attributes after JSON-Patch-like top-level operations; issues for patches Amazon refuses."""
    result = copy.deepcopy(attributes)
    issues = []
    for patch in patches:
        path, op = patch.get("path", ""), patch.get("op")
        parts = path.split("/")
        if len(parts) != 3 or parts[1] != "attributes" or not parts[2]:
            issues.append(_issue(INVALID_VALUE, f"Patch path '{path}' must be /attributes/<name>.", attributes=None))
            continue
        name = parts[2]
        if op in ("add", "replace", "merge"):
            value = patch.get("value")
            if not isinstance(value, list):
                issues.append(
                    _issue(INVALID_VALUE, f"The value of patch '{path}' must be an array.", attributes=[name])
                )
                continue
            result[name] = copy.deepcopy(value)
        elif op == "delete":
            result.pop(name, None)
        else:
            issues.append(_issue(INVALID_VALUE, f"Unknown patch operation '{op}'.", attributes=[name]))
    return result, issues


class ListingsStore:
    """Every listing of the sandbox's one seller, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.items: dict[tuple[str, str], Listing] = {}
        self.submissions = 0
        self.gated_brands: set[str] = set()  # brands this seller needs Amazon's approval to list
        # ASIN -> (reasonCode, message): what getListingsRestrictions answers for it (any condition)
        self.restricted_asins: dict[str, tuple[str, str]] = {}
        self.listeners: list[Callable[..., None]] = []  # called with (listing, deleted=) after every change

    def changed(self, listing: Listing, *, deleted: bool = False) -> None:
        for listener in self.listeners:
            listener(listing, deleted=deleted)

    def submission_id(self) -> str:
        self.submissions += 1
        return uuid.uuid4().hex

    def get(self, sku: str, marketplace_id: str) -> Listing | None:
        return self.items.get((sku, marketplace_id))

    def put(self, *, sku: str, marketplace_id: str, body: dict[str, Any], preview: bool) -> dict[str, Any]:
        """putListingsItem: validate, then store (create or full replace) unless previewing."""
        product_type = body.get("productType", "")
        attributes = body.get("attributes") or {}
        requirements = body.get("requirements", "LISTING")
        issues = validate(
            product_type, attributes, marketplace_id=marketplace_id, enforced=requirements != "LISTING_OFFER_ONLY"
        )
        issues += self._gated(attributes)
        errors = [issue for issue in issues if issue["severity"] == "ERROR"]
        answer: dict[str, Any] = {"sku": sku, "submissionId": self.submission_id(), "issues": issues}
        if preview:
            answer["status"] = "INVALID" if errors else "VALID"
            return answer
        if errors:
            answer["status"] = "INVALID"
            return answer
        with self.lock:
            existing = self.items.get((sku, marketplace_id))
            asin = existing.asin if existing else "B0" + uuid.uuid5(uuid.NAMESPACE_OID, sku).hex[:8].upper()
            listing = Listing(
                sku=sku,
                marketplace_id=marketplace_id,
                product_type=product_type,
                attributes=copy.deepcopy(attributes),
                asin=asin,
            )
            if existing:
                listing.created = existing.created
            self.items[(sku, marketplace_id)] = listing
        self.changed(listing)
        answer["status"] = "ACCEPTED"
        return answer

    def _gated(self, attributes: dict[str, Any]) -> list[dict[str, Any]]:
        brands = {str(entry.get("value")) for entry in attributes.get("brand") or [] if isinstance(entry, dict)}
        return [
            _issue(BRAND_GATED, f"You need approval to list products of the brand '{brand}'.", attributes=["brand"])
            for brand in sorted(brands & self.gated_brands)
        ]

    def patch(self, *, sku: str, marketplace_id: str, body: dict[str, Any], preview: bool) -> dict[str, Any] | None:
        """patchListingsItem; None when the listing does not exist."""
        with self.lock:
            listing = self.items.get((sku, marketplace_id))
            if listing is None:
                return None
            attributes, issues = apply_patches(listing.attributes, body.get("patches") or [])
            issues += validate(
                body.get("productType") or listing.product_type,
                attributes,
                marketplace_id=marketplace_id,
                enforced=False,
            )
            answer: dict[str, Any] = {"sku": sku, "submissionId": self.submission_id(), "issues": issues}
            if any(issue["severity"] == "ERROR" for issue in issues):
                answer["status"] = "INVALID"
            elif preview:
                answer["status"] = "VALID"
            else:
                listing.attributes, listing.updated = attributes, now_iso()
                answer["status"] = "ACCEPTED"
                self.changed(listing)
            return answer

    def delete(self, *, sku: str, marketplace_id: str) -> dict[str, Any] | None:
        with self.lock:
            removed = self.items.pop((sku, marketplace_id), None)
            if removed is None:
                return None
        self.changed(removed, deleted=True)
        return {"sku": sku, "status": "ACCEPTED", "submissionId": self.submission_id(), "issues": []}

    def search(self, *, marketplace_id: str, skus: list[str] | None) -> list[Listing]:
        with self.lock:
            found = [item for (sku, mid), item in sorted(self.items.items()) if mid == marketplace_id]
        return [item for item in found if skus is None or item.sku in skus]

    def restrictions(self, *, asin: str, marketplace_id: str, condition_type: str) -> list[dict[str, Any]]:
        """The RestrictionList entries of getListingsRestrictions for one ASIN (empty: free to list)."""
        found = self.restricted_asins.get(asin)
        if found is None:
            return []
        code, message = found
        reason: dict[str, Any] = {"message": message, "reasonCode": code}
        if code == "APPROVAL_REQUIRED":
            reason["links"] = [
                {
                    "resource": f"https://sellercentral.amazon.com/hz/approvalrequest/restrictions/approve?asin={asin}",
                    "verb": "GET",
                    "title": "Request Approval via Seller Central.",
                    "type": "text/html",
                }
            ]
        restriction: dict[str, Any] = {"marketplaceId": marketplace_id, "reasons": [reason]}
        if condition_type:
            restriction["conditionType"] = condition_type
        return [restriction]

    def count(self) -> int:
        return len(self.items)
