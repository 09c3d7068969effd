"""Bulk row writers of the catalog writer: content, prices, stock, barcodes and images of many products at once.

Each function takes every (product, values) pair of a batch, reads what exists in one query per
table, creates what is missing with one `bulk_create` and updates what differs with one
`bulk_update`, and reports which products changed through `Changes`. Nothing here loops queries
over products, so a page of 50 products costs what a page of one costs.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import EanCode, Product, ProductTranslation, ean13_checksum_ok
from sales_channels.imports.checks import RecordProblem
from sales_channels.imports.values import ImportedContent, ImportedImage, ImportedPrice, ImportedStock
from sales_prices.models import SalesPrice


@dataclass
class Changes:
    """Which local products a batch changed, by catalog change kind (the `catalog_changed` kinds)."""

    by_kind: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, *, kind: str, product_id: int) -> None:
        self.by_kind[kind].add(product_id)

    def touched(self) -> set[int]:
        return set().union(*self.by_kind.values()) if self.by_kind else set()


def _now_fields(rows: list, names: list[str]) -> list[str]:
    now = timezone.now()
    for row in rows:
        row.updated_at = now
    return [*names, "updated_at"]


def write_contents(
    *, company_id: int, language: str, items: list[tuple[Product, tuple[ImportedContent, ...]]], changes: Changes
) -> None:
    """Default (channel-less) translations per language: created, or their non-empty differing fields updated."""
    ids = [product.pk for product, _ in items]
    existing = {
        (row.product_id, row.language): row
        for row in ProductTranslation.objects.filter(product_id__in=ids, sales_channel=None)
    }
    new, updated = [], []
    for product, contents in items:
        for content in contents:
            if not content.name:
                continue
            lang = content.language or language
            values = {
                "name": content.name,
                "description": content.description or "",
                "url_key": slugify(content.url_key)[:255] if content.url_key else "",
            }
            row = existing.get((product.pk, lang))
            if row is None:
                row = ProductTranslation(
                    multi_tenant_company_id=company_id, product=product, language=lang, sales_channel=None, **values
                )
                existing[(product.pk, lang)] = row
                new.append(row)
                changes.add(kind="content", product_id=product.pk)
                continue
            differing = {key: value for key, value in values.items() if value and getattr(row, key) != value}
            for key, value in differing.items():
                setattr(row, key, value)
            if differing and row not in updated and row.pk:
                updated.append(row)
            if differing:
                changes.add(kind="content", product_id=product.pk)
    ProductTranslation.objects.bulk_create(new, batch_size=500)
    if updated:
        ProductTranslation.objects.bulk_update(updated, _now_fields(updated, ["name", "description", "url_key"]))


def company_currencies(*, company_id: int) -> dict[str, Currency]:
    """The company's currencies by upper-case ISO code, and the default one under ''."""
    currencies = list(Currency.objects.filter(multi_tenant_company_id=company_id))
    found = {currency.iso_code.upper(): currency for currency in currencies}
    default = next((currency for currency in currencies if currency.is_default_currency), None)
    if default is not None:
        found.setdefault("", default)
    return found


def write_prices(
    *,
    company_id: int,
    currencies: dict[str, Currency],
    items: list[tuple[Product, tuple[ImportedPrice, ...], list[RecordProblem]]],
    changes: Changes,
) -> None:
    """SalesPrice per (product, currency); a currency the company lacks is a warning on the record."""
    ids = [product.pk for product, _, _ in items]
    existing = {(row.product_id, row.currency_id): row for row in SalesPrice.objects.filter(product_id__in=ids)}
    new, updated = [], []
    for product, prices, problems in items:
        for price in prices:
            currency = currencies.get(price.currency.upper())
            if currency is None:
                problems.append(
                    RecordProblem(
                        f"{product.sku}: currency {price.currency or '(default)'} is not the company's: price skipped"
                    )
                )
                continue
            if currency.inherits_from_id:
                continue
            rrp = price.rrp if price.price is None or (price.rrp is not None and price.rrp >= price.price) else None
            row = existing.get((product.pk, currency.pk))
            if row is None:
                row = SalesPrice(
                    multi_tenant_company_id=company_id, product=product, currency=currency, price=price.price, rrp=rrp
                )
                existing[(product.pk, currency.pk)] = row
                new.append(row)
            elif (row.price, row.rrp) != (price.price, rrp):
                row.price, row.rrp = price.price, rrp
                if row.pk:
                    updated.append(row)
            else:
                continue
            changes.add(kind="price", product_id=product.pk)
    SalesPrice.objects.bulk_create(new, batch_size=500)
    if updated:
        SalesPrice.objects.bulk_update(updated, _now_fields(updated, ["price", "rrp"]))


def write_stock(*, company_id: int, items: list[tuple[Product, tuple[ImportedStock, ...]]], changes: Changes) -> None:
    """Inventory at a location named after each vendor location (simple products only)."""
    names = {level.location[:255] for _, levels in items for level in levels}
    if not names:
        return
    locations = {
        row.name: row for row in InventoryLocation.objects.filter(multi_tenant_company_id=company_id, name__in=names)
    }
    missing = [
        InventoryLocation(multi_tenant_company_id=company_id, name=name) for name in sorted(names - set(locations))
    ]
    if missing:
        InventoryLocation.objects.bulk_create(missing, ignore_conflicts=True)
        locations = {
            row.name: row
            for row in InventoryLocation.objects.filter(multi_tenant_company_id=company_id, name__in=names)
        }
    ids = [product.pk for product, _ in items]
    existing = {(row.product_id, row.location_id): row for row in Inventory.objects.filter(product_id__in=ids)}
    new, updated = [], []
    for product, levels in items:
        for level in levels:
            location = locations[level.location[:255]]
            row = existing.get((product.pk, location.pk))
            if row is None:
                row = Inventory(
                    multi_tenant_company_id=company_id, product=product, location=location, quantity=level.quantity
                )
                existing[(product.pk, location.pk)] = row
                new.append(row)
            elif row.quantity != level.quantity:
                row.quantity = level.quantity
                if row.pk:
                    updated.append(row)
            else:
                continue
            changes.add(kind="stock", product_id=product.pk)
    Inventory.objects.bulk_create(new, batch_size=500)
    if updated:
        Inventory.objects.bulk_update(updated, _now_fields(updated, ["quantity"]))


def write_barcodes(*, company_id: int, items: list[tuple[Product, str]], changes: Changes) -> None:
    """An EAN code for products without one, when the code is valid and unused in the company."""
    wanted = [(product, code) for product, code in items if code and ean13_checksum_ok(code)]
    if not wanted:
        return
    taken_products = set(
        EanCode.objects.filter(product_id__in=[p.pk for p, _ in wanted]).values_list("product_id", flat=True)
    )
    taken_codes = set(
        EanCode.objects.filter(
            multi_tenant_company_id=company_id, ean_code__in=[code for _, code in wanted]
        ).values_list("ean_code", flat=True)
    )
    new = []
    for product, code in wanted:
        if product.pk in taken_products or code in taken_codes or product.type != Product.SIMPLE:
            continue
        taken_products.add(product.pk)
        taken_codes.add(code)
        new.append(EanCode(multi_tenant_company_id=company_id, product=product, ean_code=code))
        changes.add(kind="ean", product_id=product.pk)
    EanCode.objects.bulk_create(new)


def write_images(
    *, company_id: int, items: list[tuple[Product, tuple[ImportedImage, ...]]], changes: Changes
) -> dict[tuple[int, str], MediaProductThrough]:
    """Media by source URL and their product links in order; returns the links by (product id, url)."""
    urls = {image.url[:1024] for _, images in items for image in images}
    if not urls:
        return {}
    media = {}
    for row in Media.objects.filter(multi_tenant_company_id=company_id, source_url__in=urls).order_by("-id"):
        media[row.source_url] = row  # the oldest wins (ordered newest first)
    titles = {image.url[:1024]: image.alt[:255] for _, images in items for image in images}
    missing = [
        Media(multi_tenant_company_id=company_id, source_url=url, title=titles[url])
        for url in sorted(urls - set(media))
    ]
    Media.objects.bulk_create(missing)
    media.update({row.source_url: row for row in missing})
    ids = [product.pk for product, _ in items]
    links = list(MediaProductThrough.objects.filter(product_id__in=ids, sales_channel=None))
    by_pair = {(link.product_id, link.media_id): link for link in links}
    has_main = {link.product_id for link in links if link.is_main_image}
    new, found = [], {}
    for product, images in items:
        for position, image in enumerate(images):
            row = media[image.url[:1024]]
            link = by_pair.get((product.pk, row.pk))
            if link is None:
                link = MediaProductThrough(
                    multi_tenant_company_id=company_id,
                    product=product,
                    media=row,
                    sales_channel=None,
                    sort_order=position,
                    is_main_image=product.pk not in has_main and position == 0,
                )
                by_pair[(product.pk, row.pk)] = link
                if link.is_main_image:
                    has_main.add(product.pk)
                new.append(link)
                changes.add(kind="image", product_id=product.pk)
            found[(product.pk, image.url)] = link
    MediaProductThrough.objects.bulk_create(new)
    return found
