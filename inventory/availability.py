"""Available quantity per product, in a fixed number of queries for any number of products.

- simple: the sum of its stock at internal locations;
- configurable: the sum over its variations;
- bundle: the number of complete bundles its items allow (min over items of stock // quantity).
"""

from collections import defaultdict

from django.db.models import Sum

from inventory.models import Inventory
from products.models import BundleItem, ConfigurableVariation, Product


def _simple_stock(product_ids: set[int]) -> dict[int, int]:
    rows = (
        Inventory.objects.filter(product_id__in=product_ids, location__is_internal=True)
        .values("product_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["product_id"]: row["total"] or 0 for row in rows}


def available_quantities(*, product_ids: list[int]) -> dict[int, int]:
    """{product id: available quantity} for every id given."""
    ids = set(product_ids)
    types = dict(Product.objects.filter(id__in=ids).values_list("id", "type"))
    variations = defaultdict(list)
    for parent_id, variation_id in ConfigurableVariation.objects.filter(parent_id__in=ids).values_list(
        "parent_id", "variation_id"
    ):
        variations[parent_id].append(variation_id)
    bundle_items = defaultdict(list)
    for parent_id, item_id, quantity in BundleItem.objects.filter(parent_id__in=ids).values_list(
        "parent_id", "product_id", "quantity"
    ):
        bundle_items[parent_id].append((item_id, quantity))
    needed = set(ids)
    needed.update(v for vs in variations.values() for v in vs)
    needed.update(item for items in bundle_items.values() for item, _ in items)
    stock = _simple_stock(needed)
    result = {}
    for product_id in ids:
        kind = types.get(product_id)
        if kind == Product.CONFIGURABLE:
            result[product_id] = sum(stock.get(v, 0) for v in variations[product_id])
        elif kind == Product.BUNDLE:
            items = bundle_items[product_id]
            result[product_id] = min((stock.get(i, 0) // q for i, q in items), default=0)
        else:
            result[product_id] = stock.get(product_id, 0)
    return result


def available_quantity(*, product: Product) -> int:
    """The available quantity of one product."""
    return available_quantities(product_ids=[product.id])[product.id]
