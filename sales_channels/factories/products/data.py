"""Everything a product push reads, loaded for a whole batch of products in a constant number of queries.

`load_product_data(...)` returns one `ProductData` per product (and, for configurables, one per
variation) with the content resolved per channel language, the price per channel currency, the
available stock, the channel's image set, property values and the EAN. Payload builders receive
these plain objects and never touch the database.

The resolution rules are the catalog's own, applied to rows loaded in bulk:
- content: `products.models.translations` (language for this channel, language default, company
  language for this channel, company language default);
- prices: `sales_prices.pricing.get_price` (active price list, sales price, inherited via rate);
- images: `media.models.images_for` (the channel's own set when it has one, else the default);
- stock: `inventory.availability.available_quantities` itself.
`tests/test_product_data.py` checks the bulk results against those functions.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from core.models import MultiTenantCompany
from currencies.models import Currency
from inventory.availability import available_quantities
from media.models import MediaProductThrough
from products.models import ConfigurableVariation, EanCode, Product, ProductTranslation
from properties.models import ProductProperty
from sales_channels.factories.products.pricing import resolve_prices
from sales_channels.models import RemoteCurrency, RemoteLanguage, SalesChannelViewAssign
from sales_prices.pricing import ResolvedPrice

CONTENT = "content"
PRICES = "prices"
STOCK = "stock"
IMAGES = "images"
PROPERTIES = "properties"
EAN = "ean"
VARIATIONS = "variations"
VIEWS = "views"
ALL_NEEDS = frozenset({CONTENT, PRICES, STOCK, IMAGES, PROPERTIES, EAN, VARIATIONS, VIEWS})


@dataclass(frozen=True)
class ChannelLocale:
    """The languages and currencies a channel (or view) sells in: its mappings, else the company defaults."""

    default_language: str
    languages: tuple[str, ...]
    currencies: tuple[Currency, ...]


@dataclass
class ProductData:
    """A product as one channel sees it, ready for a pure payload builder."""

    product: Product
    ean: str | None = None
    translations: dict[str, ProductTranslation] = field(default_factory=dict)
    prices: dict[int, ResolvedPrice | None] = field(default_factory=dict)
    stock: int | None = None
    images: list[MediaProductThrough] = field(default_factory=list)
    properties: list[ProductProperty] = field(default_factory=list)
    variations: list["ProductData"] = field(default_factory=list)
    view_remote_ids: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.product.pk

    @property
    def sku(self) -> str:
        return self.product.sku


def _mapped(rows: list[tuple[Any, Any]], view) -> list[Any]:
    """Mapped values: the view's own rows when it has some, else the channel-level rows."""
    own = [value for row_view, value in rows if view is not None and row_view == view.pk and value]
    return own or [value for row_view, value in rows if row_view is None and value]


def channel_locale(*, channel, view=None) -> ChannelLocale:
    """Languages and currencies of a channel or view (4 queries)."""
    company = MultiTenantCompany.objects.only("language").get(pk=channel.multi_tenant_company_id)
    language_rows = list(
        RemoteLanguage.objects.filter(sales_channel=channel).values_list("view_id", "local_instance").order_by("id")
    )
    currency_rows = list(
        RemoteCurrency.objects.filter(sales_channel=channel).values_list("view_id", "local_instance_id").order_by("id")
    )
    currencies = {c.pk: c for c in Currency.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id)}
    for currency in currencies.values():  # the inheritance chain from memory, not one query per link
        parent_id = currency.inherits_from_id
        currency.inherits_from = currencies.get(parent_id) if parent_id is not None else None
    languages = tuple(dict.fromkeys(_mapped(language_rows, view))) or (company.language,)
    currency_ids = list(dict.fromkeys(_mapped(currency_rows, view)))
    chosen = [currencies[pk] for pk in currency_ids if pk in currencies]
    if not chosen:
        chosen = [c for c in currencies.values() if c.is_default_currency]
    return ChannelLocale(default_language=company.language, languages=languages, currencies=tuple(chosen))


def _translations(ids: set[int], locale: ChannelLocale, channel_id: int) -> dict[int, dict[str, ProductTranslation]]:
    wanted = set(locale.languages) | {locale.default_language}
    rows = ProductTranslation.objects.filter(product_id__in=ids, language__in=wanted).filter(
        Q(sales_channel__isnull=True) | Q(sales_channel_id=channel_id)
    )
    by_key = {(row.product_id, row.language, row.sales_channel_id): row for row in rows}
    result: dict[int, dict[str, ProductTranslation]] = defaultdict(dict)
    for product_id in ids:
        for language in locale.languages:
            order = (
                (language, channel_id),
                (language, None),
                (locale.default_language, channel_id),
                (locale.default_language, None),
            )
            found = next((by_key[(product_id, *key)] for key in order if (product_id, *key) in by_key), None)
            if found is not None:
                result[product_id][language] = found
    return result


def _images(ids: set[int], channel_id: int) -> dict[int, list[MediaProductThrough]]:
    links = MediaProductThrough.objects.filter(product_id__in=ids).filter(
        Q(sales_channel__isnull=True) | Q(sales_channel_id=channel_id)
    )
    own: dict[int, list] = defaultdict(list)
    default: dict[int, list] = defaultdict(list)
    for link in links.select_related("media"):
        (own if link.sales_channel_id == channel_id else default)[link.product_id].append(link)
    order = lambda link: (not link.is_main_image, link.sort_order, link.id)  # noqa: E731
    return {pid: sorted(own.get(pid) or default.get(pid, []), key=order) for pid in ids}


def _properties(ids: set[int]) -> dict[int, list[ProductProperty]]:
    rows = (
        ProductProperty.objects.filter(product_id__in=ids)
        .select_related("property", "value_select")
        .prefetch_related("value_multi_select", "translations")
        .order_by("property__internal_name", "id")
    )
    result: dict[int, list[ProductProperty]] = defaultdict(list)
    for row in rows:
        result[row.product_id].append(row)
    return result


def _variations(parent_ids: list[int], company_id: int) -> dict[int, list[Product]]:
    links = (
        ConfigurableVariation.objects.filter(parent_id__in=parent_ids, multi_tenant_company_id=company_id)
        .select_related("variation")
        .order_by("variation__sku")
    )
    result: dict[int, list[Product]] = defaultdict(list)
    for link in links:
        result[link.parent_id].append(link.variation)
    return result


def _view_remote_ids(ids: set[int], channel_id: int) -> dict[int, list[str]]:
    rows = SalesChannelViewAssign.objects.filter(sales_channel_id=channel_id, product_id__in=ids).values_list(
        "product_id", "view__remote_id"
    )
    result: dict[int, list[str]] = defaultdict(list)
    for product_id, remote_id in rows.order_by("view__remote_id"):
        result[product_id].append(remote_id)
    return result


def load_product_data(
    *, channel, product_ids: list[int], locale: ChannelLocale, needs: frozenset[str] = ALL_NEEDS
) -> dict[int, ProductData]:
    """ProductData for every id that belongs to the channel's company (others are silently absent)."""
    company_id = channel.multi_tenant_company_id
    products = {p.pk: p for p in Product.objects.filter(multi_tenant_company_id=company_id, pk__in=product_ids)}
    configurables = [pk for pk, p in products.items() if p.type == Product.CONFIGURABLE]
    variations = _variations(configurables, company_id) if VARIATIONS in needs and configurables else {}
    every = {pk: ProductData(product=p) for pk, p in products.items()}
    for children in variations.values():
        every.update({child.pk: ProductData(product=child) for child in children})
    ids = set(every)
    if not ids:
        return {}
    _fill(every, ids, channel=channel, locale=locale, needs=needs)
    for parent_id, children in variations.items():
        every[parent_id].variations = [every[child.pk] for child in children]
    return {pk: every[pk] for pk in products}


ATTRIBUTES = {
    EAN: "ean",
    CONTENT: "translations",
    PRICES: "prices",
    STOCK: "stock",
    IMAGES: "images",
    PROPERTIES: "properties",
    VIEWS: "view_remote_ids",
}


def _prices(ids: set[int], locale: ChannelLocale) -> dict[int, dict[int, ResolvedPrice | None]]:
    if not locale.currencies:
        return {}
    prices = resolve_prices(product_ids=ids, currencies=locale.currencies)
    return {pid: {currency.pk: prices.get((pid, currency.pk)) for currency in locale.currencies} for pid in ids}


def _fill(every: dict[int, ProductData], ids: set[int], *, channel, locale: ChannelLocale, needs) -> None:
    """Load each needed part for all ids with one loader call (a query or a few) and set it on the data."""
    loaders: dict[str, Callable[[], dict[int, Any]]] = {
        EAN: lambda: dict(EanCode.objects.filter(product_id__in=ids).values_list("product_id", "ean_code")),
        CONTENT: lambda: _translations(ids, locale, channel.pk),
        PRICES: lambda: _prices(ids, locale),
        STOCK: lambda: available_quantities(product_ids=list(ids)),
        IMAGES: lambda: _images(ids, channel.pk),
        PROPERTIES: lambda: _properties(ids),
        VIEWS: lambda: _view_remote_ids(ids, channel.pk),
    }
    for part, load in loaders.items():
        if part in needs:
            for product_id, value in load().items():
                setattr(every[product_id], ATTRIBUTES[part], value)
