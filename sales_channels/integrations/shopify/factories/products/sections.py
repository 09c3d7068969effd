"""The parts of a Shopify listing pushed on their own, each hash-checked by the framework's sections.

(Translations and property metafields travel with the listing: productSet and ListingFollowUp.)

- prices: `productVariantsBulkUpdate` of one variant (skipped when this run's productSet set it);
- stock: `inventorySetQuantities` with `changeFromQuantity` = the last quantity we pushed and an
  `@idempotent` key derived from the task; `CHANGE_FROM_QUANTITY_STALE` re-reads the level once and retries.
  The variant's inventory item is read (`VariantInventoryItems`, with its siblings still missing one)
  the first time its stock is set on its own: productSet's answer carries only the variants' ids.
"""

import uuid

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.products.sections import PricesSection, StockSection
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.factories.products.context import (
    known_variants,
    price_currency_id,
    primary_location,
    sent,
)

STALE = "CHANGE_FROM_QUANTITY_STALE"
MAX_IDS = 250  # nodes(ids:) takes at most 250 ids (Shopify's input array limit)


def _variant(section):
    row = known_variants(section.context).get(section.data.id)
    if row is None or not row.remote_id:
        raise InvalidVendorPayload(f"no Shopify variant is bound for SKU '{section.data.sku}'")
    return row


def inventory_item_id(*, context, row) -> str:
    """The variant's inventory item id; read (with the listing's other variants missing one) when not bound yet."""
    if row.inventory_item_id:
        return row.inventory_item_id
    family = [
        other
        for other in known_variants(context).values()
        if other.remote_id and not other.inventory_item_id and other.product_remote_id == row.product_remote_id
    ]
    rows = {other.remote_id: other for other in [row, *family]}
    data = context.client.execute(document="variant_inventory_items", variables={"ids": list(rows)[:MAX_IDS]})
    nodes = data.get("nodes")
    if not isinstance(nodes, list):
        raise InvalidVendorPayload("VariantInventoryItems: no nodes", raw_excerpt=str(data)[:300])
    for node in nodes:
        found = rows.get((node or {}).get("id"))
        item_id = ((node or {}).get("inventoryItem") or {}).get("id")
        if found is not None and item_id:
            found.inventory_item_id = item_id
            found.save(update_fields=["inventory_item_id", "updated_at"])
    if not row.inventory_item_id:
        raise InvalidVendorPayload(
            f"Shopify returned no inventory item for variant {row.remote_id}: it may have been deleted on Shopify; "
            "resync the listing to create it again.",
            raw_excerpt=str(data)[:300],
        )
    return row.inventory_item_id


class ShopifyPricesSection(PricesSection):
    """The price and compare-at price of one variant, in the shop currency."""

    def items(self):
        if self.data.product.is_configurable:
            return []
        currency_id = price_currency_id(self.context)
        return [item for item in super().items() if item[0] == (currency_id,)]

    def build_payload(self, *, currency, price) -> dict:
        return payloads.price_fields(price)

    def push(self, *, mirror, payload) -> None:
        if sent(self.context, "price", self.data.id) == payload:
            return  # this run's productSet already set exactly this price
        variant = _variant(self)
        answer = self.client.execute(
            document="product_variants_bulk_update",
            variables={
                "productId": variant.product_remote_id,
                "variants": payloads.price_update_input(variant_id=variant.remote_id, payload=payload),
            },
        )
        raise_user_errors(payload=answer.get("productVariantsBulkUpdate"), operation="productVariantsBulkUpdate")


class ShopifyStockSection(StockSection):
    """The available quantity of one variant at the primary location (compare-and-swap, idempotent)."""

    def items(self):
        return [] if self.data.product.is_configurable else super().items()

    def build_payload(self, *, quantity) -> dict:
        return {"quantity": int(quantity)}

    def push(self, *, mirror, payload) -> None:
        if sent(self.context, "quantity", self.data.id) == payload["quantity"]:
            return  # the variant was created with this quantity
        variant = _variant(self)
        inventory_item_id(context=self.context, row=variant)
        location = primary_location(self.context)
        previous = (mirror.last_payload or {}) if mirror.pk is not None else {}
        change_from = int(previous.get("quantity", 0))
        errors = self._set(variant, location, payload["quantity"], change_from)
        if errors and all(error.get("code") == STALE for error in errors):
            errors = self._set(variant, location, payload["quantity"], self._current(variant, location))
        raise_user_errors(payload={"userErrors": errors}, operation="inventorySetQuantities")

    def _set(self, variant, location: str, quantity: int, change_from: int) -> list:
        stock = payloads.stock_input(
            inventory_item_id=variant.inventory_item_id,
            location_id=location,
            quantity=quantity,
            change_from=change_from,
        )
        key = payloads.stock_idempotency_key(task_key=self._task_key(), stock=stock)
        answer = self.client.execute(
            document="inventory_set_quantities", variables={"input": stock, "idempotencyKey": key}
        )
        return (answer.get("inventorySetQuantities") or {}).get("userErrors") or []

    def _task_key(self) -> str:
        """The running task (its retries share it); without one (a direct run) every call is its own."""
        task = self.context.sync_task
        if task is not None and task.pk is not None:
            return f"{self.channel.pk}:task:{task.pk}"
        return f"{self.channel.pk}:run:{uuid.uuid4()}"

    def _current(self, variant, location: str) -> int:
        data = self.client.execute(document="inventory_item", variables={"id": variant.inventory_item_id})
        levels = ((data.get("inventoryItem") or {}).get("inventoryLevels") or {}).get("nodes") or []
        for level in levels:
            if (level.get("location") or {}).get("id") == location:
                quantities = {q.get("name"): q.get("quantity") for q in level.get("quantities") or []}
                return int(quantities.get("available") or 0)
        return 0
