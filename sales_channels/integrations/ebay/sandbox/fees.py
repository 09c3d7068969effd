"""The sandbox's `get_listing_fees`: expected listing fees of unpublished offers, summed per marketplace.

Shaped as eBay's `FeesSummaryResponse` (one `feeSummaries` entry per marketplace of the quoted
offers, fees as `{feeType, amount, promotionalDiscount}`, zero fee types returned too). The amounts
are sandbox values, deterministic so tests can state them (eBay's real fees depend on the seller's
plan, category and month):
- each seller has `FREE_LISTINGS` zero-insertion-fee listings per marketplace; every listing
  already published there uses one;
- every quoted listing beyond what is left costs `INSERTION_FEE` in the marketplace's currency
  (the offers of one inventory item group are one listing);
- `SubtitleFee` and `BoldFee` are returned at 0.00 (no listing upgrades are sent).
Refused as eBay refuses: no offers or more than 250 (errorId 25709), and an unknown or already
published offer (errorId 25754, the offerId named): the whole call fails, nothing is quoted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .replies import Reply, SandboxError, error, invalid, json_reply
from .seed import MARKETPLACES

if TYPE_CHECKING:
    from .inventory import InventoryState

FEES_LIMIT = 250
FREE_LISTINGS = 5
INSERTION_FEE = Decimal("0.35")
ZERO_FEE_TYPES = ("SubtitleFee", "BoldFee")
INVALID_OFFERS = (
    "One or more provided offerId(s) are invalid. All offerId(s) in the request should belong to an "
    "inventoryItem or inventoryItemGroup for a specific marketplaceId and format."
)


def _amount(value: Decimal, currency: str) -> dict[str, str]:
    return {"value": f"{value:.2f}", "currency": currency}


def _listing_of(state: InventoryState, sku: str) -> str:
    """The listing an offer would make: its group's key when its SKU is a group variant, else its SKU."""
    return next((key for key, group in state.groups.items() if sku in (group.get("variantSKUs") or [])), sku)


def _published_listings(state: InventoryState, marketplace: str) -> int:
    return len(
        {
            offer["listing"]["listingId"]
            for offer in state.offers.values()
            if offer.get("listing") and offer.get("marketplaceId") == marketplace
        }
    )


def _offer_ids(body: dict[str, Any]) -> list[str]:
    offers = body.get("offers")
    if not isinstance(offers, list) or not offers:
        raise invalid("Invalid value for offers. At least one offerId is required.", error_id=25709, fieldName="offers")
    if len(offers) > FEES_LIMIT:
        raise invalid(
            f"Invalid value for offers. At most {FEES_LIMIT} offerIds per call.", error_id=25709, fieldName="offers"
        )
    return [str((entry or {}).get("offerId") or "") if isinstance(entry, dict) else "" for entry in offers]


def listing_fees(state: InventoryState, body: dict[str, Any]) -> Reply:
    """POST /offer/get_listing_fees: the fees the listed offers would cost, per marketplace."""
    listings: dict[str, set[str]] = {}
    for offer_id in _offer_ids(body):
        offer = state.offers.get(offer_id)
        if offer is None or offer.get("status") == "PUBLISHED":
            raise SandboxError(400, error(25754, INVALID_OFFERS, offerId=offer_id))
        listings.setdefault(offer["marketplaceId"], set()).add(_listing_of(state, offer["sku"]))
    summaries = []
    for marketplace, quoted in sorted(listings.items()):
        currency = MARKETPLACES.get(marketplace, "USD")
        free_left = max(0, FREE_LISTINGS - _published_listings(state, marketplace))
        charged = max(0, len(quoted) - free_left)
        fees = [
            {
                "feeType": "InsertionFee",
                "amount": _amount(INSERTION_FEE * charged, currency),
                "promotionalDiscount": _amount(Decimal(0), currency),
            }
        ]
        fees += [
            {
                "feeType": fee_type,
                "amount": _amount(Decimal(0), currency),
                "promotionalDiscount": _amount(Decimal(0), currency),
            }
            for fee_type in ZERO_FEE_TYPES
        ]
        summaries.append({"marketplaceId": marketplace, "fees": fees})
    return json_reply(200, {"feeSummaries": summaries})
