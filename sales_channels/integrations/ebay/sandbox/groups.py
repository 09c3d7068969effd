"""Inventory item groups in the sandbox (variations): all variant SKUs every time, `variesBy`, group publish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .replies import SandboxError, error, invalid

GROUP_FIELDS = {
    "aspects", "description", "imageUrls", "inventoryItemGroupKey", "subtitle", "title", "variantSKUs", "variesBy",
    "videoIds",
}  # fmt: skip


class GroupRules:
    """The group part of the inventory state (mixed into `InventoryState`, which holds items and offers)."""

    items: dict[str, dict[str, Any]]
    offers: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    _listing_ids: Any
    _publish_problems: Callable[..., list[dict[str, Any]]]
    _revise: Callable[[dict[str, Any]], None]

    # -- groups -------------------------------------------------------------------------------------

    def put_group(self, key: str, body: dict) -> int:
        unknown = sorted(set(body) - GROUP_FIELDS)
        if unknown:
            raise invalid(
                f"Could not serialize field [{unknown[0]}] of InventoryItemGroup.", error_id=2004, field=unknown[0]
            )
        skus = body.get("variantSKUs") or []
        missing = [sku for sku in skus if sku not in self.items]
        if not skus or missing:
            raise SandboxError(
                400,
                error(
                    25702,
                    f"SKU {missing[0] if missing else ''} is not available in the system.".strip(),
                    sku=missing[0] if missing else "",
                ),
            )
        specifications = ((body.get("variesBy") or {}).get("specifications")) or []
        if not specifications:
            raise invalid("variesBy.specifications is required for an inventory item group.", error_id=25016)
        created = key not in self.groups
        if not created:  # a live group's listing is updated by eBay: one revision of it
            for offer in self.offers.values():
                if offer["sku"] in self.groups[key].get("variantSKUs", []):
                    self._revise(offer)
        self.groups[key] = {**body, "inventoryItemGroupKey": key}
        return 201 if created else 204

    def get_group(self, key: str) -> dict[str, Any]:
        group = self.groups.get(key)
        if group is None:
            raise SandboxError(
                404, error(25710, "We didn't find the resource/entity you are requesting.", inventoryItemGroupKey=key)
            )
        return group

    def delete_group(self, key: str) -> None:
        self.get_group(key)
        del self.groups[key]

    def publish_group(self, body: dict) -> str:
        key, marketplace = body.get("inventoryItemGroupKey"), body.get("marketplaceId")
        group = self.get_group(str(key))
        offers = [
            o for o in self.offers.values() if o["sku"] in group["variantSKUs"] and o["marketplaceId"] == marketplace
        ]
        without = sorted(set(group["variantSKUs"]) - {o["sku"] for o in offers})
        if without:
            raise SandboxError(
                400, error(25705, f"No offer exists for the variant SKU {without[0]} in {marketplace}.", sku=without[0])
            )
        problems = [
            p
            for offer in offers
            for p in self._publish_problems(offer, in_group=True, group_aspects=group.get("aspects"))
        ]
        if not group.get("title") or not group.get("imageUrls"):
            problems.append(error(25717, "The inventory item group needs a title and at least one image to publish."))
        if problems:
            raise SandboxError(400, *problems)
        listing_id = next((o["listing"]["listingId"] for o in offers if o.get("listing")), None) or str(
            next(self._listing_ids)
        )
        for offer in offers:
            if offer.get("status") == "PUBLISHED":
                self._revise(offer)
            offer["status"] = "PUBLISHED"
            offer["listing"] = {"listingId": listing_id, "listingStatus": "ACTIVE"}
        return listing_id

    def withdraw_group(self, body: dict) -> None:
        group = self.get_group(str(body.get("inventoryItemGroupKey")))
        published = [
            offer
            for offer in self.offers.values()
            if offer["sku"] in group["variantSKUs"]
            and offer["marketplaceId"] == body.get("marketplaceId")
            and offer.get("status") == "PUBLISHED"
        ]
        if not published:  # eBay: nothing listed for this group in that marketplace
            raise SandboxError(400, error(25725, "No offer found"))
        for offer in published:
            offer["status"] = "UNPUBLISHED"
            offer.pop("listing", None)
