"""Bulk writer of a demo catalog plan: a few thousand INSERTs for ten thousand products.

`bulk_create` skips `save()` and model signals: seeding sends no `catalog_changed` (see
products/signals.py) and so queues no sales-channel sync. That is intended for demo data; code
that changes a live catalog must save rows one by one (or send the signal itself).

Products are inserted first (both SQLite and PostgreSQL return the new primary keys from a bulk
INSERT), then the rows that hang off them, a chunk of products at a time so memory stays flat.
A family of the plan is written only when none of its SKUs exists yet in the company, which
makes a second run with the same arguments a no-op.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import models

from inventory.models import Inventory
from media.models import MediaProductThrough
from products.demo import vocabulary as words
from products.demo.plan import ProductSpec
from products.demo.reference import DemoContext
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation
from properties.models import ProductProperty, ProductPropertyTextTranslation
from properties.models.product_properties import VALUE_FIELD_BY_TYPE
from sales_prices.models import SalesPrice, SalesPriceListItem

BATCH_SIZE = 1000  # rows per INSERT; Django lowers it to the backend's parameter limit (999 on SQLite)
CHUNK_SIZE = 1000  # products whose dependent rows are built and written together
MultiSelectLink = ProductProperty.value_multi_select.through


class CatalogWriter:
    """Writes the families of a plan that the company does not hold yet, with `bulk_create` only."""

    def __init__(self, *, context: DemoContext, batch_size: int = BATCH_SIZE, chunk_size: int = CHUNK_SIZE):
        self.context = context
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.common = {
            "multi_tenant_company_id": context.company.pk,
            "created_by_multi_tenant_user_id": context.user.pk,
            "last_update_by_multi_tenant_user_id": context.user.pk,
        }
        self.created: Counter[str] = Counter()
        self.product_ids: dict[str, int] = {}
        self.taken_eans: set[str] = set()
        self.skipped = 0

    def write(self, *, families: Sequence[Sequence[ProductSpec]]) -> Counter[str]:
        """Insert the missing families; returns rows created per model label (`skipped` counts the rest)."""
        company = self.context.company
        self.product_ids = dict(Product.objects.filter(multi_tenant_company=company).values_list("sku", "id"))
        self.taken_eans = set(EanCode.objects.filter(multi_tenant_company=company).values_list("ean_code", flat=True))
        specs = [
            spec
            for family in families
            if not any(member.sku in self.product_ids for member in family)
            for spec in family
        ]
        self.skipped = sum(len(family) for family in families) - len(specs)
        products = self._bulk(model=Product, rows=(self._product(spec) for spec in specs))
        self.product_ids.update((product.sku, product.pk) for product in products)
        del products
        builders: tuple[tuple[type[models.Model], Callable[[ProductSpec, int], Iterable]], ...] = (
            (ProductTranslation, self._translations),
            (ConfigurableVariation, self._variation_links),
            (BundleItem, self._bundle_items),
            (EanCode, self._ean_codes),
            (SalesPrice, self._prices),
            (SalesPriceListItem, self._sale_items),
            (Inventory, self._stock),
            (MediaProductThrough, self._images),
        )
        for start in range(0, len(specs), self.chunk_size):
            chunk = specs[start : start + self.chunk_size]
            for model, build in builders:
                self._bulk(model=model, rows=self._rows(chunk=chunk, build=build))
            self._properties(chunk=chunk)
        return self.created

    def _bulk(self, *, model: type[models.Model], rows: Iterable[models.Model]) -> list[models.Model]:
        rows = list(rows)
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch_size)
        self.created[model._meta.label] += len(rows)
        return rows

    def _rows(self, *, chunk: Sequence[ProductSpec], build: Callable[[ProductSpec, int], Iterable]) -> Iterator:
        for spec in chunk:
            yield from build(spec, self.product_ids[spec.sku])

    # -- one builder per model: (spec, product id) -> unsaved rows -------------------------------

    def _product(self, spec: ProductSpec) -> Product:
        return Product(
            sku=spec.sku, type=spec.type, active=spec.active, allow_backorder=spec.allow_backorder, **self.common
        )

    def _translations(self, spec: ProductSpec, product_id: int) -> Iterator[ProductTranslation]:
        for language, content in spec.content.items():
            yield ProductTranslation(
                product_id=product_id,
                language=language,
                name=content.name,
                subtitle=content.subtitle,
                short_description=content.short_description,
                description=content.description,
                url_key=content.url_key,
                bullet_points=content.bullet_points,
                **self.common,
            )

    def _variation_links(self, spec: ProductSpec, product_id: int) -> Iterator[ConfigurableVariation]:
        if spec.parent_sku:
            yield ConfigurableVariation(
                parent_id=self.product_ids[spec.parent_sku], variation_id=product_id, **self.common
            )

    def _bundle_items(self, spec: ProductSpec, product_id: int) -> Iterator[BundleItem]:
        for sku, quantity in spec.bundle_items:
            if sku in self.product_ids:
                yield BundleItem(
                    parent_id=product_id, product_id=self.product_ids[sku], quantity=quantity, **self.common
                )

    def _ean_codes(self, spec: ProductSpec, product_id: int) -> Iterator[EanCode]:
        # EANs are unique per company: one left by a run with another seed is not reused.
        if spec.ean and spec.ean not in self.taken_eans:
            self.taken_eans.add(spec.ean)
            yield EanCode(product_id=product_id, ean_code=spec.ean, **self.common)

    def _prices(self, spec: ProductSpec, product_id: int) -> Iterator[SalesPrice]:
        for iso_code, (price, rrp) in spec.prices.items():
            currency_id = self.context.currency_ids[iso_code]
            yield SalesPrice(product_id=product_id, currency_id=currency_id, price=price, rrp=rrp, **self.common)

    def _sale_items(self, spec: ProductSpec, product_id: int) -> Iterator[SalesPriceListItem]:
        if spec.sale_price is not None:
            yield SalesPriceListItem(
                price_list_id=self.context.price_list_id, product_id=product_id, price=spec.sale_price, **self.common
            )

    def _stock(self, spec: ProductSpec, product_id: int) -> Iterator[Inventory]:
        for location_id, quantity in zip(self.context.location_ids, spec.stock, strict=False):
            yield Inventory(product_id=product_id, location_id=location_id, quantity=quantity, **self.common)

    def _images(self, spec: ProductSpec, product_id: int) -> Iterator[MediaProductThrough]:
        for position, key in enumerate(spec.images):
            yield MediaProductThrough(
                media_id=self.context.media_ids[key],
                product_id=product_id,
                sort_order=position,
                is_main_image=position == 0,
                **self.common,
            )

    # -- property values: rows, then their multi-select links and text translations -------------

    def _property_value(self, *, product_id: int, key: str, **values) -> ProductProperty:
        return ProductProperty(
            product_id=product_id, property_id=self.context.property_ids[key], **values, **self.common
        )

    def _properties(self, *, chunk: Sequence[ProductSpec]) -> None:
        context = self.context
        rows: list[ProductProperty] = []
        multi: list[tuple[ProductProperty, list[int]]] = []
        texts: list[tuple[ProductProperty, dict[str, str]]] = []
        for spec in chunk:
            product_id = self.product_ids[spec.sku]
            rows.append(
                ProductProperty(
                    product_id=product_id,
                    property_id=context.product_type_property_id,
                    value_select_id=context.product_type_ids[spec.product_type],
                    **self.common,
                )
            )
            for key, value in spec.selects.items():
                value_id = context.value_ids[(key, value)]
                rows.append(self._property_value(product_id=product_id, key=key, value_select_id=value_id))
            for key, value in spec.scalars.items():
                field = VALUE_FIELD_BY_TYPE[words.PROPERTIES[key].type]
                rows.append(self._property_value(product_id=product_id, key=key, **{field: value}))
            for key, values in spec.multiselects.items():
                rows.append(self._property_value(product_id=product_id, key=key))
                multi.append((rows[-1], [context.value_ids[(key, value)] for value in values]))
            for key, by_language in spec.texts.items():
                rows.append(self._property_value(product_id=product_id, key=key))
                texts.append((rows[-1], by_language))
        self._bulk(model=ProductProperty, rows=rows)
        self._bulk(
            model=MultiSelectLink,
            rows=(
                MultiSelectLink(productproperty_id=row.pk, propertyselectvalue_id=value_id)
                for row, value_ids in multi
                for value_id in value_ids
            ),
        )
        self._bulk(
            model=ProductPropertyTextTranslation,
            rows=(
                ProductPropertyTextTranslation(
                    product_property_id=row.pk, language=language, value_text=text, **self.common
                )
                for row, by_language in texts
                for language, text in by_language.items()
            ),
        )
