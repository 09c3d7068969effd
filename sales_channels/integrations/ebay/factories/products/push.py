"""Sending listings to eBay in as few calls as eBay allows: 25 inventory items, offers or price changes a call.

`push_listings` takes listings of one marketplace (simple products and variations) and, per part
that changed since the last push (`EbayOffer` hashes):
1. inventory items through `bulk_create_or_replace_inventory_item` (25 a call; a full replace);
2. new offers through `bulk_create_offer` (25 a call); an offer eBay already holds for that SKU
   (errorId 25002, a retried create) is linked by the `offerId` eBay names, then replaced with
   `PUT /offer/{id}`, so a retry never duplicates; changed offers are replaced one `PUT` each;
3. price and quantity alone through `bulk_update_price_quantity` (25 a call);
4. unpublished simple listings through `bulk_publish_offer` (25 a call).
A failed item fails its own listing only (eBay's per-item errors), the others go on.
A live listing is revised at most 250 times a (UTC) day. Each call that changes a live listing counts one
revision of it (a replaced item of a live SKU, a `PUT` offer, a price change, a group `PUT`, a republish),
however many of its SKUs the call carries; a variation counts on its group's listing (the configurable's
row). The count is checked before each call: past 250 the listing's change is held back
(`RevisionsHeldBack`, a deferral to the next UTC day that the listing shows) instead of refused by eBay.
An inactive product's listing is withdrawn (ended, its offer and item kept) and published again once active.
The state to store per listing (offer id, listing id, hashes) is returned in `Pushed`.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sales_channels.exceptions import RemoteObjectMissing
from sales_channels.factories.batch import chunks
from sales_channels.factories.jobs import ItemResult
from sales_channels.integrations.ebay.client import (
    BULK_LIMIT,
    EbayClient,
    RevisionsHeldBack,
    existing_offer_id,
    held_back,
    item_error,
)
from sales_channels.integrations.ebay.factories.products import payloads
from sales_channels.integrations.ebay.models import EbayOffer  # noqa: TC001 - used at run time in annotations

__all__ = ["REVISIONS_PER_DAY", "Listing", "Pushed", "RevisionsHeldBack", "Revisions", "held_back", "push_listings"]


@dataclass
class Listing:
    """One listing to send: its key in the caller's answers, payload and what eBay already holds.

    `live` is the row that counts the revisions of the live listing the SKU belongs to when that is not its
    own row: a variation's group listing (the configurable's row)."""

    key: str
    payload: dict[str, Any]
    known: EbayOffer | None = None
    publish: bool = True
    live: EbayOffer | None = None

    @property
    def sku(self) -> str:
        return self.payload["item"]["sku"]

    @property
    def active(self) -> bool:
        """False when the product is inactive: its listing ends (withdrawn) but its offer and item stay."""
        return bool(self.payload.get("active", True))


REVISIONS_PER_DAY = 250


def today() -> date:
    return datetime.now(tz=UTC).date()


class Revisions:
    """The revisions of live listings today, spent call by call: one per revising call that touches a listing."""

    def __init__(self) -> None:
        self.touched: dict[int, EbayOffer] = {}

    def spend(self, row: EbayOffer) -> bool:
        """One revision of the listing counted on `row`; False (nothing spent) when it had its 250 today."""
        day = today()
        if row.revisions_day != day:
            row.revisions, row.revisions_day = 0, day
        if row.revisions >= REVISIONS_PER_DAY:
            return False
        row.revisions += 1
        self.touched[id(row)] = row
        return True

    def take(self, items: list["Listing"], counter, failed: dict[str, ItemResult]) -> list["Listing"]:
        """The items one revising call may carry; those of a listing past its 250 today are held back."""
        allowed: list[Listing] = []
        spent: dict[int, bool] = {}
        for item in items:
            row = counter(item)
            if row is not None and id(row) not in spent:
                spent[id(row)] = self.spend(row)
            if row is None or spent[id(row)]:
                allowed.append(item)
            else:
                failed[item.key] = ItemResult(error=held_back())
        return allowed

    def save(self) -> None:
        """Store the counts (each listing's row, or its group's)."""
        for row in self.touched.values():
            if row.pk is not None:
                row.save(update_fields=["revisions", "revisions_day"])
        self.touched.clear()


@dataclass
class Pushed:
    """What to store for a listing that went through: offer id, listing id and the hashes sent."""

    offer_id: str = ""
    listing_id: str = ""
    hashes: dict[str, str] = field(default_factory=dict)
    new_offer: bool = False
    withdrawn: bool = False  # its listing was ended (the product is inactive): the listing id goes


def push_listings(*, client: EbayClient, language: str, listings: list[Listing]) -> dict[str, ItemResult | Pushed]:
    """Send what changed; per key a `Pushed` (success) or an `ItemResult` carrying that listing's error."""
    failed: dict[str, ItemResult] = {}
    state = {
        item.key: Pushed(
            offer_id=item.known.offer_id if item.known else "",
            listing_id=item.known.listing_id if item.known else "",
            hashes=payloads.split_hashes(item.payload),
        )
        for item in listings
    }
    revisions = Revisions()

    def alive(items: list[Listing]) -> list[Listing]:
        return [item for item in items if item.key not in failed]

    def fail_each(items: list[Listing], error: BaseException) -> None:
        for item in items:
            failed[item.key] = ItemResult(error=error)

    def changed(item: Listing, part: str) -> bool:
        return item.known is None or getattr(item.known, f"{part}_hash") != state[item.key].hashes[part]

    def counter(item: Listing) -> EbayOffer | None:
        """The row counting the revisions of the live listing this SKU is part of (None: not live)."""
        if item.live is not None:
            return item.live if item.live.listing_id else None
        return item.known if item.known is not None and state[item.key].listing_id else None

    def take(items: list[Listing]) -> list[Listing]:
        return revisions.take(items, counter, failed)

    try:
        # only a listing of its own: a variant's offer is listed (and ended) with its group (`finish_group`)
        ended = [i for i in listings if i.publish and not i.active and state[i.key].listing_id]
        _withdraw(client, ended, state, failed)
        _send_items(
            client,
            language,
            alive([i for i in listings if changed(i, "item") or not state[i.key].offer_id]),
            take,
            fail_each,
            failed,
        )
        replace = _create_offers(
            client, language, alive([i for i in listings if not state[i.key].offer_id]), state, failed
        )
        replace += [
            i for i in alive(listings) if i not in replace and changed(i, "offer") and not state[i.key].new_offer
        ]
        _replace_offers(client, language, replace, state, take, failed)
        pricing = [
            i
            for i in alive(listings)
            if i not in replace and not state[i.key].new_offer and changed(i, "price_quantity")
        ]
        _send_prices(client, pricing, state, take, fail_each, failed)
        publish = [i for i in alive(listings) if i.publish and i.active and not state[i.key].listing_id]
        _publish(client, publish, state, fail_each, failed)
    finally:
        revisions.save()
    return {item.key: failed.get(item.key) or state[item.key] for item in listings}


def _replace_offers(client, language, items, state, take, failed) -> None:
    """One `PUT` offer each (a revision of a live listing)."""
    for item in items:
        if not take([item]):
            continue
        try:
            client.update_offer(
                offer_id=state[item.key].offer_id, body=payloads.offer_update(item.payload["offer"]), language=language
            )
        except Exception as error:  # noqa: BLE001 - fails this listing alone (stored on its mirror)
            failed[item.key] = ItemResult(error=error)


def _withdraw(client, items, state, failed) -> None:
    """End the listings of inactive products: the offer goes unpublished, offer and item stay (not a revision)."""
    for item in items:
        try:
            client.withdraw(offer_id=state[item.key].offer_id)
        except RemoteObjectMissing:
            pass  # already ended: what the withdraw wanted
        except Exception as error:  # noqa: BLE001 - fails this listing alone (stored on its mirror)
            failed[item.key] = ItemResult(error=error)
            continue
        state[item.key].listing_id, state[item.key].withdrawn = "", True


def _send_items(client, language, items, take, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
        chunk = take(chunk)  # a replaced item of a live SKU revises its listing
        if not chunk:
            continue
        try:
            responses = client.bulk_items(requests=[item.payload["item"] for item in chunk], language=language)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            fail_each(chunk, error)
            continue
        for item, response in zip(chunk, responses, strict=True):
            refused = item_error(response)
            if refused is not None:
                failed[item.key] = ItemResult(error=refused)


def _create_offers(client, language, items, state, failed) -> list[Listing]:
    """New offers; returns those that existed already (linked, to be replaced with a PUT)."""
    relinked: list[Listing] = []
    for chunk in chunks(items, BULK_LIMIT):
        try:
            responses = client.bulk_create_offers(requests=[item.payload["offer"] for item in chunk], language=language)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            for item in chunk:
                failed[item.key] = ItemResult(error=error)
            continue
        for item, response in zip(chunk, responses, strict=True):
            refused = item_error(response)
            found = existing_offer_id(response) if refused is not None else ""
            if refused is None:
                state[item.key].offer_id, state[item.key].new_offer = str(response.get("offerId") or ""), True
            elif found:
                state[item.key].offer_id = found
                relinked.append(item)
            else:
                failed[item.key] = ItemResult(error=refused)
    return relinked


def _send_prices(client, items, state, take, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
        chunk = take(chunk)
        if not chunk:
            continue
        requests = [
            payloads.price_quantity(offer_id=state[i.key].offer_id, sku=i.sku, offer_body=i.payload["offer"])
            for i in chunk
        ]
        try:
            responses = client.bulk_price_quantity(requests=requests)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            fail_each(chunk, error)
            continue
        by_offer = {str(r.get("offerId") or ""): r for r in responses}
        for item in chunk:
            response = by_offer.get(state[item.key].offer_id, {"statusCode": 500})
            refused = item_error(response)
            if refused is not None:
                failed[item.key] = ItemResult(error=refused)


def _publish(client, items, state, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
        try:
            responses = client.bulk_publish(offer_ids=[state[i.key].offer_id for i in chunk])
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            fail_each(chunk, error)
            continue
        for item, response in zip(chunk, responses, strict=True):
            refused = item_error(response)
            if refused is not None:
                failed[item.key] = ItemResult(error=refused)
            else:
                state[item.key].listing_id = str(response.get("listingId") or "")
