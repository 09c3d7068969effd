"""What the Shopify product steps of one run share, read once and cached on the StepContext.

The shop's primary language (its content goes into productSet; the others are translations), the
Shopify locale code of each language, the currency prices are sent in, the stock location, and
the variant ids already bound (`ShopifyRemoteVariant`, loaded for the whole batch in one query).
"""

from typing import Any

from django.conf import settings

from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import StepContext
from sales_channels.integrations.shopify.models import ShopifyRemoteVariant
from sales_channels.models import RemoteLanguage

VARIANTS = "shopify_variants"


def _locale(context: StepContext):
    return context.cache.get(("locale", getattr(context.view, "pk", None)))


def primary_language(context: StepContext) -> str:
    """The language pushed as the product's own content: the one mapped to the shop's primary locale,
    else the company language when the shop sells in it, else the first mapped language."""
    locale = _locale(context)
    if locale is None:
        return "en"
    primary = getattr(context.channel, "primary_locale", "")
    if primary:
        by_remote = {remote: local for local, remote in _locale_mapping(context).items()}
        if by_remote.get(primary) in locale.languages:
            return by_remote[primary]
    return locale.default_language if locale.default_language in locale.languages else locale.languages[0]


def _locale_mapping(context: StepContext) -> dict[str, str]:
    return context.cached(
        ("shopify_locales",),
        lambda: {
            local: remote
            for remote, local in RemoteLanguage.objects.filter(sales_channel=context.channel, view__isnull=True)
            .order_by("-id")
            .values_list("remote_code", "local_instance")
            if local
        },
    )


def remote_locale(context: StepContext, language: str) -> str:
    """The Shopify locale mapped to a company language (the language code itself when unmapped)."""
    return _locale_mapping(context).get(language, language)


def price_currency_id(context: StepContext) -> int | None:
    """The company currency prices are sent in: the shop currency when mapped, else the channel's first."""
    locale = _locale(context)
    if locale is None or not locale.currencies:
        return None
    shop = (getattr(context.channel, "shop_currency", "") or "").upper()
    chosen = next((c for c in locale.currencies if c.iso_code.upper() == shop), locale.currencies[0])
    return chosen.pk


def primary_location(context: StepContext) -> str:
    """The location stock is set at: the channel's, else the shop's first active location (one query)."""
    if context.channel.primary_location_id:
        return context.channel.primary_location_id
    return context.cached(("shopify_location",), lambda: _first_location(context))


def _first_location(context: StepContext) -> str:
    data = context.client.execute(document="locations_page", variables={"first": 10})
    nodes = ((data.get("locations") or {}).get("nodes")) or []
    active = [node["id"] for node in nodes if node.get("isActive", True) and node.get("id")]
    if not active:
        raise MappingMissing(["an active Shopify location for stock"])
    return active[0]


def known_variants(context: StepContext) -> dict[int, ShopifyRemoteVariant]:
    """Bound variants by local product id (filled by `load_variants`)."""
    return context.cache.setdefault(VARIANTS, {})


def load_variants(context: StepContext, product_ids: list[int]) -> None:
    """Load the bound variants of these products in one query."""
    rows = ShopifyRemoteVariant.objects.filter(sales_channel=context.channel, local_instance_id__in=product_ids)
    known_variants(context).update({row.local_instance_id: row for row in rows.defer("last_payload")})


def public_url(url: str) -> str:
    """An absolute URL Shopify can fetch: stored files are served under ONESILA_PUBLIC_URL."""
    if url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "ONESILA_PUBLIC_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def sent(context: StepContext, kind: str, product_id: int) -> Any:
    """What this run's productSet already set for a variant (its price or first stock), or None."""
    return context.cache.get(("shopify_sent", kind, product_id))


def remember_sent(context: StepContext, kind: str, product_id: int, value: Any) -> None:
    context.cache[("shopify_sent", kind, product_id)] = value
