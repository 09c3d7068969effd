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
A live listing is revised at most 250 times a (UTC) day: past that its changes are held back
(`RevisionsHeldBack`, a deferral to the next day that the task shows) instead of refused by eBay.
The state to store per listing (offer id, listing id, hashes) is returned in `Pushed`.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sales_channels.exceptions import RateLimited
from sales_channels.factories.batch import chunks
from sales_channels.factories.jobs import ItemResult
from sales_channels.integrations.ebay.client import BULK_LIMIT, EbayClient, existing_offer_id, item_error
from sales_channels.integrations.ebay.factories.products import payloads
from sales_channels.integrations.ebay.models import EbayOffer  # noqa: TC001 - used at run time in annotations


@dataclass
class Listing:
    """One listing to send: its key in the caller's answers, payload and what eBay already holds."""

    key: str
    payload: dict[str, Any]
    known: EbayOffer | None = None
    publish: bool = True

    @property
    def sku(self) -> str:
        return self.payload["item"]["sku"]


REVISIONS_PER_DAY = 250


class RevisionsHeldBack(RateLimited):
    """A live listing had its 250 revisions today: its change waits for tomorrow (not sent, not failed)."""


def today() -> "datetime.date":
    return datetime.now(tz=UTC).date()


def revisions_left(known: "EbayOffer | None") -> bool:
    """False when the listing is live and had its 250 revisions today."""
    if known is None or not known.listing_id or known.revisions_day != today():
        return True
    return known.revisions < REVISIONS_PER_DAY


def held_back() -> RevisionsHeldBack:
    tomorrow = datetime.combine(today() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    seconds = (tomorrow - datetime.now(tz=UTC)).total_seconds()
    return RevisionsHeldBack(
        seconds, message="eBay allows 250 revisions of a listing a day: this change is held back until tomorrow."
    )


@dataclass
class Pushed:
    """What to store for a listing that went through: offer id, listing id and the hashes sent."""

    offer_id: str = ""
    listing_id: str = ""
    hashes: dict[str, str] = field(default_factory=dict)
    new_offer: bool = False
    revised: bool = False  # a change of a live listing (counts toward its 250 a day)


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

    def alive(items: list[Listing]) -> list[Listing]:
        return [item for item in items if item.key not in failed]

    def fail_each(items: list[Listing], error: BaseException) -> None:
        for item in items:
            failed[item.key] = ItemResult(error=error)

    def changed(item: Listing, part: str) -> bool:
        return item.known is None or getattr(item.known, f"{part}_hash") != state[item.key].hashes[part]

    for item in listings:
        if item.known is not None and any(changed(item, part) for part in ("item", "offer", "price_quantity")):
            state[item.key].revised = bool(item.known.listing_id)
            if not revisions_left(item.known):
                failed[item.key] = ItemResult(error=held_back())
    _send_items(
        client,
        language,
        alive([i for i in listings if changed(i, "item") or not state[i.key].offer_id]),
        fail_each,
        failed,
    )
    replace = _create_offers(client, language, alive([i for i in listings if not state[i.key].offer_id]), state, failed)
    replace += [i for i in alive(listings) if i not in replace and changed(i, "offer") and not state[i.key].new_offer]
    for item in replace:
        try:
            client.update_offer(
                offer_id=state[item.key].offer_id, body=payloads.offer_update(item.payload["offer"]), language=language
            )
        except Exception as error:  # noqa: BLE001 - fails this listing alone (stored on its mirror)
            failed[item.key] = ItemResult(error=error)
    pricing = [
        i for i in alive(listings) if i not in replace and not state[i.key].new_offer and changed(i, "price_quantity")
    ]
    _send_prices(client, pricing, state, fail_each, failed)
    publish = [i for i in alive(listings) if i.publish and not state[i.key].listing_id]
    _publish(client, publish, state, fail_each, failed)
    return {item.key: failed.get(item.key) or state[item.key] for item in listings}


def _send_items(client, language, items, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
        try:
            responses = client.bulk_items(requests=[item.payload["item"] for item in chunk], language=language)
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            fail_each(chunk, error)
            continue
        for item, response in zip(chunk, responses, strict=True):
            error = item_error(response)
            if error is not None:
                failed[item.key] = ItemResult(error=error)


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
            error = item_error(response)
            found = existing_offer_id(response) if error is not None else ""
            if error is None:
                state[item.key].offer_id, state[item.key].new_offer = str(response.get("offerId") or ""), True
            elif found:
                state[item.key].offer_id = found
                relinked.append(item)
            else:
                failed[item.key] = ItemResult(error=error)
    return relinked


def _send_prices(client, items, state, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
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
            error = item_error(response)
            if error is not None:
                failed[item.key] = ItemResult(error=error)


def _publish(client, items, state, fail_each, failed) -> None:
    for chunk in chunks(items, BULK_LIMIT):
        try:
            responses = client.bulk_publish(offer_ids=[state[i.key].offer_id for i in chunk])
        except Exception as error:  # noqa: BLE001 - the whole call failed: each listing carries it
            fail_each(chunk, error)
            continue
        for item, response in zip(chunk, responses, strict=True):
            error = item_error(response)
            if error is not None:
                failed[item.key] = ItemResult(error=error)
            else:
                state[item.key].listing_id = str(response.get("listingId") or "")
