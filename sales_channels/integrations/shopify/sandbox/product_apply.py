"""Writes a validated `productSet` input into the sandbox state with Shopify's list-replacement semantics.

Lists present in the input (options, variants, metafields, files) replace what the product had:
entries without an id are created (so re-sending an image URL without its media id duplicates it),
entries with an id are updated, and existing entries not listed are deleted. Absent lists are kept.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import UserErrors
from .media import start_processing
from .product_set import OptionSpec, resolve_selection
from .state import (
    MediaImage,
    Metafield,
    OptionValue,
    Product,
    ProductOption,
    SandboxState,
    Variant,
    now_iso,
    parse_gid,
)

_SCALARS = {
    "title": "title",
    "handle": "handle",
    "descriptionHtml": "description_html",
    "status": "status",
    "vendor": "vendor",
    "productType": "product_type",
}


def unique_handle(state: SandboxState, title: str) -> str:
    """A handle derived from the title, suffixed -1, -2... when taken (as Shopify does)."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "product"
    taken = {product.handle for product in state.products.values()}
    handle, suffix = base, 0
    while handle in taken:
        suffix += 1
        handle = f"{base}-{suffix}"
    return handle


def apply_product_set(
    state: SandboxState, product: Product | None, data: dict[str, Any], specs: list[OptionSpec] | None
) -> Product:
    """Creates or updates the product; the input has passed `check_product_set`."""
    if product is None:
        title = data["title"]
        product = Product(id=state.next_id(), title=title, handle=data.get("handle") or unique_handle(state, title))
        state.products[product.id] = product
        if specs is None:
            specs = [OptionSpec(name="Title", values=["Default Title"])]
            data = {**data, "variants": [{"optionValues": [{"optionName": "Title", "name": "Default Title"}]}]}
    for key, attribute in _SCALARS.items():
        if data.get(key) is not None:
            setattr(product, attribute, data[key])
    if data.get("tags") is not None:
        product.tags = list(data["tags"])
    if specs is not None:
        product.options = _apply_options(state, specs)
        product.variants = [
            _apply_variant(state, product, specs, variant, index) for index, variant in enumerate(data["variants"])
        ]
    if data.get("metafields") is not None:
        product.metafields = apply_metafields(state, product.gid, "PRODUCT", product.metafields, data["metafields"])
    if data.get("files") is not None:
        product.media = _apply_files(state, product, data["files"])
    product.updated_at = now_iso()
    return product


def _apply_options(state: SandboxState, specs: list[OptionSpec]) -> list[ProductOption]:
    options = []
    for position, spec in enumerate(specs, start=1):
        option = spec.existing or ProductOption(id=state.next_id(), name=spec.name, position=position)
        option.name, option.position = spec.name, position
        previous = {value.name.casefold(): value for value in option.option_values}
        option.option_values = [
            previous.get(name.casefold()) or OptionValue(id=state.next_id(), name=name) for name in spec.values
        ]
        for value, name in zip(option.option_values, spec.values, strict=True):
            value.name = name
        options.append(option)
    return options


def _apply_variant(
    state: SandboxState, product: Product, specs: list[OptionSpec], data: dict[str, Any], index: int
) -> Variant:
    number = parse_gid(data.get("id"), "ProductVariant")
    variant = next((v for v in product.variants if v.id == number), None)
    created = variant is None
    if variant is None:
        variant = Variant(id=state.next_id(), product_id=product.id, inventory_item=state.new_inventory_item())
    variant.selected = resolve_selection(specs, data.get("optionValues") or [], [], UserErrors()) or []
    variant.position = index + 1
    for key, attribute in (("price", "price"), ("barcode", "barcode"), ("inventoryPolicy", "inventory_policy")):
        if data.get(key) is not None:
            setattr(variant, attribute, data[key])
    if "compareAtPrice" in data:
        variant.compare_at_price = data["compareAtPrice"]
    apply_inventory_item(variant, data.get("inventoryItem"))
    if created:
        _apply_initial_quantities(state, variant, data.get("inventoryQuantities") or [])
    if data.get("metafields") is not None:
        variant.metafields = apply_metafields(
            state, variant.gid, "PRODUCTVARIANT", variant.metafields, data["metafields"]
        )
    return variant


def apply_inventory_item(variant: Variant, data: dict[str, Any] | None) -> None:
    """Copies InventoryItemInput fields (sku, tracked, cost...) onto the variant's inventory item."""
    item = variant.inventory_item
    for key, attribute in (
        ("sku", "sku"),
        ("tracked", "tracked"),
        ("cost", "cost"),
        ("harmonizedSystemCode", "harmonized_system_code"),
        ("requiresShipping", "requires_shipping"),
    ):
        if data and key in data:
            setattr(item, attribute, data[key])


def _apply_initial_quantities(state: SandboxState, variant: Variant, quantities: list[dict[str, Any]]) -> None:
    """productSet's inventoryQuantities only seed a new variant (later changes use inventorySetQuantities)."""
    for quantity in quantities:
        location = state.location_by_gid(quantity["locationId"])
        levels = variant.inventory_item.levels.setdefault(location.id, {"available": 0, "on_hand": 0})
        levels["available"] = levels["on_hand"] = quantity["quantity"]


def apply_metafields(
    state: SandboxState, owner_gid: str, owner_type: str, current: list[Metafield], inputs: list[dict[str, Any]]
) -> list[Metafield]:
    """The owner's new metafield list: matched by id or namespace+key, the rest deleted."""
    result = []
    for data in inputs:
        metafield = next((m for m in current if m.gid == data.get("id")), None) or next(
            (m for m in current if (m.namespace, m.key) == (data.get("namespace"), data.get("key"))), None
        )
        if metafield is None:
            definition = state.definition_for(owner_type, data["namespace"], data["key"])
            metafield = Metafield(
                id=state.next_id(),
                owner_gid=owner_gid,
                namespace=data["namespace"],
                key=data["key"],
                type=data.get("type") or definition.type,  # type: ignore[union-attr]
                value=data["value"],
            )
        metafield.value = data["value"]
        metafield.type = data.get("type") or metafield.type
        result.append(metafield)
    return result


def _apply_files(state: SandboxState, product: Product, files: list[dict[str, Any]]) -> list[MediaImage]:
    media = []
    for data in files:
        existing = next((m for m in product.media if m.gid == data.get("id")), None)
        image = existing
        if image is None:
            image = MediaImage(id=state.next_id(), original_source=data["originalSource"])
            start_processing(state, image)
        if data.get("alt") is not None:
            image.alt = data["alt"]
        media.append(image)
    return media
