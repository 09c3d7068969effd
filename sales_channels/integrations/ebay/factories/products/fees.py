"""Listing fees in an eBay dry run: what publishing would cost, as eBay quotes it (`get_listing_fees`).

eBay quotes fees only for offers that exist and are not published yet, and sums them per
marketplace (never per offer). So, for each listing a dry run would create or update:
- a listing whose offer (for a configurable, its variations' offers) exists unpublished is quoted:
  the run's listings go to eBay in chunks of at most 250 offers, one read-only call per chunk; a
  chunk of one listing gives that listing's own fees, a larger one the sum for its listings (said so);
- a listing already published is not quoted (eBay charges insertion fees when it publishes);
- a listing with no offer yet says its fees are known once the offer exists: no number is made up;
- a failed fees call fails no listing: each listing of that call says "fees unavailable" and why.
The sentence is appended to the dry-run outcome's `detail` ("Dry run. eBay insertion fee: 0.35 USD.").
"""

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sales_channels.factories.base import StepContext
from sales_channels.factories.batch import BatchEntry
from sales_channels.factories.outcomes import CREATED, UPDATED, StepOutcome
from sales_channels.integrations.ebay.client import FEES_LIMIT
from sales_channels.integrations.ebay.factories.products import context as ebay_context
from sales_channels.integrations.ebay.models import EbayOffer
from sales_channels.models import RemoteProduct

NO_OFFER = (
    "eBay listing fees: known once the offer exists on eBay (eBay quotes fees of existing offers only; "
    "OneSila holds no offer for this listing yet)."
)
PUBLISHED = "eBay listing fees: none quoted, the listing is already published (eBay quotes fees before publication)."
QUOTED_KINDS = (CREATED, UPDATED)


@dataclass(frozen=True)
class Quotable:
    """A listing to quote: its unpublished offer ids, or the note that stands instead of a quote."""

    key: str
    offer_ids: tuple[str, ...] = ()
    note: str = ""


def with_note(outcome: StepOutcome, note: str) -> StepOutcome:
    """The outcome with `note` appended to its detail."""
    return dataclasses.replace(outcome, detail=f"{outcome.detail} {note}".strip())


def quotables(*, context: StepContext, listings: dict[str, tuple[RemoteProduct | None, bool]]) -> list[Quotable]:
    """Per key (mirror, is a configurable): its unpublished offers, read from `EbayOffer` (two queries)."""
    mirrors = [mirror for mirror, _group in listings.values() if mirror is not None and mirror.pk is not None]
    ebay_context.load_offers(context, mirrors)
    known = ebay_context.known_offers(context)
    group_pks = [mirror.pk for mirror, group in listings.values() if group and mirror is not None and mirror.pk]
    variant_offers: dict[int, list[str]] = {}
    rows = EbayOffer.objects.filter(remote_product__parent_id__in=group_pks).exclude(offer_id="").order_by("pk")
    for parent_id, offer_id in rows.values_list("remote_product__parent_id", "offer_id"):
        variant_offers.setdefault(parent_id, []).append(offer_id)
    found = []
    for key, (mirror, group) in listings.items():
        row = known.get(mirror.pk) if mirror is not None and mirror.pk is not None else None
        if row is not None and row.listing_id:
            found.append(Quotable(key=key, note=PUBLISHED))
            continue
        offer_ids = variant_offers.get(mirror.pk, []) if group and mirror is not None else []
        if not group and row is not None and row.offer_id:
            offer_ids = [row.offer_id]
        found.append(Quotable(key=key, offer_ids=tuple(offer_ids)) if offer_ids else Quotable(key=key, note=NO_OFFER))
    return found


def fee_chunks(quotables: list[Quotable]) -> list[list[Quotable]]:
    """Quotable listings in chunks of at most FEES_LIMIT offers (a listing's offers stay together)."""
    chunks: list[list[Quotable]] = []
    size = 0
    for listing in quotables:
        if not listing.offer_ids:
            continue
        if not chunks or size + len(listing.offer_ids) > FEES_LIMIT:
            chunks.append([])
            size = 0
        chunks[-1].append(listing)
        size += len(listing.offer_ids)
    return chunks


def fee_notes(*, context: StepContext, quotables: list[Quotable]) -> dict[str, str]:
    """Per key the sentence for its dry run: a quote (one call per chunk), a note, or why fees are unavailable."""
    notes = {listing.key: listing.note for listing in quotables if listing.note}
    marketplace = ebay_context.marketplace(context).remote_id
    for chunk in fee_chunks(quotables):
        offer_ids = [offer_id for listing in chunk for offer_id in listing.offer_ids]
        try:
            summaries = context.client.listing_fees(offer_ids=offer_ids)
            note = describe(summaries=summaries, marketplace=marketplace, listings=len(chunk))
        except Exception as error:  # noqa: BLE001 - a dry run never fails on fees: the reason is shown on each listing
            note = f"eBay listing fees unavailable: {error}"
        notes.update({listing.key: note for listing in chunk})
    return notes


def describe(*, summaries: list[dict[str, Any]], marketplace: str, listings: int) -> str:
    """eBay's fee summary of `marketplace` in the merchant's words ("eBay insertion fee: 0.35 USD.")."""
    summary = next((s for s in summaries if s.get("marketplaceId") == marketplace), None)
    if summary is None:
        return f"eBay listing fees unavailable: eBay's answer has no fees for {marketplace}."
    parts = []
    currency = ""
    for fee in summary.get("fees") or []:
        amount, currency = _amount(fee.get("amount"))
        if amount:
            text = f"eBay {_label(str(fee.get('feeType') or 'listing fee'))}: {amount:.2f} {currency}"
            discount, discount_currency = _amount(fee.get("promotionalDiscount"))
            if discount:
                text += f" (eBay promotional discount {discount:.2f} {discount_currency})"
            parts.append(text)
    sentence = "; ".join(parts) if parts else f"eBay listing fees: none ({Decimal(0):.2f} {currency or '?'})"
    if listings > 1:
        sentence += f" for the {listings} listings quoted together (eBay sums fees per marketplace, not per listing)"
    warnings = [str(w["message"]) for w in summary.get("warnings") or [] if isinstance(w, dict) and w.get("message")]
    if warnings:
        sentence += ". eBay notes: " + "; ".join(warnings).rstrip(".")
    return sentence + "."


def _amount(found: Any) -> tuple[Decimal, str]:
    if not isinstance(found, dict):
        return Decimal(0), ""
    try:
        return Decimal(str(found.get("value") or "0")), str(found.get("currency") or "")
    except InvalidOperation:
        return Decimal(0), str(found.get("currency") or "")


def _label(fee_type: str) -> str:
    """InsertionFee -> insertion fee."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", fee_type).lower()


def quote_entries(*, context: StepContext, entries: list[BatchEntry]) -> None:
    """The batch's dry-run previews (listings, not variations) with their fee sentence appended."""
    previews = {
        entry.key: entry
        for entry in entries
        if entry.error is None and entry.outcome is not None and entry.outcome.kind in QUOTED_KINDS
    }
    if not previews:
        return
    listings = {key: (_as_product(entry.mirror), "group" in entry.payload) for key, entry in previews.items()}
    notes = fee_notes(context=context, quotables=quotables(context=context, listings=listings))
    for key, entry in previews.items():
        entry.outcome = with_note(entry.outcome or StepOutcome(kind=CREATED), notes[key])


def quote_one(*, context: StepContext, outcome: StepOutcome, mirror: Any, group: bool) -> StepOutcome:
    """One listing's dry-run preview with its fee sentence appended (at most one call)."""
    if outcome.kind not in QUOTED_KINDS:
        return outcome
    listing = quotables(context=context, listings={"listing": (_as_product(mirror), group)})
    return with_note(outcome, fee_notes(context=context, quotables=listing)["listing"])


def _as_product(mirror: Any) -> RemoteProduct | None:
    return mirror if isinstance(mirror, RemoteProduct) else None
