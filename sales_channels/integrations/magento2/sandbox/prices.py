"""The sandbox's special prices: `/V1/products/special-price`, `-delete` and `-information`, as Magento's storage.

Each item is validated alone (Magento's `SpecialPriceStorage`): an unknown SKU (or one whose type takes
no special price), a store other than 0 while the price scope is global, a missing or negative price,
or a date not in `Y-m-d H:i:s` fails that item (its message and parameters in the answer), the others
are applied. A set writes the price and each date given (an empty date leaves the stored one); a
delete removes the SKU's special price and both dates for that store, whatever values it names. The
product's answers show them as the `special_price`, `special_from_date` and `special_to_date` attributes.
"""

from datetime import datetime
from typing import Any

from .errors import unknown_field
from .state import ADMIN_STORE_ID, StoreState

ITEM_FIELDS = {"price", "store_id", "sku", "price_from", "price_to", "extension_attributes"}
ITEM_CLASS = "Magento\\Catalog\\Api\\Data\\SpecialPriceInterface"
ROW = "Row ID: SKU = %SKU, Store ID: %storeId, Price From: %priceFrom, Price To: %priceTo."
NO_PRODUCT = "The product that was requested doesn't exist. Verify the product and try again. " + ROW
NOT_GLOBAL = "Could not change non global Price when price scope is global. " + ROW
NO_STORE = "Requested store is not found. " + ROW
BAD_PRICE = "Invalid attribute Price = %price. " + ROW
BAD_DATE = "Invalid attribute %label = %priceTo. " + ROW
PRICED_TYPES = ("simple", "virtual")


def _fields(body: Any, allowed: set[str], class_name: str) -> None:
    if not isinstance(body, dict):
        raise unknown_field(field_name="body", class_name=class_name)
    for name in body:
        if name not in allowed:
            raise unknown_field(field_name=name, class_name=class_name)


def _correct_date(value: Any) -> bool:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M:%S") == value
    except ValueError:
        return False


def _failures(state: StoreState, item: dict[str, Any]) -> list[dict[str, Any]]:
    row = [str(item.get("sku")), str(item.get("store_id")), str(item.get("price_from")), str(item.get("price_to"))]
    product = state.products.get(str(item.get("sku") or ""))
    found = []
    if product is None or product["type_id"] not in PRICED_TYPES:
        found.append({"message": NO_PRODUCT, "parameters": row})
    if item.get("store_id") != ADMIN_STORE_ID:
        found.append({"message": NOT_GLOBAL, "parameters": row})
    if state.view_by_id(item.get("store_id")) is None:
        found.append({"message": NO_STORE, "parameters": row})
    price = item.get("price")
    if price is None or isinstance(price, bool) or not isinstance(price, int | float) or price < 0:
        found.append({"message": BAD_PRICE, "parameters": [str(price), *row]})
    for name, label in (("price_from", "Price From"), ("price_to", "Price To")):
        if item.get(name) and not _correct_date(item[name]):
            found.append({"message": BAD_DATE, "parameters": [label, *row]})
    return found


def _valid_items(state: StoreState, body: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    _fields(body, {"prices"}, "request")
    valid, failures = [], []
    for item in body.get("prices") or []:
        _fields(item, ITEM_FIELDS, ITEM_CLASS)
        problems = _failures(state, item)
        failures += problems
        if not problems:
            valid.append(item)
    return valid, failures


def update(state: StoreState, body: Any) -> list[dict[str, Any]]:
    """POST /V1/products/special-price: the failed items (the valid ones are saved)."""
    with state.lock:
        valid, failures = _valid_items(state, body)
        for item in valid:
            stored = state.special_prices.setdefault(item["sku"], {}).setdefault(item["store_id"], {})
            stored["price"] = float(item["price"])
            for name in ("price_from", "price_to"):
                if item.get(name):
                    stored[name] = item[name]
            state.products[item["sku"]]["updated_at"] = state.now_text()
    return failures


def delete(state: StoreState, body: Any) -> list[dict[str, Any]]:
    """POST /V1/products/special-price-delete: the SKU's special price and dates for that store are removed."""
    with state.lock:
        valid, failures = _valid_items(state, body)
        for item in valid:
            state.special_prices.get(item["sku"], {}).pop(item["store_id"], None)
    return failures


def information(state: StoreState, body: Any) -> list[dict[str, Any]]:
    """POST /V1/products/special-price-information: the special prices of these SKUs."""
    _fields(body, {"skus"}, "request")
    found = []
    for sku in body.get("skus") or []:
        for store_id, stored in sorted(state.special_prices.get(sku, {}).items()):
            found.append(
                {
                    "price": stored["price"],
                    "store_id": store_id,
                    "sku": sku,
                    "price_from": stored.get("price_from") or "",
                    "price_to": stored.get("price_to") or "",
                }
            )
    return found


def as_attributes(state: StoreState, sku: str) -> list[dict[str, Any]]:
    """The global special price as the product's custom attributes (what `GET /V1/products/{sku}` shows)."""
    stored = state.special_prices.get(sku, {}).get(ADMIN_STORE_ID)
    if not stored:
        return []
    found = [{"attribute_code": "special_price", "value": f"{stored['price']:.6f}"}]
    for name, code in (("price_from", "special_from_date"), ("price_to", "special_to_date")):
        if stored.get(name):
            found.append({"attribute_code": code, "value": stored[name]})
    return found
