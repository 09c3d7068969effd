"""`productSet` input validation: everything that makes Shopify answer with userErrors.

The checks run before anything is written, so a rejected call leaves the shop untouched.
`check_product_set` returns the normalized option list that `product_apply` then writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

from .errors import UserErrors
from .metafield_values import is_known_type, value_error
from .state import Product, ProductOption, SandboxState, Variant, parse_gid

INPUT = "input"


@dataclass
class OptionSpec:
    """One option of the input: its name, value names and the existing option it updates, if any."""

    name: str
    values: list[str]
    existing: ProductOption | None = None
    value_ids: dict[int, str] = field(default_factory=dict)


INVENTORY_QUANTITIES_LIMIT = 50_000  # per productSet call (2025-10 onwards, vendor-facts 1.9b)


def find_target(
    state: SandboxState, identifier: dict[str, Any], data: dict[str, Any], errors: UserErrors
) -> Product | None:
    """The product an identifier points at (None: create one), recording identifier errors.

    `handle` and `customId` upsert: the input must carry the same handle / unique metafield value, and
    a product that does not exist yet is created with it (so a retried create finds its first attempt).
    """
    given = [key for key in ("id", "handle", "customId") if identifier.get(key) is not None]
    if len(given) > 1:
        errors.add(["identifier"], "Only one of id, handle or customId can be provided.", "INVALID_INPUT")
        return None
    if "id" in given:
        product = state.product_by_gid(identifier["id"])
        if product is None:
            errors.add(["identifier", "id"], "Product does not exist", "NOT_FOUND")
        return product
    if "handle" in given:
        if data.get("handle") is None:
            errors.add(
                [INPUT, "handle"],
                "The input field corresponding to the identifier is required.",
                "MISSING_FIELD_REQUIRED",
            )
        elif data["handle"] != identifier["handle"]:
            errors.add([INPUT, "handle"], "The identifier value does not match the input.", "INPUT_MISMATCH")
        return next((p for p in state.products.values() if p.handle == identifier["handle"]), None)
    if "customId" in given:
        return _by_custom_id(state, identifier["customId"], data, errors)
    return None


def _by_custom_id(
    state: SandboxState, custom_id: dict[str, Any], data: dict[str, Any], errors: UserErrors
) -> Product | None:
    namespace, key, value = custom_id.get("namespace") or "custom", custom_id["key"], custom_id["value"]
    definition = state.definition_for("PRODUCT", namespace, key)
    if definition is None or not definition.unique_values:
        message = f"No metafield definition with unique values exists for {namespace}.{key}."
        errors.add(["identifier", "customId"], message, "NOT_FOUND")
        return None
    sent = next(
        (m for m in data.get("metafields") or [] if (m.get("namespace"), m.get("key")) == (namespace, key)), None
    )
    if sent is None:
        message = "The input field corresponding to the identifier is required."
        errors.add([INPUT, "metafields"], message, "MISSING_FIELD_REQUIRED")
    elif sent.get("value") != value:
        errors.add([INPUT, "metafields"], "The identifier value does not match the input.", "INPUT_MISMATCH")
    return next(
        (
            p
            for p in state.products.values()
            if any((m.namespace, m.key, m.value) == (namespace, key, value) for m in p.metafields)
        ),
        None,
    )


def check_product_set(
    state: SandboxState, product: Product | None, data: dict[str, Any], errors: UserErrors
) -> list[OptionSpec] | None:
    """Validates a productSet input; returns the option specs (None when options are not being set)."""
    _check_product_fields(state, product, data, errors)
    options_in, variants_in = data.get("productOptions"), data.get("variants")
    if options_in is not None and variants_in is None:
        errors.add([INPUT, "variants"], "Must specify variants when updating options.", "VARIANTS_INPUT_MISSING")
    if variants_in is not None and options_in is None:
        errors.add(
            [INPUT, "productOptions"],
            "Must specify product options when updating variants.",
            "PRODUCT_OPTIONS_INPUT_MISSING",
        )
    specs = _check_options(state, product, options_in, errors) if options_in is not None else None
    if specs is not None and variants_in is not None and not errors:
        _check_variants(state, product, specs, variants_in, errors)
    quantities = sum(len(variant.get("inventoryQuantities") or []) for variant in variants_in or [])
    if quantities > INVENTORY_QUANTITIES_LIMIT:
        message = f"Inventory quantities can't exceed {INVENTORY_QUANTITIES_LIMIT} per call ({quantities} given)."
        errors.add([INPUT, "variants"], message, "INVENTORY_QUANTITIES_LIMIT_EXCEEDED")
    if data.get("metafields") is not None:
        owner = product.metafields if product else []
        check_metafield_inputs(state, [INPUT, "metafields"], data["metafields"], "PRODUCT", owner, errors)
        _check_unique_values(state, product, data["metafields"], errors)
    if data.get("files") is not None:
        _check_files(product, data["files"], errors)
    return specs


def _check_product_fields(
    state: SandboxState, product: Product | None, data: dict[str, Any], errors: UserErrors
) -> None:
    title = data.get("title")
    if (product is None or "title" in data) and not (title or "").strip():
        errors.add([INPUT, "title"], "Title can't be blank", "INVALID_PRODUCT")
    handle = data.get("handle")
    if handle is not None:
        other = next((p for p in state.products.values() if p.handle == handle), None)
        if other is not None and other is not product:
            errors.add(
                [INPUT, "handle"],
                f"Handle '{handle}' already in use. Please provide a new handle.",
                "HANDLE_NOT_UNIQUE",
            )


def _check_options(
    state: SandboxState, product: Product | None, options_in: list[dict[str, Any]], errors: UserErrors
) -> list[OptionSpec]:
    limit = state.shop.max_product_options
    if len(options_in) > limit:
        errors.add(
            [INPUT, "productOptions"], f"Options count is over the allowed limit of {limit}.", "OPTIONS_OVER_LIMIT"
        )
        return []
    specs: list[OptionSpec] = []
    for index, option in enumerate(options_in):
        spec = _option_spec(product, option, [INPUT, "productOptions", index], errors)
        if spec is None:
            continue
        if any(other.name.casefold() == spec.name.casefold() for other in specs):
            errors.add(
                [INPUT, "productOptions", index, "name"],
                f"Option '{spec.name}' already exists.",
                "DUPLICATED_OPTION_NAME",
            )
        specs.append(spec)
    return specs


def _option_spec(product: Product | None, option: dict[str, Any], path: list, errors: UserErrors) -> OptionSpec | None:
    existing = None
    if option.get("id") is not None:
        number = parse_gid(option["id"], "ProductOption")
        existing = next((o for o in product.options if o.id == number), None) if product else None
        if existing is None:
            errors.add([*path, "id"], "Option does not exist", "OPTION_DOES_NOT_EXIST")
            return None
    name = option.get("name") or (existing.name if existing else "")
    if not name.strip():
        errors.add([*path, "name"], "Option name can't be blank", "INVALID_INPUT")
        return None
    values = option.get("values") or []
    if not values:
        errors.add(
            [*path, "values"], "Each option must have at least one option value specified.", "OPTION_VALUES_MISSING"
        )
        return None
    spec = OptionSpec(name=name, values=[], existing=existing)
    known = {value.id: value.name for value in existing.option_values} if existing else {}
    for value_index, value in enumerate(values):
        value_name = value.get("name") or known.get(parse_gid(value.get("id"), "ProductOptionValue") or -1)
        if not value_name:
            errors.add([*path, "values", value_index], "Option value does not exist", "OPTION_VALUE_DOES_NOT_EXIST")
        elif value_name.casefold() in (v.casefold() for v in spec.values):
            errors.add(
                [*path, "values", value_index, "name"],
                f"Duplicated option value '{value_name}'.",
                "DUPLICATED_OPTION_VALUE",
            )
        else:
            spec.values.append(value_name)
    spec.value_ids = known
    return spec


def resolve_selection(
    specs: list[OptionSpec], option_values: list[dict[str, Any]], path: list, errors: UserErrors
) -> list[tuple[str, str]] | None:
    """The (option name, value name) pairs of a variant, in option order; None after recording an error."""
    chosen: dict[str, str] = {}
    for index, entry in enumerate(option_values):
        spec = _spec_for(specs, entry)
        if spec is None:
            errors.add([*path, index, "optionName"], "Option does not exist", "OPTION_DOES_NOT_EXIST")
            return None
        value = entry.get("name") or spec.value_ids.get(parse_gid(entry.get("id"), "ProductOptionValue") or -1)
        match = next((v for v in spec.values if value and v.casefold() == value.casefold()), None)
        if match is None:
            errors.add([*path, index, "name"], f"Option value '{value}' does not exist", "OPTION_VALUE_DOES_NOT_EXIST")
            return None
        chosen[spec.name] = match
    if len(chosen) != len(specs):
        errors.add(path, "A variant needs exactly one value for every product option.", "INVALID_VARIANT")
        return None
    return [(spec.name, chosen[spec.name]) for spec in specs]


def _spec_for(specs: list[OptionSpec], entry: dict[str, Any]) -> OptionSpec | None:
    if entry.get("optionId") is not None:
        number = parse_gid(entry["optionId"], "ProductOption")
        return next((s for s in specs if s.existing is not None and s.existing.id == number), None)
    name = (entry.get("optionName") or "").casefold()
    return next((s for s in specs if s.name.casefold() == name), None)


def _check_variants(
    state: SandboxState,
    product: Product | None,
    specs: list[OptionSpec],
    variants_in: list[dict[str, Any]],
    errors: UserErrors,
) -> None:
    limit = state.shop.max_product_variants
    if len(variants_in) > limit:
        errors.add(
            [INPUT, "variants"], f"Number of product variants exceeds shop limit of {limit}.", "VARIANTS_OVER_LIMIT"
        )
        return
    seen_titles: set[tuple] = set()
    seen_skus: dict[str, int] = {}
    for index, variant in enumerate(variants_in):
        path = [INPUT, "variants", index]
        _check_variant_id(product, variant, path, errors)
        selection = resolve_selection(specs, variant.get("optionValues") or [], [*path, "optionValues"], errors)
        key = tuple((name.casefold(), value.casefold()) for name, value in selection or [])
        if selection is not None and key in seen_titles:
            title = " / ".join(value for _name, value in selection)
            errors.add([*path, "optionValues"], f"The variant '{title}' already exists.", "INVALID_VARIANT")
        seen_titles.add(key)
        _check_variant_values(state, variant, path, errors)
        sku = (variant.get("inventoryItem") or {}).get("sku")
        if sku and sku in seen_skus:
            message = f"SKU '{sku}' is already used by variant {seen_skus[sku]} of this input."
            errors.add([*path, "inventoryItem", "sku"], message, "DUPLICATED_VALUE")
        elif sku:
            seen_skus[sku] = index


def _check_variant_id(product: Product | None, variant: dict[str, Any], path: list, errors: UserErrors) -> None:
    if variant.get("id") is None:
        return
    number = parse_gid(variant["id"], "ProductVariant")
    if product is None or not any(v.id == number for v in product.variants):
        errors.add([*path, "id"], "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST")


def _check_variant_values(state: SandboxState, variant: dict[str, Any], path: list, errors: UserErrors) -> None:
    for key in ("price", "compareAtPrice"):
        if variant.get(key) is not None and Decimal(variant[key]) < 0:
            errors.add([*path, key], f"{key} must be greater than or equal to 0", "INVALID_VARIANT")
    for index, quantity in enumerate(variant.get("inventoryQuantities") or []):
        if state.location_by_gid(quantity["locationId"]) is None:
            errors.add(
                [*path, "inventoryQuantities", index, "locationId"], "Location does not exist", "INVALID_VARIANT"
            )
        if quantity["name"] not in ("available", "on_hand"):
            errors.add(
                [*path, "inventoryQuantities", index, "name"],
                "Quantity name must be available or on_hand",
                "INVALID_INPUT",
            )
    if variant.get("metafields") is not None:
        existing = _existing_variant_metafields(state, variant)
        check_metafield_inputs(state, [*path, "metafields"], variant["metafields"], "PRODUCTVARIANT", existing, errors)


def _existing_variant_metafields(state: SandboxState, variant: dict[str, Any]) -> list:
    found: Variant | None = state.variant_by_gid(variant.get("id"))
    return found.metafields if found else []


def check_metafield_inputs(
    state: SandboxState,
    path: list,
    metafields: list[dict[str, Any]],
    owner_type: str,
    existing: list,
    errors: UserErrors,
) -> None:
    """productSet's MetafieldInput rules: id or namespace+key (once per list), a known type, a valid value."""
    seen: set[tuple[str, str]] = set()
    for index, metafield in enumerate(metafields):
        item_path = [*path, index]
        current = None
        if metafield.get("id") is not None:
            current = next((m for m in existing if m.gid == metafield["id"]), None)
            if current is None:
                errors.add([*item_path, "id"], "Metafield does not exist", "INVALID_METAFIELD")
                continue
        namespace = metafield.get("namespace") or (current.namespace if current else None)
        key = metafield.get("key") or (current.key if current else None)
        if not namespace or not key:
            errors.add(item_path, "Namespace and key can't be blank", "INVALID_METAFIELD")
            continue
        if (namespace, key) in seen:
            errors.add(item_path, f"Metafield {namespace}.{key} is listed more than once", "INVALID_METAFIELD")
            continue
        seen.add((namespace, key))
        definition = state.definition_for(owner_type, namespace, key)
        type_name = (
            metafield.get("type") or (definition.type if definition else None) or (current.type if current else None)
        )
        _check_typed_value(item_path, key, type_name, metafield.get("value"), definition, errors)


def _check_typed_value(
    path: list, key: str, type_name: str | None, value: str | None, definition, errors: UserErrors
) -> None:
    if not 2 <= len(key) <= 64:
        errors.add([*path, "key"], "Key must be between 2 and 64 characters", "INVALID_METAFIELD")
    elif not type_name or not is_known_type(type_name):
        errors.add([*path, "type"], f"Type '{type_name}' is not a valid metafield type", "INVALID_METAFIELD")
    elif definition is not None and definition.type != type_name:
        errors.add([*path, "type"], f"Type must be '{definition.type}' as set by its definition", "INVALID_METAFIELD")
    elif value is None:
        errors.add([*path, "value"], "Value can't be blank", "INVALID_METAFIELD")
    else:
        problem = value_error(type_name, value, definition.validations if definition else None)
        if problem:
            errors.add([*path, "value"], problem, "INVALID_METAFIELD")


def _check_unique_values(
    state: SandboxState, product: Product | None, metafields: list[dict[str, Any]], errors: UserErrors
) -> None:
    """A value of a definition with unique values may identify only one product."""
    for index, metafield in enumerate(metafields):
        namespace, key = metafield.get("namespace"), metafield.get("key")
        definition = state.definition_for("PRODUCT", namespace or "", key or "")
        if definition is None or not definition.unique_values:
            continue
        for other in state.products.values():
            if other is not product and any(
                (m.namespace, m.key, m.value) == (namespace, key, metafield.get("value")) for m in other.metafields
            ):
                message = f"The value of {namespace}.{key} is already used by another product."
                errors.add([INPUT, "metafields", index, "value"], message, "DUPLICATED_METAFIELD_VALUE")


def _check_files(product: Product | None, files: list[dict[str, Any]], errors: UserErrors) -> None:
    media_ids = {media.gid for media in product.media} if product else set()
    for index, file in enumerate(files):
        path = [INPUT, "files", index]
        if file.get("id") is not None:
            if file["id"] not in media_ids:
                errors.add([*path, "id"], "File does not exist", "INVALID_INPUT")
            continue
        source = urlparse(file.get("originalSource") or "")
        if source.scheme not in ("http", "https") or not source.netloc:
            errors.add([*path, "originalSource"], "Original source must be an http(s) URL", "INVALID_INPUT")
        if file.get("contentType") not in (None, "IMAGE"):
            errors.add([*path, "contentType"], "The sandbox only emulates IMAGE files", "INVALID_INPUT")
