"""The `/wp-json/wc/v3/` routes: each a function of (catalog, match, query, body) returning a Reply.

Collections page like WordPress: `per_page` 1-100 (default 10), `page` from 1, `X-WP-Total` and
`X-WP-TotalPages` headers, a `Link` header, 400 `rest_post_invalid_page_number` past the last page.
Batch routes accept `create`, `update` and `delete` with at most 100 items in total (413
`woocommerce_rest_request_entity_too_large` otherwise) and answer 200 with each item's own result
or `error`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from .catalog import Catalog
from .replies import Reply, WpError, invalid_param, json_reply
from .store import StoreInfo

BATCH_LIMIT = 100
Handler = Callable[..., Reply]


def body_json(body: bytes) -> Any:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise WpError("rest_invalid_json", "Invalid JSON body passed.", status=400) from None


def int_arg(query: dict[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_param(name, f"{name} is not of type integer.") from None


def paged(items: list[dict[str, Any]], *, query: dict[str, str], url: str) -> Reply:
    """One WordPress page of `items` with the pagination headers."""
    per_page = int_arg(query, "per_page", 10)
    page = int_arg(query, "page", 1)
    if not 1 <= per_page <= 100:
        raise invalid_param("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)")
    if page < 1:
        raise invalid_param("page", "page must be greater than or equal to 1")
    total = len(items)
    pages = math.ceil(total / per_page) if total else 0
    if total and page > pages:
        raise WpError(
            "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available."
        )
    links = []
    base = {
        k: v for k, v in query.items() if not k.startswith("oauth_") and k not in ("consumer_key", "consumer_secret")
    }
    if page > 1:
        links.append(f'<{url}?{urlencode({**base, "page": page - 1})}>; rel="prev"')
    if page < pages:
        links.append(f'<{url}?{urlencode({**base, "page": page + 1})}>; rel="next"')
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    if links:
        headers["Link"] = ", ".join(links)
    return json_reply(200, items[(page - 1) * per_page : page * per_page], headers)


def _batch(body: bytes, *, create: Callable, update: Callable, delete: Callable) -> Reply:
    payload = body_json(body)
    if not isinstance(payload, dict):
        raise invalid_param("body", "The request body must be a JSON object.")
    lists = {name: payload.get(name) or [] for name in ("create", "update", "delete")}
    for name, items in lists.items():
        if not isinstance(items, list):
            raise invalid_param(name, f"{name} is not of type array.")
    if sum(len(items) for items in lists.values()) > BATCH_LIMIT:
        raise WpError(
            "woocommerce_rest_request_entity_too_large",
            f"Unable to accept more than {BATCH_LIMIT} items for this request.",
            status=413,
        )
    answer: dict[str, list[Any]] = {}
    for name, run in (("create", create), ("update", update), ("delete", delete)):
        if not lists[name]:
            continue
        answer[name] = []
        for item in lists[name]:
            item_id = item.get("id", 0) if isinstance(item, dict) else item
            try:
                answer[name].append(run(item))
            except WpError as error:
                answer[name].append({"id": item_id if isinstance(item_id, int) else 0, "error": error.body()})
    return json_reply(200, answer)


def _item_id(item: Any) -> int:
    item_id = item.get("id") if isinstance(item, dict) else item
    if not isinstance(item_id, int) or isinstance(item_id, bool) or item_id <= 0:
        raise WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status=400)
    return item_id


class Routes:
    """The route table of one store."""

    def __init__(self, *, catalog: Catalog, store: StoreInfo) -> None:
        self.catalog = catalog
        self.store = store
        self.table: list[tuple[str, re.Pattern, Handler]] = [
            ("GET", re.compile(r"products/attributes"), self.list_attributes),
            ("POST", re.compile(r"products/attributes"), self.create_attribute),
            ("POST", re.compile(r"products/attributes/batch"), self.attributes_batch),
            ("GET", re.compile(r"products/attributes/(\d+)/terms"), self.list_terms),
            ("POST", re.compile(r"products/attributes/(\d+)/terms"), self.create_term),
            ("POST", re.compile(r"products/attributes/(\d+)/terms/batch"), self.terms_batch),
            ("GET", re.compile(r"products"), self.list_products),
            ("POST", re.compile(r"products"), self.create_product),
            ("POST", re.compile(r"products/batch"), self.products_batch),
            ("GET", re.compile(r"products/(\d+)"), self.get_product),
            ("PUT", re.compile(r"products/(\d+)"), self.update_product),
            ("DELETE", re.compile(r"products/(\d+)"), self.delete_product),
            ("GET", re.compile(r"products/(\d+)/variations"), self.list_variations),
            ("POST", re.compile(r"products/(\d+)/variations"), self.create_variation),
            ("POST", re.compile(r"products/(\d+)/variations/batch"), self.variations_batch),
            ("PUT", re.compile(r"products/(\d+)/variations/(\d+)"), self.update_variation),
            ("DELETE", re.compile(r"products/(\d+)/variations/(\d+)"), self.delete_variation),
            ("GET", re.compile(r"settings/(general|products)"), self.settings),
            ("GET", re.compile(r"data/currencies/current"), self.current_currency),
            ("GET", re.compile(r"system_status"), self.system_status),
            ("GET", re.compile(r"taxes/classes"), self.tax_classes),
            ("GET", re.compile(r"orders"), self.list_orders),
        ]

    def find(self, method: str, route: str) -> tuple[Handler, tuple[str, ...]] | None:
        """The handler for a request and the ids in its path; None when no route matches."""
        known = False
        for route_method, pattern, handler in self.table:
            match = pattern.fullmatch(route)
            if match:
                known = True
                if route_method == method:
                    return handler, match.groups()
        if known:
            raise WpError("rest_no_route", "No route was found matching the URL and request method.", status=404)
        return None

    # -- products --------------------------------------------------------------------------------

    def list_products(self, *, query: dict[str, str], url: str, **_: Any) -> Reply:
        status = query.get("status", "any")
        with self.catalog.lock:
            items = [
                p
                for p in self.catalog.products.values()
                if status == "any" and p["status"] != "trash" or p["status"] == status
            ]
            if query.get("sku"):
                wanted = set(query["sku"].split(","))
                items = [p for p in items if p["sku"] in wanted]
            if query.get("include"):
                wanted_ids = {int(i) for i in query["include"].split(",") if i.strip().isdigit()}
                items = [p for p in items if p["id"] in wanted_ids]
            if query.get("type"):
                items = [p for p in items if p["type"] == query["type"]]
            if query.get("modified_after"):
                items = [p for p in items if p["date_modified_gmt"] > query["modified_after"]]
            items = _ordered(items, query)
            return paged([dict(p) for p in items], query=query, url=url)

    def get_product(self, *, ids: tuple[str, ...], **_: Any) -> Reply:
        with self.catalog.lock:
            product = self.catalog.products.get(int(ids[0]))
            if product is None or product["status"] == "trash":
                raise WpError("woocommerce_rest_product_invalid_id", "Invalid ID.", status=404)
            return json_reply(200, product)

    def create_product(self, *, body: bytes, **_: Any) -> Reply:
        return json_reply(201, self.catalog.create_product(body_json(body)))

    def update_product(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        return json_reply(200, self.catalog.update_product(int(ids[0]), body_json(body)))

    def delete_product(self, *, ids: tuple[str, ...], query: dict[str, str], **_: Any) -> Reply:
        force = query.get("force") in ("true", "1")
        return json_reply(200, self.catalog.delete_product(int(ids[0]), force=force))

    def products_batch(self, *, body: bytes, **_: Any) -> Reply:
        catalog = self.catalog
        return _batch(
            body,
            create=catalog.create_product,
            update=lambda item: catalog.update_product(_item_id(item), _without_id(item)),
            delete=lambda item: catalog.delete_product(_item_id(item), force=True),
        )

    # -- variations ------------------------------------------------------------------------------

    def list_variations(self, *, ids: tuple[str, ...], query: dict[str, str], url: str, **_: Any) -> Reply:
        with self.catalog.lock:
            parent = self.catalog.parent(int(ids[0]))
            items = [dict(self.catalog.variations[v]) for v in parent["variations"]]
            return paged(items, query=query, url=url)

    def create_variation(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        return json_reply(201, self.catalog.create_variation(int(ids[0]), body_json(body)))

    def update_variation(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        return json_reply(200, self.catalog.update_variation(int(ids[0]), int(ids[1]), body_json(body)))

    def delete_variation(self, *, ids: tuple[str, ...], query: dict[str, str], **_: Any) -> Reply:
        force = query.get("force") in ("true", "1")
        return json_reply(200, self.catalog.delete_variation(int(ids[0]), int(ids[1]), force=force))

    def variations_batch(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        catalog, parent_id = self.catalog, int(ids[0])
        catalog.parent(parent_id)
        return _batch(
            body,
            create=lambda item: catalog.create_variation(parent_id, item),
            update=lambda item: catalog.update_variation(parent_id, _item_id(item), _without_id(item)),
            delete=lambda item: catalog.delete_variation(parent_id, _item_id(item), force=True),
        )

    # -- attributes and terms --------------------------------------------------------------------

    def list_attributes(self, **_: Any) -> Reply:
        with self.catalog.lock:
            return json_reply(200, list(self.catalog.attributes.values()))

    def create_attribute(self, *, body: bytes, **_: Any) -> Reply:
        return json_reply(201, self.catalog.create_attribute(body_json(body)))

    def attributes_batch(self, *, body: bytes, **_: Any) -> Reply:
        def refuse(item: Any) -> dict[str, Any]:
            raise WpError("woocommerce_rest_cannot_edit", "Only creating attributes is emulated.", status=501)

        return _batch(body, create=self.catalog.create_attribute, update=refuse, delete=refuse)

    def list_terms(self, *, ids: tuple[str, ...], query: dict[str, str], url: str, **_: Any) -> Reply:
        with self.catalog.lock:
            self.catalog.attribute(int(ids[0]))
            return paged(list(self.catalog.terms[int(ids[0])].values()), query=query, url=url)

    def create_term(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        return json_reply(201, self.catalog.create_term(int(ids[0]), body_json(body)))

    def terms_batch(self, *, ids: tuple[str, ...], body: bytes, **_: Any) -> Reply:
        attribute_id = int(ids[0])
        self.catalog.attribute(attribute_id)

        def refuse(item: Any) -> dict[str, Any]:
            raise WpError("woocommerce_rest_cannot_edit", "Only creating terms is emulated.", status=501)

        return _batch(
            body, create=lambda item: self.catalog.create_term(attribute_id, item), update=refuse, delete=refuse
        )

    # -- store metadata and orders ---------------------------------------------------------------

    def settings(self, *, ids: tuple[str, ...], **_: Any) -> Reply:
        return json_reply(200, self.store.settings(ids[0]))

    def current_currency(self, **_: Any) -> Reply:
        return json_reply(200, self.store.currency_info())

    def system_status(self, **_: Any) -> Reply:
        return json_reply(200, self.store.system_status())

    def tax_classes(self, **_: Any) -> Reply:
        return json_reply(200, self.store.tax_classes)

    def list_orders(self, *, query: dict[str, str], url: str, **_: Any) -> Reply:
        with self.catalog.lock:
            items = list(self.catalog.orders.values())
            if query.get("modified_after"):
                items = [o for o in items if o["date_modified_gmt"] > query["modified_after"]]
            return paged([dict(o) for o in _ordered(items, query)], query=query, url=url)


def _without_id(item: Any) -> Any:
    return {k: v for k, v in item.items() if k != "id"} if isinstance(item, dict) else item


def _ordered(items: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
    """`orderby` id, modified or date (the default, newest first); `order` asc or desc."""
    orderby = query.get("orderby", "date")
    order = query.get("order", "desc")
    if orderby not in ("id", "date", "modified", "title", "slug", "include"):
        raise invalid_param("orderby", "orderby is not one of date, id, include, title, slug, modified.")
    if order not in ("asc", "desc"):
        raise invalid_param("order", "order is not one of asc, desc.")
    keys = {
        "id": lambda item: item["id"],
        "modified": lambda item: (item["date_modified_gmt"], item["id"]),
        "title": lambda item: (item.get("name", ""), item["id"]),
        "slug": lambda item: (item.get("slug", ""), item["id"]),
    }
    key = keys.get(orderby, lambda item: (item.get("date_created_gmt", ""), item["id"]))
    return sorted(items, key=key, reverse=order == "desc")
