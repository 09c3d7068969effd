"""The store's state: products, variations, media, global attributes and terms, orders, webhooks.

Everything a REST write does goes through here, under one lock, and is validated first so a
refused item changes nothing: types (`fields`), unique SKUs (`product_invalid_sku` with the
holder's `resource_id`), image ids that exist and `src` URLs the store can fetch (the fetch is a
callable, so tests decide which URLs are reachable). Sending `images` replaces the whole gallery
(ids keep their media, each `src` becomes a new media item; the first image is the featured one).
Stock is only stored when the product manages stock. Prices are strings.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from . import fields
from .replies import WpError

PRODUCT_READ_ONLY = ("id", "price", "permalink", "date_created", "date_modified", "variations", "parent_id")


def now_gmt() -> str:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


class Catalog:
    """One store's data; all methods take the lock (handlers run on several threads)."""

    def __init__(self, *, fetch_src: Callable[[str], None]) -> None:
        self.lock = threading.RLock()
        self.fetch_src = fetch_src
        self._ids = itertools.count(100)  # WordPress posts share one id sequence
        self._attribute_ids = itertools.count(1)
        self._term_ids = itertools.count(20)
        self.products: dict[int, dict[str, Any]] = {}
        self.variations: dict[int, dict[str, Any]] = {}
        self.media: dict[int, dict[str, Any]] = {}
        self.attributes: dict[int, dict[str, Any]] = {}
        self.terms: dict[int, dict[int, dict[str, Any]]] = {}
        self.orders: dict[int, dict[str, Any]] = {}
        self.webhooks: dict[int, dict[str, Any]] = {}

    def next_id(self) -> int:
        return next(self._ids)

    # -- SKUs ------------------------------------------------------------------------------------

    def sku_holder(self, sku: str, *, exclude: int | None = None) -> int | None:
        """The product or variation id holding this SKU (WooCommerce keeps SKUs unique across both)."""
        if not sku:
            return None
        for item in itertools.chain(self.products.values(), self.variations.values()):
            if item["sku"] == sku and item["id"] != exclude and item.get("status") != "trash":
                return item["id"]
        return None

    def _check_sku(self, payload: dict[str, Any], *, own_id: int | None) -> None:
        sku = payload.get("sku")
        holder = self.sku_holder(sku, exclude=own_id) if sku else None
        if holder is not None:
            raise WpError("product_invalid_sku", "Invalid or duplicated SKU.", resource_id=holder, unique_sku=sku)

    # -- images ----------------------------------------------------------------------------------

    def _resolve_image(self, image: Any, *, new: list[dict[str, Any]]) -> dict[str, Any]:
        """An `{id}` of existing media or a `{src}` the store fetches; new media are only staged here."""
        if not isinstance(image, dict):
            raise WpError("rest_invalid_param", "Invalid parameter(s): images", params={"images": "not an object"})
        media_id = image.get("id")
        if media_id:
            if media_id not in self.media:
                raise WpError("woocommerce_product_invalid_image_id", f"#{media_id} is an invalid image ID.")
            found = dict(self.media[media_id])
        else:
            src = image.get("src")
            if not isinstance(src, str) or not src:
                raise WpError("woocommerce_product_invalid_image", "An image needs an id or a src.")
            try:
                self.fetch_src(src)
            except OSError as error:
                raise WpError(
                    "woocommerce_product_image_upload_error", f"Error getting remote image {src}. Error: {error}"
                ) from None
            found = {"id": 0, "src": src, "name": image.get("name") or src.rsplit("/", 1)[-1], "alt": ""}
            new.append(found)
        if "alt" in image:
            found["alt"] = str(image.get("alt") or "")
        if image.get("name"):
            found["name"] = str(image["name"])
        return found

    def _commit_media(self, staged: list[dict[str, Any]]) -> None:
        for media in staged:
            media["id"] = self.next_id()
            media["date_created_gmt"] = now_gmt()
            self.media[media["id"]] = media

    # -- products --------------------------------------------------------------------------------

    def new_product(self) -> dict[str, Any]:
        stamp = now_gmt()
        return {
            "id": 0,
            "name": "",
            "slug": "",
            "type": "simple",
            "status": "publish",
            "featured": False,
            "catalog_visibility": "visible",
            "description": "",
            "short_description": "",
            "sku": "",
            "global_unique_id": "",
            "price": "",
            "regular_price": "",
            "sale_price": "",
            "date_on_sale_from": None,
            "date_on_sale_to": None,
            "tax_status": "taxable",
            "tax_class": "",
            "manage_stock": False,
            "stock_quantity": None,
            "stock_status": "instock",
            "backorders": "no",
            "weight": "",
            "dimensions": {"length": "", "width": "", "height": ""},
            "categories": [],
            "tags": [],
            "images": [],
            "attributes": [],
            "default_attributes": [],
            "variations": [],
            "meta_data": [],
            "parent_id": 0,
            "menu_order": 0,
            "date_created_gmt": stamp,
            "date_modified_gmt": stamp,
        }

    def new_variation(self, *, parent_id: int) -> dict[str, Any]:
        """A variation has the product's stock and price fields but no name, type, gallery or categories."""
        product_only = (
            "name", "slug", "type", "featured", "catalog_visibility", "short_description", "categories", "tags",
            "images", "default_attributes", "variations",
        )  # fmt: skip
        variation = {k: v for k, v in self.new_product().items() if k not in product_only}
        return {**variation, "image": None, "parent_id": parent_id}

    def create_product(self, payload: Any) -> dict[str, Any]:
        with self.lock:
            fields.check(fields.PRODUCT_FIELDS, payload)
            product = self.new_product()
            self._apply(product, payload, own_id=None, variation=False)
            return product

    def update_product(self, product_id: int, payload: Any) -> dict[str, Any]:
        with self.lock:
            product = self.products.get(product_id)
            if product is None or product["status"] == "trash":
                raise WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status=400)
            fields.check(fields.PRODUCT_FIELDS, payload)
            self._apply(product, payload, own_id=product_id, variation=False)
            return product

    def delete_product(self, product_id: int, *, force: bool) -> dict[str, Any]:
        with self.lock:
            product = self.products.get(product_id)
            if product is None:
                raise WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status=404)
            if not force:
                if product["status"] == "trash":
                    raise WpError(
                        "woocommerce_rest_already_trashed", "The product has already been deleted.", status=410
                    )
                product["status"] = "trash"
                return product
            for variation_id in product["variations"]:
                self.variations.pop(variation_id, None)
            return self.products.pop(product_id)

    def _apply(self, item: dict[str, Any], payload: dict[str, Any], *, own_id: int | None, variation: bool) -> None:
        """Validate everything, then write: a refused payload leaves the item untouched."""
        self._check_sku(payload, own_id=own_id)
        staged: list[dict[str, Any]] = []
        gallery = None
        if not variation and "images" in payload:
            images = payload["images"] if isinstance(payload["images"], list) else [payload["images"]]
            gallery = [self._resolve_image(image, new=staged) for image in images]
        image = None
        if variation and payload.get("image"):
            image = self._resolve_image(payload["image"], new=staged)
        self._commit_media(staged)
        self._write_fields(item, payload)
        if gallery is not None:
            item["images"] = [dict(image) for image in gallery]  # in the order sent; the first is featured
        if image is not None:
            item["image"] = image
        on_sale = bool(item["sale_price"]) and self._sale_running(item)
        item["price"] = item["sale_price"] if on_sale else item["regular_price"]
        item["on_sale"] = on_sale
        if not variation and not item["slug"]:
            item["slug"] = slugify(item["name"] or item["sku"] or "product")
        item["date_modified_gmt"] = now_gmt()
        if item["id"] == 0:
            item["id"] = self.next_id()
            (self.variations if variation else self.products)[item["id"]] = item

    def _write_fields(self, item: dict[str, Any], payload: dict[str, Any]) -> None:
        """Writable fields as given; stock only when the item manages stock (its status follows)."""
        for name, value in payload.items():
            if name in PRODUCT_READ_ONLY or name in ("images", "image"):
                continue
            if name == "meta_data":
                item["meta_data"] = self._merge_meta(item["meta_data"], value)
            elif name == "attributes":
                item["attributes"] = [self._named(attribute) for attribute in value if isinstance(attribute, dict)]
            elif name == "stock_quantity":
                continue  # applied below, once manage_stock is known
            else:
                item[name] = value
        if item["manage_stock"] and "stock_quantity" in payload:
            item["stock_quantity"] = payload["stock_quantity"]
        if item["manage_stock"] and item["stock_quantity"] is not None:
            if item["stock_quantity"] > 0:
                item["stock_status"] = "instock"
            else:
                item["stock_status"] = "onbackorder" if item["backorders"] != "no" else "outofstock"

    def _named(self, attribute: dict[str, Any]) -> dict[str, Any]:
        """A product or variation attribute as the store answers it: global ones carry their name."""
        attribute_id = attribute.get("id") or 0
        name = self.attributes[attribute_id]["name"] if attribute_id in self.attributes else attribute.get("name", "")
        return {**attribute, "id": attribute_id if attribute_id in self.attributes else 0, "name": name}

    @staticmethod
    def _sale_running(item: dict[str, Any]) -> bool:
        today = now_gmt()
        start, end = item.get("date_on_sale_from"), item.get("date_on_sale_to")
        return (not start or start <= today) and (not end or today <= end)

    def _merge_meta(self, current: list[dict[str, Any]], changes: list[Any]) -> list[dict[str, Any]]:
        """meta_data entries update by key (or id); a null value deletes the key."""
        merged = {entry["key"]: entry for entry in current}
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("key"), str):
                raise WpError("rest_invalid_param", "Invalid parameter(s): meta_data", params={"meta_data": "key"})
            if change.get("value") is None:
                merged.pop(change["key"], None)
                continue
            entry = merged.get(change["key"]) or {"id": self.next_id(), "key": change["key"]}
            merged[change["key"]] = {**entry, "value": change["value"]}
        return list(merged.values())

    # -- variations ------------------------------------------------------------------------------

    def parent(self, product_id: int) -> dict[str, Any]:
        product = self.products.get(product_id)
        if product is None or product["status"] == "trash":
            raise WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status=404)
        return product

    def create_variation(self, product_id: int, payload: Any) -> dict[str, Any]:
        with self.lock:
            parent = self.parent(product_id)
            fields.check(fields.VARIATION_FIELDS, payload)
            variation = self.new_variation(parent_id=product_id)
            self._apply(variation, payload, own_id=None, variation=True)
            parent["variations"].append(variation["id"])
            return variation

    def update_variation(self, product_id: int, variation_id: int, payload: Any) -> dict[str, Any]:
        with self.lock:
            self.parent(product_id)
            variation = self.variations.get(variation_id)
            if variation is None or variation["parent_id"] != product_id:
                raise WpError("woocommerce_rest_product_variation_invalid_id", "Invalid ID.", status=400)
            fields.check(fields.VARIATION_FIELDS, payload)
            self._apply(variation, payload, own_id=variation_id, variation=True)
            return variation

    def delete_variation(self, product_id: int, variation_id: int, *, force: bool) -> dict[str, Any]:
        with self.lock:
            parent = self.parent(product_id)
            variation = self.variations.get(variation_id)
            if variation is None or variation["parent_id"] != product_id:
                raise WpError("woocommerce_rest_product_variation_invalid_id", "Invalid ID.", status=404)
            if not force:
                raise WpError("woocommerce_rest_trash_not_supported", "Variations do not support trashing.", status=501)
            parent["variations"].remove(variation_id)
            return self.variations.pop(variation_id)

    # -- global attributes and terms -------------------------------------------------------------

    def create_attribute(self, payload: Any) -> dict[str, Any]:
        with self.lock:
            fields.check(fields.ATTRIBUTE_FIELDS, payload)
            name = payload.get("name")
            if not name:
                raise WpError("rest_missing_callback_param", "Missing parameter(s): name", params=["name"])
            slug = "pa_" + slugify(payload.get("slug") or name)[:27]
            if any(attribute["slug"] == slug for attribute in self.attributes.values()):
                raise WpError("woocommerce_rest_cannot_create", f'Slug "{slug}" is already in use. Change it, please.')
            attribute = {
                "id": next(self._attribute_ids),
                "name": name,
                "slug": slug,
                "type": payload.get("type", "select"),
                "order_by": payload.get("order_by", "menu_order"),
                "has_archives": payload.get("has_archives", False),
            }
            self.attributes[attribute["id"]] = attribute
            self.terms[attribute["id"]] = {}
            return attribute

    def attribute(self, attribute_id: int) -> dict[str, Any]:
        if attribute_id not in self.attributes:
            raise WpError("woocommerce_rest_taxonomy_invalid", "Resource does not exist.", status=404)
        return self.attributes[attribute_id]

    def create_term(self, attribute_id: int, payload: Any) -> dict[str, Any]:
        with self.lock:
            self.attribute(attribute_id)
            fields.check(fields.TERM_FIELDS, payload)
            name = payload.get("name")
            if not name:
                raise WpError("rest_missing_callback_param", "Missing parameter(s): name", params=["name"])
            slug = slugify(payload.get("slug") or name)
            for term in self.terms[attribute_id].values():
                if term["slug"] == slug or term["name"] == name:
                    raise WpError(
                        "term_exists", "A term with the name provided already exists.", resource_id=term["id"]
                    )
            term = {"id": next(self._term_ids), "name": name, "slug": slug, "description": "", "count": 0}
            self.terms[attribute_id][term["id"]] = term
            return term

    # -- reading ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.lock:
            live = [p for p in self.products.values() if p["status"] != "trash"]
            return {
                "products": len(live),
                "variations": len(self.variations),
                "images": sum(len(p["images"]) for p in live),
                "media": len(self.media),
                "attributes": len(self.attributes),
                "orders": len(self.orders),
            }
