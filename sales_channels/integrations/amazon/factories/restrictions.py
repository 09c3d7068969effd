"""The Listings Restrictions check before a listing is created for an existing ASIN in a condition.

A listing that names an existing ASIN (`merchant_suggested_asin`, filled from the local property
mapped to it) is checked with `getListingsRestrictions` for its condition before it is created:
an ASIN Amazon restricts for this seller (approval required, not eligible, unknown ASIN) is not
sent. Each reason is stored on the listing's mirror as a vendor issue in the merchant's terms (with
the approval link when Amazon gives one) and the listing fails without retries until it changes.
A listing without an ASIN creates a new catalog item and has nothing to check here (gated brands
come back as issues on the put answer instead).
"""

from typing import Any

from sales_channels.marketplaces.issues import VENDOR, IssueInfo, ListingInvalid, store_issues
from sales_channels.models import RemoteProduct

ASIN_ATTRIBUTE = "merchant_suggested_asin"
REASONS = {
    "APPROVAL_REQUIRED": "needs Amazon's approval",
    "ASIN_NOT_FOUND": "is not in Amazon's catalog",
    "NOT_ELIGIBLE": "is not eligible",
}


class ListingRestricted(ListingInvalid):
    """Amazon restricts the listing's ASIN (in its condition) for this seller: it is not created."""


def _first(attributes: dict[str, Any], name: str) -> str:
    values = attributes.get(name) or []
    found = values[0].get("value") if values and isinstance(values[0], dict) else None
    return str(found or "").strip()


def restriction_issues(*, client, body: dict[str, Any], marketplace_id: str) -> list[IssueInfo]:
    """Issues of the restrictions Amazon places on the body's ASIN and condition (empty: free to list)."""
    attributes = body.get("attributes") or {}
    asin = _first(attributes, ASIN_ATTRIBUTE)
    if not asin:
        return []
    condition = _first(attributes, "condition_type")
    found = client.listings_restrictions(asin=asin, condition_type=condition, marketplace_id=marketplace_id)
    issues = []
    for restriction in found:
        if restriction.get("conditionType") not in (None, "", condition):
            continue
        for reason in restriction.get("reasons") or [{}]:
            code = str(reason.get("reasonCode") or "RESTRICTED")
            what = REASONS.get(code, "is restricted")
            message = (
                f"Listing ASIN {asin} as {condition or 'any condition'} in marketplace "
                f"{restriction.get('marketplaceId') or marketplace_id} {what} for this seller"
            )
            detail = str(reason.get("message") or "").strip()
            message += f": {detail}" if detail else "."
            links = [link.get("resource") for link in reason.get("links") or [] if link.get("resource")]
            if links:
                message += f" Ask Amazon at {links[0]}, then sync the product again."
            else:
                message += " Choose another ASIN or condition, or remove the ASIN to create a new product."
            issues.append(IssueInfo(message=message, code=code, attribute_names=[ASIN_ATTRIBUTE]))
    return issues


def check_restrictions(
    *, client, body: dict[str, Any], marketplace_id: str, mirror: RemoteProduct | None, dry_run: bool
) -> None:
    """Raise ListingRestricted (its issues stored on the mirror) when Amazon restricts the body's ASIN."""
    issues = restriction_issues(client=client, body=body, marketplace_id=marketplace_id)
    if not issues:
        return
    if mirror is not None and mirror.pk is not None and not dry_run:
        store_issues(remote_product=mirror, source=VENDOR, issues=issues)
    raise ListingRestricted(issues)
