"""The sandbox's routes: one method per eBay operation, mixed into `EbaySandbox` (which holds the state).

Each takes the request's parts as keywords (`method`, `query`, `body`, `headers` and the path's named
groups) and returns a `Reply`, or raises `SandboxError` for eBay's error answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import fees, orders
from .inventory import no_content, require_language
from .replies import Reply, SandboxError, error, invalid, json_reply
from .seed import MARKETPLACES

if TYPE_CHECKING:
    from .feed import FeedState
    from .inventory import InventoryState
    from .notifications import NotificationSigner
    from .taxonomy import TaxonomyState


class EbayRoutes:
    """The route handlers of the sandbox (state on the class they are mixed into)."""

    inventory: InventoryState
    feed: FeedState
    base_url: str
    policies: dict[str, list[dict[str, Any]]]
    orders: dict[str, dict[str, Any]]
    signer: NotificationSigner
    taxonomy: TaxonomyState
    username: str
    user_id: str

    # -- inventory routes ---------------------------------------------------------------------------

    def _bulk_items(self, *, body: dict, headers: dict, **_: Any) -> Reply:
        return self.inventory.bulk_items(body=body, language=_language(headers))

    def _bulk_get_items(self, *, body: dict, **_: Any) -> Reply:
        return self.inventory.bulk_get_items(body=body)

    def _bulk_offers(self, *, body: dict, headers: dict, **_: Any) -> Reply:
        _language(headers)
        return self.inventory.bulk_create_offers(body)

    def _bulk_publish(self, *, body: dict, **_: Any) -> Reply:
        return self.inventory.bulk_publish(body)

    def _bulk_price_quantity(self, *, body: dict, **_: Any) -> Reply:
        return self.inventory.bulk_price_quantity(body)

    def _items_page(self, *, query: dict, **_: Any) -> Reply:
        try:
            limit, offset = int(query.get("limit", 25)), int(query.get("offset", 0))
        except ValueError:
            raise invalid("limit and offset must be integers.", error_id=25706) from None
        return json_reply(200, self.inventory.page_items(limit=limit, offset=offset))

    def _item(self, *, method: str, sku: str, body: dict, headers: dict, **_: Any) -> Reply:
        if method == "GET":
            return json_reply(200, self.inventory.get_item(sku))
        if method == "DELETE":
            self.inventory.delete_item(sku)
            return no_content()
        if method == "PUT":
            return _created_or_replaced(self.inventory.put_item(sku=sku, body=body, language=_language(headers)))
        raise invalid(f"{method} is not supported here.")

    def _group(self, *, method: str, key: str, body: dict, headers: dict, **_: Any) -> Reply:
        if method == "GET":
            return json_reply(200, self.inventory.get_group(key))
        if method == "DELETE":
            self.inventory.delete_group(key)
            return no_content()
        if method == "PUT":
            _language(headers)
            return _created_or_replaced(self.inventory.put_group(key, body))
        raise invalid(f"{method} is not supported here.")

    def _publish_group(self, *, body: dict, **_: Any) -> Reply:
        return json_reply(200, {"listingId": self.inventory.publish_group(body)})

    def _withdraw_group(self, *, body: dict, **_: Any) -> Reply:
        self.inventory.withdraw_group(body)
        return no_content()

    def _listing_fees(self, *, body: dict, **_: Any) -> Reply:
        return fees.listing_fees(self.inventory, body)

    def _publish(self, *, offer_id: str, **_: Any) -> Reply:
        return json_reply(200, {"listingId": self.inventory.publish(offer_id)})

    def _withdraw(self, *, offer_id: str, **_: Any) -> Reply:
        return json_reply(200, {"listingId": self.inventory.withdraw(offer_id)})

    def _offer(self, *, method: str, offer_id: str, body: dict, headers: dict, **_: Any) -> Reply:
        if method == "GET":
            return json_reply(200, self.inventory.get_offer(offer_id))
        if method == "DELETE":
            self.inventory.delete_offer(offer_id)
            return no_content()
        if method == "PUT":
            _language(headers)
            self.inventory.update_offer(offer_id, body)
            return json_reply(200, {"offerId": offer_id})
        raise invalid(f"{method} is not supported here.")

    def _offers(self, *, method: str, query: dict, body: dict, headers: dict, **_: Any) -> Reply:
        if method == "POST":
            _language(headers)
            return json_reply(201, {"offerId": self.inventory.create_offer(body)})
        if method != "GET":
            raise invalid(f"{method} is not supported here.")
        if not query.get("sku"):
            raise invalid("The sku query parameter is required.", error_id=25709)
        offers = self.inventory.offers_for(sku=query["sku"], marketplace=query.get("marketplace_id"))
        return json_reply(200, {"total": len(offers), "size": len(offers), "limit": 25, "offers": offers})

    def _locations(self, *, query: dict, **_: Any) -> Reply:
        return json_reply(
            200, self.inventory.page_locations(limit=int(query.get("limit", 100)), offset=int(query.get("offset", 0)))
        )

    def _location(self, *, method: str, key: str, body: dict, **_: Any) -> Reply:
        if method == "GET":
            found = self.inventory.locations.get(key)
            if found is None:
                raise SandboxError(404, error(25804, "Location not found.", merchantLocationKey=key))
            return json_reply(200, found)
        if method == "POST":
            self.inventory.create_location(key, body)
            return no_content()
        raise invalid(f"{method} is not supported here.")

    # -- account, identity, notification ------------------------------------------------------------

    def _policies(self, *, kind: str, query: dict, **_: Any) -> Reply:
        marketplace = query.get("marketplace_id", "")
        if marketplace not in MARKETPLACES:
            raise SandboxError(
                400, error(20401, "Invalid marketplace_id.", domain="API_ACCOUNT", marketplace_id=marketplace)
            )
        found = [p for p in self.policies[kind] if p["marketplaceId"] == marketplace]
        return json_reply(200, {"total": len(found), "limit": 20, "offset": 0, f"{kind}Policies": found})

    def _orders(self, *, query: dict, **_: Any) -> Reply:
        return json_reply(200, orders.page(self.orders, query))

    def _programs(self, **_: Any) -> Reply:
        return json_reply(200, {"programs": [{"programType": "SELLING_POLICY_MANAGEMENT"}]})

    def _user(self, **_: Any) -> Reply:
        return json_reply(
            200,
            {
                "userId": self.user_id,
                "username": self.username,
                "accountType": "BUSINESS",
                "registrationMarketplaceId": "EBAY_US",
                "status": "CONFIRMED",
            },
        )

    def _public_key(self, *, kid: str, **_: Any) -> Reply:
        found = self.signer.public_key_answer(kid)
        if found is None:
            raise SandboxError(404, error(195001, "The public key was not found.", domain="API_NOTIFICATION"))
        return json_reply(200, found)

    # -- taxonomy (application token) ---------------------------------------------------------------

    def _default_tree(self, *, query: dict, **_: Any) -> Reply:
        return self.taxonomy.default_tree(query)

    def _category_tree(self, *, tree_id: str, **_: Any) -> Reply:
        return self.taxonomy.tree(tree_id)

    def _subtree(self, *, tree_id: str, query: dict, **_: Any) -> Reply:
        return self.taxonomy.subtree(tree_id, query)

    def _aspects(self, *, tree_id: str, query: dict, **_: Any) -> Reply:
        return self.taxonomy.item_aspects(tree_id, query)

    def _aspects_file(self, *, tree_id: str, **_: Any) -> Reply:
        return self.taxonomy.fetch_item_aspects(tree_id)

    # -- Sell Feed API (the active-listings report) -------------------------------------------------

    def _feed_create(self, *, body: dict, headers: dict, **_: Any) -> Reply:
        return self.feed.create(body=body, headers=headers, base_url=self.base_url or "")

    def _feed_task(self, *, task_id: str, **_: Any) -> Reply:
        return self.feed.read(task_id)

    def _feed_file(self, *, task_id: str, **_: Any) -> Reply:
        return self.feed.result_file(task_id)


def _created_or_replaced(status: int) -> Reply:
    """201 with eBay's BaseResponse body when created, 204 without a body when replaced."""
    return json_reply(201, {"warnings": []}) if status == 201 else no_content()


def _language(headers: dict[str, str]) -> str:
    return require_language(headers)
