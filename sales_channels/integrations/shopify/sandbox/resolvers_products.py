"""Product mutations: productSet, productDelete and productVariantsBulkUpdate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from .errors import UserErrors
from .product_apply import apply_inventory_item, apply_product_set
from .product_set import check_product_set, find_target
from .state import Product, SandboxState, Variant, now_iso, parse_gid


def product_set(
    _root: object,
    info: GraphQLResolveInfo,
    input: dict[str, Any],
    identifier: dict[str, Any] | None = None,
    synchronous: bool | None = None,
) -> dict[str, Any]:
    """Creates or updates a product; on any userError nothing is written."""
    state: SandboxState = info.context
    errors = UserErrors()
    if synchronous is False:
        errors.add(["synchronous"], "The sandbox only emulates synchronous productSet.", "INVALID_INPUT")
        return {"product": None, "userErrors": errors}
    product = find_target(state, identifier or {}, input, errors)
    if errors:
        return {"product": None, "userErrors": errors}
    specs = check_product_set(state, product, input, errors)
    if errors:
        return {"product": None, "userErrors": errors}
    return {"product": apply_product_set(state, product, input, specs), "userErrors": []}


def product_delete(
    _root: object, info: GraphQLResolveInfo, input: dict[str, Any], synchronous: bool | None = None
) -> dict[str, Any]:
    """Deletes a product with its variants, inventory items, media and translations."""
    state: SandboxState = info.context
    product = state.product_by_gid(input["id"])
    if product is None:
        return {"deletedProductId": None, "userErrors": [{"field": ["id"], "message": "Product does not exist"}]}
    del state.products[product.id]
    for resource_gid in [product.gid, *(metafield.gid for metafield in product.metafields)]:
        state.translations.pop(resource_gid, None)
    return {"deletedProductId": product.gid, "userErrors": []}


def _variant_errors(product: Product, index: int, data: dict[str, Any], errors: UserErrors) -> Variant | None:
    path: list[str | int] = ["variants", index]
    if data.get("id") is None:
        errors.add([*path, "id"], "Product variant is missing ID attribute.", "PRODUCT_VARIANT_ID_MISSING")
        return None
    number = parse_gid(data["id"], "ProductVariant")
    variant = next((v for v in product.variants if v.id == number), None)
    if variant is None:
        errors.add([*path, "id"], "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST")
        return None
    count = len(errors)
    for key in ("price", "compareAtPrice"):
        if data.get(key) is not None and Decimal(data[key]) < 0:
            errors.add([*path, key], f"{key} can't be negative.", "NEGATIVE_PRICE_VALUE")
    if data.get("inventoryQuantities") is not None:
        message = "Inventory quantities can only be provided during create. Use inventorySetQuantities."
        errors.add([*path, "inventoryQuantities"], message, "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE")
    return variant if len(errors) == count else None


def _update_variant(variant: Variant, data: dict[str, Any]) -> None:
    if data.get("price") is not None:
        variant.price = data["price"]
    if "compareAtPrice" in data:
        variant.compare_at_price = data["compareAtPrice"]
    if "barcode" in data:
        variant.barcode = data["barcode"]
    if data.get("inventoryPolicy") is not None:
        variant.inventory_policy = data["inventoryPolicy"]
    apply_inventory_item(variant, data.get("inventoryItem"))


def product_variants_bulk_update(
    _root: object,
    info: GraphQLResolveInfo,
    product_id: str,
    variants: list[dict[str, Any]],
    allow_partial_updates: bool | None = None,
) -> dict[str, Any]:
    """Updates existing variants; atomic unless allowPartialUpdates is true."""
    state: SandboxState = info.context
    product = state.product_by_gid(product_id)
    if product is None:
        error = {"field": ["productId"], "message": "Product does not exist", "code": "PRODUCT_DOES_NOT_EXIST"}
        return {"productVariants": None, "userErrors": [error]}
    errors = UserErrors()
    valid = [(_variant_errors(product, index, data, errors), data) for index, data in enumerate(variants)]
    if errors and not allow_partial_updates:
        return {"productVariants": None, "userErrors": errors}
    updated = []
    for variant, data in valid:
        if variant is not None:
            _update_variant(variant, data)
            updated.append(variant)
    if updated:
        product.updated_at = now_iso()
    return {"productVariants": updated, "userErrors": errors}


RESOLVERS = {
    ("Mutation", "productSet"): product_set,
    ("Mutation", "productDelete"): product_delete,
    ("Mutation", "productVariantsBulkUpdate"): product_variants_bulk_update,
}
