"""What the sandbox seller holds before anyone connects: two marketplaces and a few listings."""

from __future__ import annotations

from .listings import Listing, ListingsStore

US, CA = "ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"
# The seed listings were last changed before any demo ran: a restarted sandbox holds them unchanged, so a
# verify after `make run` does not report them changed on Amazon.
SEED_UPDATED = "2026-01-01T00:00:00Z"
MARKETPLACES: dict[str, dict[str, str]] = {
    US: {
        "name": "Amazon.com",
        "countryCode": "US",
        "defaultCurrencyCode": "USD",
        "defaultLanguageCode": "en_US",
        "domainName": "www.amazon.com",
    },
    CA: {
        "name": "Amazon.ca",
        "countryCode": "CA",
        "defaultCurrencyCode": "CAD",
        "defaultLanguageCode": "en_CA",
        "domainName": "www.amazon.ca",
    },
}


def participations() -> list[dict]:
    """The getMarketplaceParticipations payload."""
    return [
        {
            "marketplace": {"id": marketplace_id, **details},
            "participation": {"isParticipating": True, "hasSuspendedListings": False},
            "storeName": "OneSila Sandbox Store",
        }
        for marketplace_id, details in MARKETPLACES.items()
    ]


def _attributes(name: str, color: str, price: str, quantity: int) -> dict:
    return {
        "item_name": [{"value": name, "language_tag": "en_US", "marketplace_id": US}],
        "brand": [{"value": "Sandbox Outfitters", "language_tag": "en_US", "marketplace_id": US}],
        "condition_type": [{"value": "new_new", "marketplace_id": US}],
        "color": [{"value": color, "language_tag": "en_US", "marketplace_id": US}],
        "purchasable_offer": [
            {"currency": "USD", "marketplace_id": US, "our_price": [{"schedule": [{"value_with_tax": float(price)}]}]}
        ],
        "fulfillment_availability": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}],
    }


def seed_listings(store: ListingsStore) -> None:
    """Pre-existing listings, so import and linking by SKU show."""
    for sku, name, color, price, quantity in (
        ("AMZ-SEED-TEE-BLK", "Sandbox Tee Black", "Black", "19.99", 12),
        ("AMZ-SEED-TEE-WHT", "Sandbox Tee White", "White", "19.99", 7),
        ("AMZ-SEED-CAP", "Sandbox Cap", "Navy", "14.50", 30),
    ):
        store.items[(sku, US)] = Listing(
            sku=sku,
            marketplace_id=US,
            product_type="SHIRT" if "TEE" in sku else "HAT",
            attributes=_attributes(name, color, price, quantity),
            asin="B0SEED" + sku[-3:],
            updated=SEED_UPDATED,
        )
