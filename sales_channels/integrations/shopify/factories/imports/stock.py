"""Stock for imported products: the inventory levels of a page's variants, asked in small batches.

ProductsPage leaves inventory levels out (products x variants x levels would pass the 1,000-point
single-query maximum), so the import asks InventoryLevelsByItems for the inventory items of the
page, 25 at a time (about 600 points each), and puts each item's `inventoryLevels` back into its
variant node. The item step then parses and writes them like any other field of the product
(`parsers._stock` -> `catalog.write_stock`: an InventoryLocation named after the Shopify location).
"""

from typing import Any

from sales_channels.integrations.shopify.factories.imports import answers

ITEMS_PER_CALL = 25
LEVELS_FIRST = 10


def inventory_item_ids(records: list[Any]) -> list[str]:
    """The inventory item gids of every variant of the product nodes, in order, once each."""
    found: dict[str, None] = {}
    for record in records:
        for variant in _variant_nodes(record):
            item_id = ((variant or {}).get("inventoryItem") or {}).get("id")
            if isinstance(item_id, str) and item_id:
                found[item_id] = None
    return list(found)


def _variant_nodes(record: Any) -> list:
    variants = record.get("variants") if isinstance(record, dict) else None
    nodes = variants.get("nodes") if isinstance(variants, dict) else None
    return nodes if isinstance(nodes, list) else []


def fetch_levels(*, client, item_ids: list[str]) -> dict[str, dict]:
    """`inventoryLevels` connections by inventory item gid (InventoryLevelsByItems in batches)."""
    levels: dict[str, dict] = {}
    for start in range(0, len(item_ids), ITEMS_PER_CALL):
        batch = item_ids[start : start + ITEMS_PER_CALL]
        data = client.execute(
            document="inventory_levels_by_items", variables={"ids": batch, "levelsFirst": LEVELS_FIRST}
        )
        for node in answers.inventory_levels(data=data).nodes:
            if node is not None and node.inventory_levels is not None:
                levels[node.id] = node.inventory_levels
    return levels


def merge_levels(*, record: Any, levels: dict[str, dict]) -> Any:
    """The product node with each variant's `inventoryItem.inventoryLevels` filled in (a copy)."""
    variants = _variant_nodes(record)
    if not variants:
        return record
    merged = []
    for variant in variants:
        item = (variant or {}).get("inventoryItem") if isinstance(variant, dict) else None
        found = levels.get(str((item or {}).get("id")))
        if isinstance(item, dict) and found is not None:
            variant = {**variant, "inventoryItem": {**item, "inventoryLevels": found}}
        merged.append(variant)
    return {**record, "variants": {**record["variants"], "nodes": merged}}


def with_stock(*, client, records: list[Any]) -> list[Any]:
    """The page's product nodes with the inventory levels of their variants."""
    item_ids = inventory_item_ids(records)
    if not item_ids:
        return records
    levels = fetch_levels(client=client, item_ids=item_ids)
    return [merge_levels(record=record, levels=levels) for record in records]
