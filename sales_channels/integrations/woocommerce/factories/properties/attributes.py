"""Variation axes and select properties as the store's global attributes and terms, created on demand.

A configurable's axes come from its product type's configurator rule; other select and multi-select
values become visible, non-variation attributes. Each property becomes the global attribute of the
same name (matched case-insensitively, created when missing) and each value its term (created in
one terms batch per attribute when missing). What is known is kept on the channel
(`global_attributes`: name -> id and terms), so a push whose attributes are all known makes no
lookup at all; anything unknown reads the store's attributes (once per run) and the attribute's
terms, then creates what is missing. A dry run creates nothing: missing attributes are reported.
Two workers creating the same attribute at once: the loser's "slug already in use" reads the
attributes again and uses the winner's; a term created meanwhile answers `term_exists`, ignored.
"""

from typing import Any

from properties.models import Property
from properties.product_types import configurator_properties
from sales_channels.exceptions import MappingMissing, VendorValidationError
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.integrations.woocommerce.factories.products.payloads import Axis

ATTRIBUTES = CacheKey[dict]("woocommerce.attributes")
TERMS = CacheKey[set]("woocommerce.terms")


def value_name(value, *, language: str) -> str | None:
    """The term a variation's property value becomes (select label, Yes/No), or None."""
    if value is None:
        return None
    if value.value_select_id:
        return value.value_select.value(language=language)
    if value.value_boolean is not None:
        return "Yes" if value.value_boolean else "No"
    return ", ".join(option.value(language=language) for option in value.value_multi_select.all()) or None


def axes_of(*, context: StepContext, data, language: str) -> list[Axis]:
    """The configurable's axes with their attribute ids (attributes and terms created when missing)."""
    if not data.product.is_configurable:
        return []
    properties = configurator_properties(product=data.product, sales_channel_id=context.channel.pk)
    values = {v.id: {pv.property_id: pv for pv in v.properties} for v in data.variations}
    missing = []
    wanted: list[tuple[Any, dict[int, str]]] = []
    for prop in properties:
        names = {vid: value_name(own.get(prop.pk), language=language) for vid, own in values.items()}
        empty = [vid for vid, name in names.items() if not name]
        if empty:
            missing.append(f"{data.sku}: variation(s) without a value for '{prop.name(language=language)}'")
        wanted.append((prop, names))
    if missing:
        raise MappingMissing(missing)
    axes = []
    for prop, names in wanted:
        label = prop.name(language=language)
        attribute_id = ensure_attribute(context=context, name=label, terms=set(names.values()))
        axes.append(Axis(attribute_id=attribute_id, name=label, values=names, property_id=prop.pk))
    return axes


def select_labels(value, *, language: str) -> list[str]:
    """The option labels a select or multi-select value holds, in order."""
    if value.value_select_id:
        return [value.value_select.value(language=language)]
    return [option.value(language=language) for option in value.value_multi_select.all()]


def select_attributes(*, context: StepContext, values, language: str, skip: set[int]) -> tuple[list[dict], list]:
    """Select and multi-select values (not axes) as visible global attributes, the product type included
    (the attribute named like the product-type property); (attribute entries, the other values for meta_data)."""
    entries, others = [], []
    for value in sorted(values, key=lambda v: v.property.internal_name):
        if value.property_id in skip:
            continue
        prop = value.property
        if prop.type not in Property.SELECT_TYPES:
            others.append(value)
            continue
        labels = select_labels(value, language=language)
        if not labels:
            continue
        label = prop.name(language=language)
        attribute_id = ensure_attribute(context=context, name=label, terms=set(labels))
        entries.append({"id": attribute_id, "name": label, "visible": True, "variation": False, "options": labels})
    return entries, others


def _attributes(context: StepContext) -> dict[str, dict]:
    return context.cached(ATTRIBUTES, lambda: {a["name"].lower(): a for a in context.client.attributes()})


def ensure_attribute(*, context: StepContext, name: str, terms: set[str]) -> int:
    """The id of the global attribute `name` holding every term in `terms` (created when missing)."""
    channel = context.channel.specific
    remembered = (channel.global_attributes or {}).get(name.lower())
    if remembered and terms <= set(remembered.get("terms", [])):
        return int(remembered["id"])
    attribute_id = _ensure_on_store(context=context, name=name, terms=terms)
    have = context.cache.get(TERMS.scoped(attribute_id), set())
    if not context.dry_run:
        channel.global_attributes = {
            **(channel.global_attributes or {}),
            name.lower(): {"id": attribute_id, "terms": sorted(have)},
        }
        type(channel).objects.filter(pk=channel.pk).update(global_attributes=channel.global_attributes)
        if context.channel is not channel:
            context.channel.global_attributes = channel.global_attributes
    return attribute_id


def _create_attribute(*, context: StepContext, name: str) -> dict:
    """Create the attribute; when another worker created it meanwhile (slug in use), read it back instead."""
    try:
        return context.client.create_attribute(name=name)
    except VendorValidationError:
        fresh = {a["name"].lower(): a for a in context.client.attributes()}
        context.put(ATTRIBUTES, fresh)
        if name.lower() not in fresh:
            raise
        return fresh[name.lower()]


def _ensure_on_store(*, context: StepContext, name: str, terms: set[str]) -> int:
    known = _attributes(context)
    attribute = known.get(name.lower())
    if attribute is None:
        if context.dry_run:
            raise MappingMissing([f"global attribute '{name}' (created on the first real push)"])
        attribute = _create_attribute(context=context, name=name)
        known[name.lower()] = attribute
    attribute_id = attribute["id"]
    key = TERMS.scoped(attribute_id)
    have = context.cached(key, lambda: {t["name"] for t in context.client.terms(attribute_id=str(attribute_id))})
    missing = sorted(terms - have)
    if missing and not context.dry_run:
        answer = context.client.create_terms(attribute_id=str(attribute_id), names=missing)
        errors = [
            item["error"]["message"]
            for item in answer.get("create", [])
            if "error" in item and item["error"].get("code") != "term_exists"
        ]
        if errors:
            raise VendorValidationError(errors)
        have.update(missing)
    return attribute_id
