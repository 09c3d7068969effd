"""Read resolvers: the QueryRoot lists and the computed fields of shop, product and order types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo

from . import bulk_mutations
from .bulk import operation_by_gid
from .pagination import connection, matches, parse_search
from .state import MetafieldDefinition, Order, Product, SandboxState, ShopInfo, ShopLocale, gid, parse_gid

_TYPE_CATEGORIES = {
    "boolean": "TRUE_FALSE",
    "color": "COLOR",
    "date": "DATE_TIME",
    "date_time": "DATE_TIME",
    "json": "JSON",
    "money": "MEASUREMENT",
    "number_decimal": "NUMBER",
    "number_integer": "NUMBER",
    "rating": "MEASUREMENT",
    "url": "URL",
}


def _state(info: GraphQLResolveInfo) -> SandboxState:
    return info.context


def _product_fields(product: Product) -> Callable[[str | None], list[str] | None]:
    values = {
        "sku": [variant.inventory_item.sku or "" for variant in product.variants],
        "handle": [product.handle],
        "title": [product.title],
        "status": [product.status],
        "vendor": [product.vendor],
        "product_type": [product.product_type],
        "tag": product.tags,
        "id": [str(product.id)],
        "updated_at": [product.updated_at],
        None: [product.title, *(variant.inventory_item.sku or "" for variant in product.variants)],
    }
    return values.get


def _order_fields(order: Order) -> Callable[[str | None], list[str] | None]:
    values = {
        "name": [order.name, order.name.lstrip("#")],
        "email": [order.email or ""],
        "sku": [line.sku or "" for line in order.line_items],
        "processed_at": [order.processed_at],
        "created_at": [order.processed_at],
        "updated_at": [order.updated_at],
        "financial_status": [order.display_financial_status],
        "fulfillment_status": [order.display_fulfillment_status],
        "id": [str(order.id)],
        None: [order.name, order.email or ""],
    }
    return values.get


def products(
    _root: object,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    query: str | None = None,
) -> dict[str, Any]:
    terms = parse_search(query)
    found = [p for p in _state(info).products.values() if matches(terms, _product_fields(p))]
    return connection(found, first=first, after=after)


def orders(
    _root: object,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    query: str | None = None,
    sort_key: str | None = None,
) -> dict[str, Any]:
    terms = parse_search(query)
    found = [o for o in _state(info).orders.values() if matches(terms, _order_fields(o))]
    sort_values = {"PROCESSED_AT": "processed_at", "CREATED_AT": "processed_at", "UPDATED_AT": "updated_at"}
    attribute = sort_values.get(sort_key or "ID")
    return connection(
        found, first=first, after=after, sort_value=(lambda o: getattr(o, attribute)) if attribute else None
    )


def product(_root: object, info: GraphQLResolveInfo, id: str) -> Product | None:
    return _state(info).product_by_gid(id)


def publications(_root: object, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> dict:
    return connection(_state(info).publications.values(), first=first, after=after)


def locations(
    _root: object,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    include_inactive: bool | None = None,
) -> dict[str, Any]:
    found = [loc for loc in _state(info).locations.values() if loc.is_active or include_inactive]
    return connection(found, first=first, after=after)


def markets(_root: object, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> dict:
    return connection(_state(info).markets.values(), first=first, after=after)


def metafield_definitions(
    _root: object, info: GraphQLResolveInfo, owner_type: str, first: int | None = None, after: str | None = None
) -> dict[str, Any]:
    found = [d for d in _state(info).metafield_definitions.values() if d.owner_type == owner_type]
    return connection(found, first=first, after=after)


def shop_locales(_root: object, info: GraphQLResolveInfo, published: bool | None = None) -> list[ShopLocale]:
    return [locale for locale in _state(info).locales if published is None or locale.published == published]


def shop(_root: object, info: GraphQLResolveInfo) -> ShopInfo:
    return _state(info).shop


def currency_settings(
    _shop: object, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None
) -> dict:
    return connection(_state(info).currencies, first=first, after=after)


def _shop_plan(shop: Any, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {"publicDisplayName": shop.plan_display_name, "partnerDevelopment": False, "shopifyPlus": False}


def _shop_limits(shop: Any, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {
        "maxProductVariants": shop.max_product_variants,
        "maxProductOptions": shop.max_product_options,
        "locationLimit": shop.location_limit,
    }


def _market_currency(market: Any, _info: GraphQLResolveInfo) -> dict[str, Any]:
    base = {"currencyCode": market.currency_code, "currencyName": market.currency_name, "enabled": True}
    return {"baseCurrency": base, "localCurrencies": market.local_currencies}


def _definition_type(definition: MetafieldDefinition, _info: GraphQLResolveInfo) -> dict[str, str]:
    base = definition.type.removeprefix("list.")
    category = _TYPE_CATEGORIES.get(base, "REFERENCE" if base.endswith("_reference") else "TEXT")
    return {"name": definition.type, "category": category}


def _published_on(product: Product, _info: GraphQLResolveInfo, publication_id: str) -> bool:
    return parse_gid(publication_id, "Publication") in product.publication_ids


def _money_bag(amount: str, currency: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": currency}}


RESOLVERS = {
    ("QueryRoot", "products"): products,
    ("QueryRoot", "product"): product,
    ("QueryRoot", "orders"): orders,
    ("QueryRoot", "publications"): publications,
    ("QueryRoot", "locations"): locations,
    ("QueryRoot", "markets"): markets,
    ("QueryRoot", "metafieldDefinitions"): metafield_definitions,
    ("QueryRoot", "shopLocales"): shop_locales,
    ("QueryRoot", "shop"): shop,
    ("QueryRoot", "bulkOperation"): lambda _root, info, id: (
        bulk_mutations.by_gid(_state(info), id) or operation_by_gid(_state(info), id)
    ),
    ("Shop", "id"): lambda shop, _info: gid("Shop", shop.id),
    ("Shop", "plan"): _shop_plan,
    ("Shop", "resourceLimits"): _shop_limits,
    ("Shop", "currencySettings"): currency_settings,
    ("Market", "currencySettings"): _market_currency,
    ("MetafieldDefinition", "type"): _definition_type,
    ("MetafieldDefinition", "validations"): lambda d, _info: [{"name": n, "value": v} for n, v in d.validations],
    ("Publication", "catalog"): lambda p, _info: {
        "__typename": "AppCatalog",
        "id": gid("AppCatalog", p.id),
        "title": p.title,
    },
    ("Product", "variants"): lambda p, _info, first=None, after=None: connection(
        p.variants, first=first, after=after, sort_value=lambda v: v.position
    ),
    ("Product", "metafields"): lambda p, _info, first=None: connection(p.metafields, first=first),
    ("Product", "media"): lambda p, _info, first=None: connection(p.media, first=first, sort_value=p.media.index),
    ("Product", "featuredMedia"): lambda p, _info: p.media[0] if p.media else None,
    ("Product", "publishedOnPublication"): _published_on,
    ("ProductVariant", "selectedOptions"): lambda v, _info: [{"name": n, "value": value} for n, value in v.selected],
    ("ProductVariant", "sku"): lambda v, _info: v.inventory_item.sku,
    ("Order", "totalPriceSet"): lambda o, _info: _money_bag(o.total, o.currency_code),
    ("Order", "lineItems"): lambda o, _info, first=None: connection(o.line_items, first=first),
    ("LineItem", "originalUnitPriceSet"): lambda line, _info: _money_bag(line.unit_price, line.currency_code),
    ("Customer", "defaultEmailAddress"): lambda c, _info: {"emailAddress": c.email} if c.email else None,
}
