"""Pure parsers of Shopify's metadata answers into the values our rows hold (no I/O).

Each raises `InvalidVendorPayload` on a shape it cannot read, so a malformed answer becomes one
clear error instead of a KeyError deep inside a pull.
"""

from typing import Any

from sales_channels.exceptions import InvalidVendorPayload

ONLINE_STORE = "Online Store"


def _require(condition: bool, detail: str, raw: Any) -> None:
    if not condition:
        raise InvalidVendorPayload(detail, raw_excerpt=str(raw)[:500])


def parse_shop(*, data: dict) -> dict[str, Any]:
    """`ShopMetadata` data -> channel fields (name, currency, variant limit) and the presentment currencies."""
    shop = data.get("shop")
    _require(isinstance(shop, dict) and bool(shop.get("currencyCode")), "shop has no currencyCode", data)
    limits = shop.get("resourceLimits") or {}
    parsed = {
        "shop_name": str(shop.get("name") or "")[:255],
        "shop_currency": str(shop["currencyCode"]).upper()[:3],
        "presentment_currencies": sorted(
            {str(code).upper() for code in shop.get("enabledPresentmentCurrencies") or []}
        ),
    }
    if isinstance(limits.get("maxProductVariants"), int) and limits["maxProductVariants"] > 0:
        parsed["max_product_variants"] = limits["maxProductVariants"]
    return parsed


def parse_publication(*, node: dict) -> dict[str, Any]:
    """A `Publication` node -> a view record; the Online Store is the default view."""
    _require(isinstance(node, dict) and bool(node.get("id")), "publication without id", node)
    title = str(((node.get("catalog") or {}).get("title")) or node.get("name") or node["id"])
    return {"remote_id": node["id"], "name": title[:255], "is_default": title == ONLINE_STORE, "active": True}


def parse_locale(*, node: dict) -> dict[str, Any]:
    """A `ShopLocale` -> its code, whether it is primary and published."""
    _require(isinstance(node, dict) and bool(node.get("locale")), "shop locale without locale", node)
    return {
        "locale": str(node["locale"]),
        "primary": bool(node.get("primary")),
        "published": bool(node.get("published")),
    }


def local_language(*, locale: str, languages: list[str]) -> str:
    """The company language of a Shopify locale: the exact code, else its prefix ("pt-BR" -> "pt"), else ""."""
    wanted = locale.lower()
    known = {code.lower(): code for code in languages}
    if wanted in known:
        return known[wanted]
    return known.get(wanted.split("-")[0], "")


def parse_location(*, node: dict) -> dict[str, Any]:
    """A `Location` node -> id, name, active and whether it fulfils online orders."""
    _require(isinstance(node, dict) and bool(node.get("id")), "location without id", node)
    return {
        "id": node["id"],
        "name": str(node.get("name") or ""),
        "active": bool(node.get("isActive", True)),
        "online": bool(node.get("fulfillsOnlineOrders")),
    }


def primary_location(*, locations: list[dict], current: str = "") -> str:
    """Keep the current location while it is active; else the first active one that fulfils online orders."""
    active = [location for location in locations if location["active"]]
    if current and any(location["id"] == current for location in active):
        return current
    preferred = [location for location in active if location["online"]] or active
    return preferred[0]["id"] if preferred else ""


def currency_codes(*, shop: dict, settings_nodes: list[dict], market_nodes: list[dict]) -> list[str]:
    """Every currency the shop sells in: its own, enabled presentment currencies and market base currencies."""
    codes = {shop["shop_currency"], *shop.get("presentment_currencies", [])}
    codes |= {str(node.get("currencyCode")).upper() for node in settings_nodes if node.get("enabled", True)}
    for market in market_nodes:
        base = ((market.get("currencySettings") or {}).get("baseCurrency") or {}).get("currencyCode")
        if base:
            codes.add(str(base).upper())
    return sorted(code for code in codes if code and code != "NONE")
