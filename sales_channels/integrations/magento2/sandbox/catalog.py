"""Product, configurable, media, price and stock operations of the sandbox, as strict as Magento's REST.

Every function takes the store state, the REST scope (`all`, a store view code, or `default`) and
the decoded body, and returns the answer or raises `MagentoError`. Unknown fields are refused the
way Magento's deserializer refuses them ("does not have accessor method"); types are checked; a
product save needs a name (and a price for a simple); select values must be existing option ids;
values of attributes outside the product's attribute set are dropped, as Magento drops them.
"""

import base64
import binascii
import copy
import re
from typing import Any

from . import prices
from .errors import EMPTY_ATTRIBUTE, MagentoError, bad_request, missing_product, unknown_field
from .state import ADMIN_STORE_ID, DEFAULT_SET_ID, StoreState

PRODUCT_CLASS = "Magento\\Catalog\\Api\\Data\\ProductInterface"
PRODUCT_FIELDS = {
    "id": int, "sku": str, "name": str, "attribute_set_id": int, "price": (int, float), "status": int,
    "visibility": int, "type_id": str, "created_at": str, "updated_at": str, "weight": (int, float),
    "extension_attributes": dict, "product_links": list, "options": list, "media_gallery_entries": list,
    "tier_prices": list, "custom_attributes": list,
}  # fmt: skip
EXTENSION_FIELDS = {
    "website_ids", "category_links", "stock_item", "discounts", "bundle_product_options",
    "downloadable_product_links", "downloadable_product_samples", "giftcard_amounts",
    "configurable_product_options", "configurable_product_links",
}  # fmt: skip
MEDIA_FIELDS = {"id", "media_type", "label", "position", "disabled", "types", "file", "content", "extension_attributes"}
STORE_SCOPED = ("name", "description", "short_description", "url_key", "meta_title", "meta_description")
TYPES = {"simple", "virtual", "configurable"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif"}
TYPE_NAMES = {int: "int", str: "string", dict: "object", list: "array"}


def _check_type(name: str, value: Any, expected: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, expected):
        type_name = "float" if expected == (int, float) else TYPE_NAMES.get(expected, "value")
        raise bad_request(
            'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.',
            {"value": str(value)[:40], "type": type_name},
        )


def _check_fields(body: Any, allowed: set[str] | dict, class_name: str) -> None:
    if not isinstance(body, dict):
        raise bad_request("Decoding error: the request body must be a JSON object.")
    for name in body:
        if name not in allowed:
            raise unknown_field(field_name=name, class_name=class_name)


def scope_store_id(state: StoreState, scope: str) -> int:
    """The store id of a REST scope: 0 for `all`, the view's id for a store code; unknown codes are refused."""
    if scope == "all":
        return ADMIN_STORE_ID
    view = state.view(scope)
    if view is None or view.code == "admin":
        raise MagentoError(404, "The store that was requested wasn't found. Verify the store and try again.")
    return view.id


def _select_values(state: StoreState, product: dict[str, Any]) -> None:
    members = state.set_members.get(product["attribute_set_id"], set())
    kept = []
    for item in product.get("custom_attributes") or []:
        if not isinstance(item, dict) or "attribute_code" not in item or "value" not in item:
            raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": "attribute_code"})
        code = item["attribute_code"]
        attribute = state.attributes.get(code)
        if attribute is None or code not in members:
            continue  # Magento drops values of attributes the set does not have
        if attribute.frontend_input in ("select", "multiselect"):
            ids = {option["value"] for option in attribute.options}
            values = str(item["value"]).split(",") if item["value"] not in (None, "") else []
            if any(value not in ids for value in values):
                raise bad_request('The value of attribute "%1" is invalid.', [code])
        kept.append({"attribute_code": code, "value": item["value"]})
    product["custom_attributes"] = kept


def _media(state: StoreState, current: list[dict[str, Any]], entries: list[Any]) -> list[dict[str, Any]]:
    by_id = {entry["id"]: entry for entry in current}
    result = []
    for entry in entries:
        _check_fields(entry, MEDIA_FIELDS, "Magento\\Catalog\\Api\\Data\\ProductAttributeMediaGalleryEntryInterface")
        if entry.get("id") in by_id:
            result.append({**by_id[entry["id"]], **{k: v for k, v in entry.items() if k not in ("content", "file")}})
            continue
        result.append(new_media_entry(state, entry))
    return result


def new_media_entry(state: StoreState, entry: dict[str, Any]) -> dict[str, Any]:
    """A gallery entry from base64 content (URLs are not fetched: Magento takes base64 only)."""
    for name in ("media_type", "label", "position", "disabled", "types"):
        if name not in entry:
            raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": name})
    content = entry.get("content")
    if not isinstance(content, dict) or not content.get("base64_encoded_data"):
        raise bad_request("The image content is invalid. Verify the content and try again.")
    if content.get("type") not in IMAGE_TYPES:
        raise bad_request("The image MIME type is not valid or not supported.")
    try:
        base64.b64decode(content["base64_encoded_data"], validate=True)
    except (binascii.Error, ValueError):
        raise bad_request("The image content must be valid base64 encoded data.") from None
    media_id = state.next_id("media")
    return {
        "id": media_id,
        "media_type": entry["media_type"],
        "label": entry["label"],
        "position": entry["position"],
        "disabled": bool(entry["disabled"]),
        "types": list(entry["types"]),
        "file": media_file(state, str(content.get("name") or "image")),
    }


def media_file(state: StoreState, name: str) -> str:
    """Where Magento stores an uploaded image: its name made safe, under two dispersion folders (its first two
    characters), with `_1`, `_2`... before the extension when a file of that name is already there."""
    safe = re.sub(r"[^a-z0-9_\-.]+", "_", name, flags=re.IGNORECASE)
    stem, dot, extension = safe.rpartition(".") if "." in safe else (safe, "", "")
    folders = "/" + "/".join(("_" if char == "." else char.lower()) for char in safe[:2])
    taken = {e.get("file") for p in state.products.values() for e in p.get("media_gallery_entries") or []}
    candidate, counter = f"{folders}/{safe}", 0
    while candidate in taken:
        counter += 1
        candidate = f"{folders}/{stem}_{counter}{dot}{extension}"
    return candidate


def _incoming_product(body: Any) -> dict[str, Any]:
    """The `product` of a save request, its fields and types checked like Magento's deserializer."""
    _check_fields(body, {"product", "saveOptions"}, "request")
    incoming = body.get("product")
    if incoming is None:
        raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": "product"})
    _check_fields(incoming, PRODUCT_FIELDS, PRODUCT_CLASS)
    for name, value in incoming.items():
        _check_type(name, value, PRODUCT_FIELDS[name])
    extension = incoming.get("extension_attributes") or {}
    _check_fields(extension, EXTENSION_FIELDS, "Magento\\Catalog\\Api\\Data\\ProductExtensionInterface")
    return incoming


def _apply_scalars(product: dict[str, Any], incoming: dict[str, Any], *, global_write: bool) -> None:
    names = (
        ("name", "price", "status", "visibility", "weight", "attribute_set_id")
        if global_write
        else ("price", "status", "visibility", "weight")
    )
    product.update({k: v for k, v in incoming.items() if k in names})


def _check_complete(state: StoreState, product: dict[str, Any]) -> None:
    url_key = next(
        (c["value"] for c in product.get("custom_attributes") or [] if c["attribute_code"] == "url_key"), None
    )
    if url_key and any(
        other["sku"] != product["sku"]
        and any(
            c["attribute_code"] == "url_key" and c["value"] == url_key for c in other.get("custom_attributes") or []
        )
        for other in state.products.values()
    ):
        raise bad_request("URL key for specified store already exists.")
    if not product.get("name"):
        raise bad_request(EMPTY_ATTRIBUTE, ["name"])
    if product["type_id"] in ("simple", "virtual") and product.get("price") is None:
        raise bad_request(EMPTY_ATTRIBUTE, ["price"])


def _keep_override(state: StoreState, sku: str, store_id: int, incoming: dict[str, Any]) -> None:
    """A write through a store view's code leaves that view's own values (Magento's store-view rows)."""
    if store_id == ADMIN_STORE_ID:
        return
    texts = {
        c["attribute_code"]: c["value"]
        for c in incoming.get("custom_attributes") or []
        if isinstance(c, dict) and c.get("attribute_code") in STORE_SCOPED
    }
    override = {**{k: v for k, v in incoming.items() if k in STORE_SCOPED}, **texts}
    if override:
        state.overrides.setdefault(sku, {}).setdefault(store_id, {}).update(override)


def save_product(state: StoreState, scope: str, body: Any, *, sku: str | None = None) -> dict[str, Any]:
    """POST /V1/products and PUT /V1/products/{sku}: create or update (an existing SKU is updated)."""
    incoming = _incoming_product(body)
    sku = sku or incoming.get("sku")
    if not sku:
        raise bad_request(EMPTY_ATTRIBUTE, ["sku"])
    store_id = scope_store_id(state, scope)
    with state.lock:
        existing = state.products.get(sku)
        product = copy.deepcopy(existing) if existing else _new_product(state, sku, incoming)
        _apply_scalars(product, incoming, global_write=store_id == ADMIN_STORE_ID or existing is None)
        if product["attribute_set_id"] not in state.attribute_sets:
            raise MagentoError(400, "The attribute set with ID %1 wasn't found.", [str(product["attribute_set_id"])])
        if "custom_attributes" in incoming:
            _merge_custom(
                state, product, incoming["custom_attributes"], store_id=store_id, existing=existing is not None
            )
        _select_values(state, product)
        _apply_extension(state, product, incoming.get("extension_attributes") or {})
        if "media_gallery_entries" in incoming:
            current = product.get("media_gallery_entries") or []
            product["media_gallery_entries"] = _media(state, current, incoming["media_gallery_entries"])
        _check_complete(state, product)
        product["updated_at"] = state.now_text()
        state.products[sku] = product
        _keep_override(state, sku, store_id, incoming)
        return view_of(state, product, store_id)


def _new_product(state: StoreState, sku: str, incoming: dict[str, Any]) -> dict[str, Any]:
    type_id = incoming.get("type_id") or "simple"
    if type_id not in TYPES:
        raise bad_request('Product type "%1" is not supported.', [type_id])
    stamp = state.now_text()
    return {
        "id": state.next_id("product"),
        "sku": sku,
        "name": "",
        "attribute_set_id": incoming.get("attribute_set_id", DEFAULT_SET_ID),
        "price": None,
        "status": 1,
        "visibility": 4,
        "type_id": type_id,
        "created_at": stamp,
        "updated_at": stamp,
        "extension_attributes": {"website_ids": [1]},
        "product_links": [],
        "options": [],
        "media_gallery_entries": [],
        "tier_prices": [],
        "custom_attributes": [],
    }


def _merge_custom(state: StoreState, product: dict, incoming: list, *, store_id: int, existing: bool) -> None:
    current = {c["attribute_code"]: c for c in product.get("custom_attributes") or []}
    for item in incoming:
        if not isinstance(item, dict):
            raise bad_request("Decoding error: custom_attributes items must be objects.")
        code = item.get("attribute_code")
        if store_id != ADMIN_STORE_ID and existing and code in STORE_SCOPED:
            continue  # a store view's text: kept as that view's override only
        current[code] = item
    product["custom_attributes"] = list(current.values())


def _apply_extension(state: StoreState, product: dict, extension: dict) -> None:
    target = product.setdefault("extension_attributes", {})
    if "website_ids" in extension:
        target["website_ids"] = [int(w) for w in extension["website_ids"]]
    if "stock_item" in extension:
        stock = extension["stock_item"] or {}
        state.source_items[(product["sku"], "default")] = {
            "sku": product["sku"], "source_code": "default", "quantity": float(stock.get("qty") or 0),
            "status": 1 if stock.get("is_in_stock", True) else 0,
        }  # fmt: skip
    if "configurable_product_links" in extension:
        ids = {p["id"] for p in state.products.values()}
        unknown = [i for i in extension["configurable_product_links"] if i not in ids]
        if unknown:
            raise bad_request('The product with ID "%1" does not exist.', [str(unknown[0])])
        target["configurable_product_links"] = list(extension["configurable_product_links"])


def view_of(state: StoreState, product: dict[str, Any], store_id: int) -> dict[str, Any]:
    """The product as a store view sees it: its overrides over the global values."""
    answer = copy.deepcopy(product)
    override = state.overrides.get(product["sku"], {}).get(store_id, {})
    for name, value in override.items():
        if name in PRODUCT_FIELDS:
            answer[name] = value
        else:
            answer["custom_attributes"] = [c for c in answer["custom_attributes"] if c["attribute_code"] != name] + [
                {"attribute_code": name, "value": value}
            ]
    special = prices.as_attributes(state, product["sku"])
    if special:
        codes = {item["attribute_code"] for item in special}
        answer["custom_attributes"] = [c for c in answer["custom_attributes"] if c["attribute_code"] not in codes]
        answer["custom_attributes"] += special
    if answer.get("price") is None:
        answer.pop("price", None)
    return answer


def get_product(state: StoreState, scope: str, sku: str) -> dict[str, Any]:
    product = state.products.get(sku)
    if product is None:
        raise missing_product()
    store_id = ADMIN_STORE_ID if scope == "all" else scope_store_id(state, scope)
    return view_of(state, product, store_id)


def delete_product(state: StoreState, sku: str) -> bool:
    with state.lock:
        product = state.products.pop(sku, None)
        if product is None:
            raise missing_product()
        state.overrides.pop(sku, None)
        state.special_prices.pop(sku, None)
        for key in [k for k in state.source_items if k[0] == sku]:
            del state.source_items[key]
        for other in state.products.values():
            links = (other.get("extension_attributes") or {}).get("configurable_product_links")
            if links and product["id"] in links:
                links.remove(product["id"])
    return True


# -- configurables ----------------------------------------------------------------------------------


def _configurable(state: StoreState, sku: str) -> dict[str, Any]:
    product = state.products.get(sku)
    if product is None:
        raise missing_product()
    if product["type_id"] != "configurable":
        raise bad_request('The "%1" product is not configurable.', [sku])
    return product


def add_option(state: StoreState, sku: str, body: Any) -> int:
    """POST /V1/configurable-products/{sku}/options: the option's id; an attribute already used is refused."""
    _check_fields(body, {"option", "sku"}, "request")
    option = body.get("option")
    _check_fields(
        option,
        {"id", "attribute_id", "label", "position", "is_use_default", "values", "extension_attributes", "product_id"},
        "Magento\\ConfigurableProduct\\Api\\Data\\OptionInterface",
    )
    with state.lock:
        product = _configurable(state, sku)
        attribute = state.attribute(str(option.get("attribute_id") or ""))
        if attribute is None or attribute.frontend_input != "select":
            raise bad_request("The option couldn't be saved: the attribute isn't a select attribute.")
        options = product["extension_attributes"].setdefault("configurable_product_options", [])
        if any(str(o["attribute_id"]) == str(attribute.attribute_id) for o in options):
            raise bad_request("Something went wrong while saving option.")
        option_id = state.next_id("configurable_option")
        options.append(
            {
                "id": option_id,
                "attribute_id": str(attribute.attribute_id),
                "label": option.get("label") or attribute.label,
                "position": option.get("position", len(options)),
                "values": [{"value_index": int(v["value_index"])} for v in option.get("values") or []],
                "product_id": product["id"],
            }
        )
        return option_id


def add_child(state: StoreState, sku: str, body: Any) -> bool:
    """POST /V1/configurable-products/{sku}/child: the child must carry a value of every option attribute."""
    _check_fields(body, {"childSku", "sku"}, "request")
    child_sku = body.get("childSku")
    with state.lock:
        product = _configurable(state, sku)
        child = state.products.get(child_sku or "")
        if child is None:
            raise missing_product()
        links = product["extension_attributes"].setdefault("configurable_product_links", [])
        if child["id"] in links:
            raise MagentoError(400, "The product is already attached.")
        values = {c["attribute_code"]: c["value"] for c in child.get("custom_attributes") or []}
        for option in product["extension_attributes"].get("configurable_product_options") or []:
            attribute = state.attribute(option["attribute_id"])
            if attribute is None or values.get(attribute.attribute_code) in (None, ""):
                code = attribute.attribute_code if attribute else option["attribute_id"]
                raise bad_request(
                    'The child product doesn\'t have the "%1" attribute value. Verify the value and try again.', [code]
                )
        links.append(child["id"])
        return True


def children(state: StoreState, sku: str) -> list[dict[str, Any]]:
    product = _configurable(state, sku)
    ids = set(product["extension_attributes"].get("configurable_product_links") or [])
    return [view_of(state, p, ADMIN_STORE_ID) for p in state.products.values() if p["id"] in ids]


def options_all(state: StoreState, sku: str) -> list[dict[str, Any]]:
    return copy.deepcopy(_configurable(state, sku)["extension_attributes"].get("configurable_product_options") or [])


# -- media, prices, stock -------------------------------------------------------------------------


def add_media(state: StoreState, sku: str, body: Any) -> int:
    _check_fields(body, {"entry", "sku"}, "request")
    with state.lock:
        product = state.products.get(sku)
        if product is None:
            raise missing_product()
        entry = new_media_entry(state, body.get("entry") or {})
        product.setdefault("media_gallery_entries", []).append(entry)
        return entry["id"]


def delete_media(state: StoreState, sku: str, entry_id: str) -> bool:
    with state.lock:
        product = state.products.get(sku)
        if product is None:
            raise missing_product()
        entries = product.get("media_gallery_entries") or []
        kept = [e for e in entries if str(e["id"]) != entry_id]
        if len(kept) == len(entries):
            raise MagentoError(404, "No image with the provided ID was found. Verify the ID and try again.")
        product["media_gallery_entries"] = kept
        return True


def base_prices(state: StoreState, body: Any) -> list[dict[str, Any]]:
    """POST /V1/products/base-prices: per-item failures in the answer, the other prices applied."""
    _check_fields(body, {"prices"}, "request")
    failures = []
    with state.lock:
        for item in body.get("prices") or []:
            _check_fields(
                item,
                {"price", "store_id", "sku", "extension_attributes"},
                "Magento\\Catalog\\Api\\Data\\BasePriceInterface",
            )
            product = state.products.get(item.get("sku", ""))
            if product is None:
                failures.append(
                    {
                        "message": "Requested product doesn't exist. Verify and try again. SKU: %1",
                        "parameters": [str(item.get("sku"))],
                    }
                )
                continue
            if not isinstance(item.get("price"), int | float) or item["price"] < 0:
                failures.append(
                    {
                        "message": "Invalid attribute %fieldName = %fieldValue.",
                        "parameters": ["price", str(item.get("price"))],
                    }
                )
                continue
            product["price"] = float(item["price"])
            product["updated_at"] = state.now_text()
    return failures


def save_source_items(state: StoreState, body: Any) -> list:
    """POST /V1/inventory/source-items (MSI): all items are validated, then all saved."""
    _check_fields(body, {"sourceItems"}, "request")
    items = body.get("sourceItems")
    if not isinstance(items, list) or not items:
        raise bad_request("Input data is empty")
    for item in items:
        _check_fields(
            item,
            {"sku", "source_code", "quantity", "status", "extension_attributes"},
            "Magento\\InventoryApi\\Api\\Data\\SourceItemInterface",
        )
        if item.get("sku") not in state.products:
            raise bad_request("Could not save Source Item", [])
        if item.get("source_code") not in state.sources:
            raise bad_request('Source with code "%1" does not exist.', [str(item.get("source_code"))])
    with state.lock:
        for item in items:
            state.source_items[(item["sku"], item["source_code"])] = {
                "sku": item["sku"], "source_code": item["source_code"],
                "quantity": float(item.get("quantity") or 0), "status": int(item.get("status", 1)),
            }  # fmt: skip
    return []


def save_stock_item(state: StoreState, sku: str, body: Any) -> int:
    """PUT /V1/products/{sku}/stockItems/{itemId}: the legacy (pre-MSI) stock item; answers the item id."""
    _check_fields(body, {"stockItem"}, "request")
    item = body.get("stockItem")
    if not isinstance(item, dict):
        raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": "stockItem"})
    with state.lock:
        if sku not in state.products:
            raise missing_product()
        state.source_items[(sku, "default")] = {
            "sku": sku, "source_code": "default", "quantity": float(item.get("qty") or 0),
            "status": 1 if item.get("is_in_stock", True) else 0,
        }  # fmt: skip
    return 1
