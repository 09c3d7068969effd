"""Bulk property writing of the catalog writer: SELECT properties and values by name, mapped values, axes.

`LocalProperties` resolves every property and option name of a batch in a few queries (creating
what the company lacks), then `write_values` sets the products' values in one read and one write
per table. Names match case-insensitively in any language; a property also matches by the slug
of its name as internal name. The product type gets a default rule whose configurator items are
the variation axes, so `configurator_properties` returns them in order.
"""

import json
from collections.abc import Callable
from typing import Any

from django.db.models.functions import Lower
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from products.models import Product
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property
from sales_channels.imports.checks import RecordProblem
from sales_channels.imports.rows import Changes

SCALAR_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    Property.Type.INT: ("value_int", int),
    Property.Type.FLOAT: ("value_float", float),
    Property.Type.BOOLEAN: ("value_boolean", lambda raw: str(raw).strip().lower() in ("true", "1", "yes")),
    Property.Type.DATE: ("value_date", parse_date),
    Property.Type.DATETIME: ("value_datetime", parse_datetime),
}


def internal_name_for(*, name: str) -> str:
    return slugify(name).replace("-", "_")[:100]


def labels_of(*, raw: str) -> list[str]:
    """A value as option labels: a JSON list (vendors' list types) or one value."""
    if raw.startswith("["):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            return [str(item) for item in decoded if str(item).strip()]
    return [raw] if raw.strip() else []


class LocalProperties:
    """Finds or creates the company's SELECT properties and their values by name, a batch at a time."""

    def __init__(self, *, company, cache: dict) -> None:
        self.company = company
        self.language = company.language
        self.cache = cache  # shared across pages of one run: ("import_property", name) / ("import_value", pk, label)

    @property
    def product_type_property(self) -> Property:
        key = ("import_product_type_property",)
        if key not in self.cache:
            self.cache[key] = ensure_product_type_property(company=self.company)
        return self.cache[key]

    def property(self, *, name: str) -> Property:
        return self.cache[("import_property", name.casefold())]

    def value(self, *, prop: Property, label: str) -> PropertySelectValue:
        return self.cache[("import_value", prop.pk, label.casefold())]

    def resolve_properties(self, names: set[str]) -> None:
        """Every SELECT property named in `names` in the cache (found or created), in a few queries."""
        wanted = {name.casefold(): name for name in names if ("import_property", name.casefold()) not in self.cache}
        if not wanted:
            return
        found = (
            PropertyTranslation.objects.annotate(lowered=Lower("name"))
            .filter(
                multi_tenant_company=self.company,
                property__type=Property.Type.SELECT,
                property__is_product_type=False,
                lowered__in=list(wanted),
            )
            .select_related("property")
            .order_by("property_id")
        )
        for row in found:
            self.cache.setdefault(("import_property", row.lowered), row.property)
        by_internal = {internal_name_for(name=name): key for key, name in wanted.items()}
        taken = {
            row.internal_name: row
            for row in Property.objects.filter(
                multi_tenant_company=self.company, internal_name__in=[*by_internal, *self._suffixed(by_internal)]
            )
        }
        for internal, key in by_internal.items():
            if ("import_property", key) not in self.cache and internal in taken:
                self.cache[("import_property", key)] = taken[internal]
        missing = [key for key in wanted if ("import_property", key) not in self.cache]
        self._create_properties({key: wanted[key] for key in missing}, taken=set(taken))

    @staticmethod
    def _suffixed(internals) -> list[str]:
        return [f"{internal[:90]}_{suffix}" for internal in internals for suffix in range(2, 6)]

    def _create_properties(self, names: dict[str, str], *, taken: set[str]) -> None:
        if not names:
            return
        created = []
        for key, name in names.items():
            base = internal_name_for(name=name)[:90] or "option"
            internal, suffix = base, 1
            while internal in taken:
                suffix += 1
                internal = f"{base}_{suffix}"
            taken.add(internal)
            created.append(
                (
                    key,
                    name,
                    Property(
                        multi_tenant_company=self.company,
                        type=Property.Type.SELECT,
                        internal_name=internal,
                        add_to_filters=True,
                    ),
                )
            )
        Property.objects.bulk_create([prop for _, _, prop in created])
        PropertyTranslation.objects.bulk_create(
            [
                PropertyTranslation(
                    multi_tenant_company=self.company, property=prop, language=self.language, name=name[:255]
                )
                for _, name, prop in created
            ]
        )
        for key, _, prop in created:
            self.cache[("import_property", key)] = prop

    def resolve_values(self, wanted: dict[Property, set[str]]) -> None:
        """Every (property, label) select value in the cache (found in any language, or created)."""
        missing = {
            (prop, label.casefold()): label
            for prop, labels in wanted.items()
            for label in labels
            if ("import_value", prop.pk, label.casefold()) not in self.cache
        }
        if not missing:
            return
        rows = (
            PropertySelectValueTranslation.objects.annotate(lowered=Lower("value"))
            .filter(
                select_value__property_id__in={prop.pk for prop, _ in missing},
                lowered__in={key for _, key in missing},
            )
            .select_related("select_value")
            .order_by("select_value_id")
        )
        for row in rows:
            self.cache.setdefault(("import_value", row.select_value.property_id, row.lowered), row.select_value)
        to_create = [
            (prop, key, label)
            for (prop, key), label in missing.items()
            if ("import_value", prop.pk, key) not in self.cache
        ]
        values = [PropertySelectValue(multi_tenant_company=self.company, property=prop) for prop, _, _ in to_create]
        PropertySelectValue.objects.bulk_create(values)
        PropertySelectValueTranslation.objects.bulk_create(
            [
                PropertySelectValueTranslation(
                    multi_tenant_company=self.company, select_value=value, language=self.language, value=label[:255]
                )
                for value, (_, _, label) in zip(values, to_create, strict=True)
            ]
        )
        for value, (prop, key, _) in zip(values, to_create, strict=True):
            self.cache[("import_value", prop.pk, key)] = value

    def ensure_axes(self, *, axes_by_type: dict[PropertySelectValue, list[Property]]) -> None:
        """Each product type's default rule lists its axes as REQUIRED_IN_CONFIGURATOR items."""
        if not axes_by_type:
            return
        rules = {
            rule.product_type_id: rule
            for rule in ProductPropertiesRule.objects.filter(product_type__in=list(axes_by_type), sales_channel=None)
        }
        new_rules = [
            ProductPropertiesRule(multi_tenant_company=self.company, product_type=value, sales_channel=None)
            for value in axes_by_type
            if value.pk not in rules
        ]
        ProductPropertiesRule.objects.bulk_create(new_rules)
        rules.update({rule.product_type_id: rule for rule in new_rules})
        items = {
            (item.rule_id, item.property_id): item
            for item in ProductPropertiesRuleItem.objects.filter(rule__in=list(rules.values()))
        }
        new_items, updated = [], []
        configurator = ProductPropertiesRuleItem.CONFIGURATOR_TYPES
        for value, axes in axes_by_type.items():
            rule = rules[value.pk]
            for position, prop in enumerate(axes):
                item = items.get((rule.pk, prop.pk))
                if item is None:
                    item = ProductPropertiesRuleItem(
                        multi_tenant_company=self.company,
                        rule=rule,
                        property=prop,
                        type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR,
                        sort_order=position,
                    )
                    items[(rule.pk, prop.pk)] = item
                    new_items.append(item)
                elif item.type not in configurator:
                    item.type = ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
                    updated.append(item)
        ProductPropertiesRuleItem.objects.bulk_create(new_items)
        if updated:
            ProductPropertiesRuleItem.objects.bulk_update(updated, ["type"])


def write_values(
    *,
    company_id: int,
    language: str,
    selects: list[tuple[Product, Property, PropertySelectValue, bool]],
    mapped: list[tuple[Product, Property, str, list[RecordProblem]]],
    options: LocalProperties,
    changes: Changes,
) -> None:
    """Select values (`keep` True: an existing value is not replaced) and mapped values by property type."""
    product_ids = {product.pk for product, *_ in selects} | {product.pk for product, *_ in mapped}
    property_ids = {prop.pk for _, prop, *_ in selects} | {prop.pk for _, prop, *_ in mapped}
    if not product_ids:
        return
    rows = {
        (row.product_id, row.property_id): row
        for row in ProductProperty.objects.filter(product_id__in=product_ids, property_id__in=property_ids)
    }

    def row_for(product: Product, prop: Property) -> ProductProperty:
        row = rows.get((product.pk, prop.pk))
        if row is None:
            row = ProductProperty(multi_tenant_company_id=company_id, product=product, property=prop)
            rows[(product.pk, prop.pk)] = row
        return row

    dirty = _set_selects(selects=selects, row_for=row_for)
    texts: list[tuple[ProductProperty, str, str]] = []
    multi: list[tuple[ProductProperty, list[PropertySelectValue]]] = []
    options.resolve_values(
        {prop: set(labels_of(raw=raw)) for _, prop, raw, _ in mapped if prop.type in Property.SELECT_TYPES}
    )
    for product, prop, raw, problems in mapped:
        row = row_for(product, prop)
        if prop.type in Property.TRANSLATED_TYPES:
            texts.append((row, "value_text" if prop.type == Property.Type.TEXT else "value_description", raw))
        elif prop.type == Property.Type.MULTISELECT:
            multi.append((row, [options.value(prop=prop, label=label) for label in labels_of(raw=raw)]))
        elif _set_mapped(row=row, prop=prop, raw=raw, options=options, problems=problems):
            dirty.add((product.pk, prop.pk))
    _save_rows(rows=rows, dirty=dirty, changes=changes)
    _write_texts(company_id=company_id, language=language, texts=texts, changes=changes)
    _write_multi(multi=multi, changes=changes)


def _save_rows(*, rows: dict, dirty: set[tuple[int, int]], changes: Changes) -> None:
    new = [row for row in rows.values() if row.pk is None]
    ProductProperty.objects.bulk_create(new)
    dirty |= {(row.product_id, row.property_id) for row in new}
    updated = [rows[key] for key in dirty if rows[key] not in new]
    if updated:
        ProductProperty.objects.bulk_update(updated, ["value_select", *(name for name, _ in SCALAR_FIELDS.values())])
    for product_id, _ in dirty:
        changes.add(kind="property", product_id=product_id)


def _set_selects(*, selects: list, row_for) -> set[tuple[int, int]]:
    """Put each select value on its row (`keep`: an existing value stays); the (product, property) changed."""
    dirty = set()
    for product, prop, value, keep in selects:
        row = row_for(product, prop)
        if row.value_select_id == value.pk or (keep and row.value_select_id):
            continue
        row.value_select = value
        dirty.add((product.pk, prop.pk))
    return dirty


def _set_mapped(*, row: ProductProperty, prop: Property, raw: str, options, problems: list[RecordProblem]) -> bool:
    """A SELECT or scalar mapped value on its row; True when the row changed (unreadable: a warning)."""
    if prop.type == Property.Type.SELECT:
        values = [options.value(prop=prop, label=label) for label in labels_of(raw=raw)]
        if not values or row.value_select_id == values[0].pk:
            return False
        row.value_select = values[0]
        return True
    name, parse = SCALAR_FIELDS[prop.type]
    try:
        value = parse(raw)
    except (TypeError, ValueError):
        value = None
    if value is None:
        problems.append(
            RecordProblem(f"value {raw[:80]!r} is not a valid {prop.type} for property {prop.internal_name}: skipped")
        )
        return False
    if getattr(row, name) == value:
        return False
    setattr(row, name, value)
    return True


def _write_texts(*, company_id: int, language: str, texts: list, changes: Changes) -> None:
    if not texts:
        return
    existing = {
        row.product_property_id: row
        for row in ProductPropertyTextTranslation.objects.filter(
            product_property__in=[row for row, _, _ in texts], language=language
        )
    }
    new, updated = [], []
    for row, field, raw in texts:
        text = existing.get(row.pk)
        if text is None:
            text = ProductPropertyTextTranslation(
                multi_tenant_company_id=company_id, product_property=row, language=language, **{field: raw[:1024]}
            )
            existing[row.pk] = text
            new.append(text)
        elif getattr(text, field) != raw[:1024]:
            setattr(text, field, raw[:1024])
            updated.append(text)
        else:
            continue
        changes.add(kind="property", product_id=row.product_id)
    ProductPropertyTextTranslation.objects.bulk_create(new)
    if updated:
        ProductPropertyTextTranslation.objects.bulk_update(updated, ["value_text", "value_description"])


def _write_multi(*, multi: list, changes: Changes) -> None:
    if not multi:
        return
    through = ProductProperty.value_multi_select.through
    current: dict[int, set[int]] = {}
    for pp_id, value_id in through.objects.filter(productproperty_id__in=[row.pk for row, _ in multi]).values_list(
        "productproperty_id", "propertyselectvalue_id"
    ):
        current.setdefault(pp_id, set()).add(value_id)
    add, remove = [], []
    for row, values in multi:
        wanted = {value.pk for value in values}
        have = current.get(row.pk, set())
        add += [through(productproperty_id=row.pk, propertyselectvalue_id=pk) for pk in wanted - have]
        remove += [(row.pk, pk) for pk in have - wanted]
        if wanted != have:
            changes.add(kind="property", product_id=row.product_id)
    through.objects.bulk_create(add, ignore_conflicts=True)
    for pp_id, value_id in remove:
        through.objects.filter(productproperty_id=pp_id, propertyselectvalue_id=value_id).delete()
