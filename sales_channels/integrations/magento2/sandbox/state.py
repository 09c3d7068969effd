"""The sandbox store's data: websites, store groups and views, EAV attributes, products, stock, orders.

One website (`base`) with one store group and two store views (`default` in en_US, `de` in
de_DE), EUR as base currency, one MSI source (`default`), a Default attribute set with
`color` and `size` select attributes, and a few products (two simples and a configurable
T-shirt with two children) so import and linking show. Product rows hold the global values;
writes through a store view's code keep per-view overrides (`overrides[sku][store_id]`), as
Magento does (including through `default`, which REST cannot undo).
"""

import threading
from dataclasses import dataclass, field
from typing import Any

ADMIN_STORE_ID = 0
BASE_CURRENCY = "EUR"
DEFAULT_SET_ID = 4
CLOTHING_SET_ID = 9
DEFAULT_GROUP_ID = 7
PRODUCT_ENTITY_TYPE = 4
SYSTEM_ATTRIBUTES = (
    "name",
    "sku",
    "price",
    "status",
    "visibility",
    "weight",
    "description",
    "short_description",
    "url_key",
)


@dataclass
class StoreView:
    """A store view: the REST scope `/rest/<code>/V1/...` and its locale."""

    id: int
    code: str
    name: str
    locale: str
    website_id: int = 1
    store_group_id: int = 1
    is_active: int = 1
    currency: str = BASE_CURRENCY

    def as_store(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "website_id": self.website_id,
            "store_group_id": self.store_group_id,
            "is_active": self.is_active,
        }

    def as_config(self, *, base_url: str) -> dict[str, Any]:
        url = f"{base_url}/"
        return {
            "id": self.id,
            "code": self.code,
            "website_id": self.website_id,
            "locale": self.locale,
            "base_currency_code": BASE_CURRENCY,
            "default_display_currency_code": self.currency,
            "timezone": "Europe/Brussels",
            "weight_unit": "kgs",
            "base_url": url,
            "base_link_url": url,
            "base_static_url": f"{url}static/",
            "base_media_url": f"{url}media/",
            "secure_base_url": url,
            "secure_base_link_url": url,
            "secure_base_static_url": f"{url}static/",
            "secure_base_media_url": f"{url}media/",
        }


@dataclass
class Attribute:
    """An EAV product attribute; select ones have options whose id is the option's `value`."""

    attribute_id: int
    attribute_code: str
    frontend_input: str
    label: str
    options: list[dict[str, Any]] = field(default_factory=list)
    is_user_defined: bool = True
    scope: str = "global"

    def as_json(self) -> dict[str, Any]:
        return {
            "attribute_id": self.attribute_id,
            "attribute_code": self.attribute_code,
            "frontend_input": self.frontend_input,
            "entity_type_id": str(PRODUCT_ENTITY_TYPE),
            "is_required": self.attribute_code in ("name", "sku", "price"),
            "is_user_defined": self.is_user_defined,
            "default_frontend_label": self.label,
            "frontend_labels": [],
            "scope": self.scope,
            "options": [{"label": " ", "value": ""}, *self.options]
            if self.frontend_input in ("select", "multiselect")
            else [],
        }


@dataclass
class Operation:
    """One operation of an asynchronous bulk: what it asked, when it may run, what it ended as."""

    id: int
    topic_name: str
    route: str
    scope: str
    payload: Any
    status: int = 4  # open
    result_message: str = ""
    result: Any = None
    error_code: int | None = None


@dataclass
class Bulk:
    """An accepted asynchronous bulk request; the consumer processes its operations once it is due."""

    uuid: str
    description: str
    start_time: str
    due_at: float
    operations: list[Operation] = field(default_factory=list)


@dataclass
class StoreState:
    """Everything the sandbox store holds; one lock serialises writers (requests run in threads)."""

    views: list[StoreView] = field(default_factory=list)
    websites: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
            {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1},
        ]
    )
    store_groups: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {
                "id": 0,
                "website_id": 0,
                "root_category_id": 0,
                "default_store_id": 0,
                "name": "Default",
                "code": "default",
            },
            {
                "id": 1,
                "website_id": 1,
                "root_category_id": 2,
                "default_store_id": 1,
                "name": "Main Website Store",
                "code": "main_website_store",
            },
        ]
    )
    attributes: dict[str, Attribute] = field(default_factory=dict)
    attribute_sets: dict[int, dict[str, Any]] = field(default_factory=dict)
    set_members: dict[int, set[str]] = field(default_factory=dict)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    overrides: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    source_items: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    special_prices: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)  # sku -> store id -> price
    sources: list[str] = field(default_factory=lambda: ["default"])
    orders: list[dict[str, Any]] = field(default_factory=list)
    bulks: dict[str, Bulk] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    now_text: Any = None  # () -> "YYYY-MM-DD HH:MM:SS", set by the sandbox

    def next_id(self, kind: str, start: int = 1) -> int:
        value = self.next_ids.get(kind, start)
        self.next_ids[kind] = value + 1
        return value

    def add_website(self, *, code: str, view_code: str, locale: str) -> StoreView:
        """A second website with its own store group and one store view (products are assigned per website)."""
        with self.lock:
            website_id = max(w["id"] for w in self.websites) + 1
            view = StoreView(
                id=max(v.id for v in self.views) + 1,
                code=view_code,
                name=f"{code} view",
                locale=locale,
                website_id=website_id,
                store_group_id=website_id,
            )
            self.websites.append({"id": website_id, "code": code, "name": code, "default_group_id": website_id})
            self.store_groups.append(
                {"id": website_id, "website_id": website_id, "root_category_id": 2, "default_store_id": view.id,
                 "name": f"{code} store", "code": f"{code}_store"}
            )  # fmt: skip
            self.views.append(view)
            return view

    def view(self, code: str) -> StoreView | None:
        return next((view for view in self.views if view.code == code), None)

    def view_by_id(self, store_id: int) -> StoreView | None:
        return next((view for view in self.views if view.id == store_id), None)

    def attribute(self, code_or_id: str) -> Attribute | None:
        found = self.attributes.get(code_or_id)
        if found is None and str(code_or_id).isdigit():  # attribute_id is accepted in place of the code
            found = next((a for a in self.attributes.values() if a.attribute_id == int(code_or_id)), None)
        return found

    def counts(self) -> dict[str, Any]:
        products = self.products.values()
        return {
            "products": len(self.products),
            "configurables": sum(1 for p in products if p["type_id"] == "configurable"),
            "media": sum(len(p.get("media_gallery_entries") or []) for p in products),
            "overrides": sum(len(v) for v in self.overrides.values()),
            "bulks": len(self.bulks),
            "open_operations": sum(1 for b in self.bulks.values() for o in b.operations if o.status == 4),
            "listings": [
                {"id": p["sku"], "skus": [p["sku"], *self.child_skus(p)]}
                for p in products
                if p.get("visibility", 4) != 1
            ],
        }

    def child_skus(self, product: dict[str, Any]) -> list[str]:
        ids = (product.get("extension_attributes") or {}).get("configurable_product_links") or []
        by_id = {p["id"]: p["sku"] for p in self.products.values()}
        return sorted(by_id[i] for i in ids if i in by_id)


def _option(label: str, value: int) -> dict[str, Any]:
    return {"label": label, "value": str(value), "sort_order": 0, "is_default": False, "store_labels": []}


def build_state(*, with_products: bool = True) -> StoreState:
    """A fresh store: stores, attributes, and (unless told otherwise) a few products and orders."""
    state = StoreState(
        views=[
            StoreView(id=ADMIN_STORE_ID, code="admin", name="Admin", locale="en_US", website_id=0, store_group_id=0),
            StoreView(id=1, code="default", name="Default Store View", locale="en_US"),
            StoreView(id=2, code="de", name="German Store View", locale="de_DE"),
        ]
    )
    for index, code in enumerate(SYSTEM_ATTRIBUTES, start=60):
        frontend = "textarea" if "description" in code else "text"
        if code in ("price", "weight"):
            frontend = "price" if code == "price" else "weight"
        state.attributes[code] = Attribute(index, code, frontend, code.replace("_", " ").title(), is_user_defined=False)
    state.attributes["color"] = Attribute(93, "color", "select", "Color", [_option("Red", 10), _option("Blue", 11)])
    state.attributes["size"] = Attribute(144, "size", "select", "Size", [_option("S", 20), _option("M", 21)])
    state.next_ids.update({"attribute": 200, "option": 100, "product": 1, "media": 1, "set": 10, "order": 2})
    state.attribute_sets[DEFAULT_SET_ID] = {
        "attribute_set_id": DEFAULT_SET_ID,
        "attribute_set_name": "Default",
        "sort_order": 1,
        "entity_type_id": PRODUCT_ENTITY_TYPE,
    }
    state.set_members[DEFAULT_SET_ID] = {*SYSTEM_ATTRIBUTES, "color", "size"}
    state.attribute_sets[CLOTHING_SET_ID] = {
        "attribute_set_id": CLOTHING_SET_ID,
        "attribute_set_name": "Clothing",
        "sort_order": 2,
        "entity_type_id": PRODUCT_ENTITY_TYPE,
    }
    state.set_members[CLOTHING_SET_ID] = set(SYSTEM_ATTRIBUTES)
    if with_products:
        _seed_products(state)
    return state


def _product(
    state: StoreState, sku: str, name: str, price: float, *, type_id: str = "simple", visibility: int = 4, custom=None
) -> dict[str, Any]:
    product_id = state.next_id("product")
    stamp = "2026-11-01 10:00:00"
    row = {
        "id": product_id,
        "sku": sku,
        "name": name,
        "attribute_set_id": DEFAULT_SET_ID,
        "price": price,
        "status": 1,
        "visibility": visibility,
        "type_id": type_id,
        "created_at": stamp,
        "updated_at": stamp,
        "weight": 0.5,
        "extension_attributes": {"website_ids": [1]},
        "product_links": [],
        "options": [],
        "media_gallery_entries": [],
        "tier_prices": [],
        "custom_attributes": [{"attribute_code": "description", "value": f"<p>{name}</p>"}, *(custom or [])],
    }
    state.products[sku] = row
    state.source_items[(sku, "default")] = {"sku": sku, "source_code": "default", "quantity": 7.0, "status": 1}
    return row


def _seed_products(state: StoreState) -> None:
    _product(state, "MUG-001", "Coffee mug", 9.5)
    _product(state, "CAP-001", "Cap", 14.0, custom=[{"attribute_code": "color", "value": "10"}])
    red = _product(
        state,
        "TEE-RED-S",
        "Tee red S",
        19.0,
        visibility=1,
        custom=[{"attribute_code": "color", "value": "10"}, {"attribute_code": "size", "value": "20"}],
    )
    blue = _product(
        state,
        "TEE-BLUE-M",
        "Tee blue M",
        19.0,
        visibility=1,
        custom=[{"attribute_code": "color", "value": "11"}, {"attribute_code": "size", "value": "21"}],
    )
    tee = _product(state, "TEE", "Tee", 19.0, type_id="configurable")
    tee["extension_attributes"]["configurable_product_options"] = [
        {
            "id": 1,
            "attribute_id": "93",
            "label": "Color",
            "position": 0,
            "values": [{"value_index": 10}, {"value_index": 11}],
            "product_id": tee["id"],
        },
        {
            "id": 2,
            "attribute_id": "144",
            "label": "Size",
            "position": 1,
            "values": [{"value_index": 20}, {"value_index": 21}],
            "product_id": tee["id"],
        },
    ]
    tee["extension_attributes"]["configurable_product_links"] = [red["id"], blue["id"]]
    state.next_ids["configurable_option"] = 3
    state.overrides["MUG-001"] = {2: {"name": "Kaffeebecher"}}
    state.orders.append(
        {
            "entity_id": 1,
            "increment_id": "000000001",
            "state": "processing",
            "status": "processing",
            "order_currency_code": BASE_CURRENCY,
            "base_currency_code": BASE_CURRENCY,
            "created_at": "2026-11-02 09:00:00",
            "updated_at": "2026-11-02 09:00:00",
            "customer_email": "ada@example.com",
            "customer_firstname": "Ada",
            "customer_lastname": "Lovelace",
            "grand_total": 28.5,
            "base_grand_total": 28.5,
            "items": [
                {
                    "item_id": 1,
                    "sku": "MUG-001",
                    "name": "Coffee mug",
                    "qty_ordered": 3,
                    "price": 9.5,
                    "product_type": "simple",
                }
            ],
        }
    )
