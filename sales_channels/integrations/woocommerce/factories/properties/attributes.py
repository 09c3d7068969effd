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

A batch ensures every attribute and term its listings need before their payloads are built
(`prepare_attributes`): at most one attributes read, one create per missing attribute, one terms
read per attribute and one terms batch per 100 missing terms. A remembered id the store no longer
holds (a reset store, an attribute a merchant deleted) is not refused by WooCommerce: the products
controller looks the id up (`wc_attribute_taxonomy_name_by_id`, '' when unknown) and saves a
nameless attribute without terms inside a 200 answer, answered with id 0 (or, when the id now
belongs to another attribute, under that attribute's name). A term name missing from a valid
attribute is created by the store on save (`WC_Product_Attribute::get_terms`), unless it refuses
(then the option is missing from the answer). `stale_names` finds both in the product's answer,
and `forget` drops those entries so the next ensure reads the store again.
"""

import html
from typing import Any

from properties.models import Property
from properties.product_types import configurator_properties
from sales_channels.exceptions import MappingMissing, SalesChannelError, VendorValidationError
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.integrations.woocommerce.factories.products.payloads import Axis

ATTRIBUTES = CacheKey[dict]("woocommerce.attributes")
TERMS = CacheKey[set]("woocommerce.terms")
FAILED = CacheKey[dict]("woocommerce.attribute_failures")
TERMS_BATCH_LIMIT = 100  # items per `terms/batch` call (create, update and delete together)


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
    missing, wanted = _axis_values(context=context, data=data, language=language)
    if missing:
        raise MappingMissing(missing)
    axes = []
    for prop, names in wanted:
        label = prop.name(language=language)
        attribute_id = ensure_attribute(context=context, name=label, terms=set(names.values()))
        axes.append(Axis(attribute_id=attribute_id, name=label, values=names, property_id=prop.pk))
    return axes


def _axis_values(*, context: StepContext, data, language: str) -> tuple[list[str], list[tuple[Any, dict]]]:
    """(what is missing, each axis property with every variation's term name) of a configurable."""
    if not data.product.is_configurable:
        return [], []
    properties = configurator_properties(product=data.product, sales_channel_id=context.channel.pk)
    values = {v.id: {pv.property_id: pv for pv in v.properties} for v in data.variations}
    missing = []
    wanted: list[tuple[Any, dict[int, str]]] = []
    for prop in properties:
        names = {vid: value_name(own.get(prop.pk), language=language) for vid, own in values.items()}
        if any(not name for name in names.values()):
            missing.append(f"{data.sku}: variation(s) without a value for '{prop.name(language=language)}'")
        wanted.append((prop, names))
    return missing, wanted


def select_labels(value, *, language: str) -> list[str]:
    """The option labels a select or multi-select value holds, in order."""
    if value.value_select_id:
        return [value.value_select.value(language=language)]
    return [option.value(language=language) for option in value.value_multi_select.all()]


def select_attributes(*, context: StepContext, values, language: str, skip: set[int]) -> tuple[list[dict], list]:
    """Select and multi-select values (not axes) as visible global attributes, the product type included
    (the attribute named like the product-type property); (attribute entries, the other values for meta_data)."""
    entries = []
    selected, others = _select_values(values=values, language=language, skip=skip)
    for label, labels in selected:
        attribute_id = ensure_attribute(context=context, name=label, terms=set(labels))
        entries.append({"id": attribute_id, "name": label, "visible": True, "variation": False, "options": labels})
    return entries, others


def _select_values(*, values, language: str, skip: set[int]) -> tuple[list[tuple[str, list[str]]], list]:
    """(each select value's attribute name and option labels, the other values), by property internal name."""
    selected, others = [], []
    for value in sorted(values, key=lambda v: v.property.internal_name):
        if value.property_id in skip:
            continue
        prop = value.property
        if prop.type not in Property.SELECT_TYPES:
            others.append(value)
            continue
        labels = select_labels(value, language=language)
        if labels:
            selected.append((prop.name(language=language), labels))
    return selected, others


def needed_attributes(*, context: StepContext, data, language: str) -> dict[str, tuple[str, set[str]]]:
    """What one listing's payload will ask `ensure_attribute` for: lowercased name -> (name, terms); no calls."""
    _missing, axes = _axis_values(context=context, data=data, language=language)
    needed: dict[str, tuple[str, set[str]]] = {}
    wanted = [(prop.name(language=language), {n for n in names.values() if n}) for prop, names in axes]
    selected, _others = _select_values(
        values=data.properties, language=language, skip={prop.pk for prop, _names in axes}
    )
    for name, terms in [*wanted, *((label, set(labels)) for label, labels in selected)]:
        _name, have = needed.setdefault(name.lower(), (name, set()))
        have.update(terms)
    return needed


def _attributes(context: StepContext) -> dict[str, dict]:
    return context.cached(ATTRIBUTES, lambda: {a["name"].lower(): a for a in context.client.attributes()})


def ensure_attribute(*, context: StepContext, name: str, terms: set[str]) -> int:
    """The id of the global attribute `name` holding every term in `terms` (created when missing)."""
    failed = (context.get(FAILED) or {}).get(name.lower())
    if failed is not None:  # this batch's ensure already failed for it: the listing fails with that error
        raise failed
    channel = context.channel.specific
    remembered = (channel.global_attributes or {}).get(name.lower())
    if remembered and terms <= set(remembered.get("terms", [])):
        return int(remembered["id"])
    attribute_id = _ensure_on_store(context=context, name=name, terms=terms)
    if not context.dry_run:
        _remember(context=context, ensured={name.lower(): attribute_id})
    return attribute_id


def _remember(*, context: StepContext, ensured: dict[str, int]) -> None:
    """Keep these attributes' ids and the terms the store holds on the channel (one update)."""
    channel = context.channel.specific
    known = dict(channel.global_attributes or {})
    for key, attribute_id in ensured.items():
        have = context.get(TERMS.scoped(attribute_id)) or set()
        known[key] = {"id": attribute_id, "terms": sorted(have)}
    _store(context=context, known=known)


def _store(*, context: StepContext, known: dict) -> None:
    channel = context.channel.specific
    channel.global_attributes = known
    type(channel).objects.filter(pk=channel.pk).update(global_attributes=known)
    if context.channel is not channel:
        context.channel.global_attributes = known


def prepare_attributes(*, context: StepContext, datas: list, language: str) -> None:
    """Ensure every attribute and term these listings need, together: one attributes read, a create per
    missing attribute, one terms read and a terms batch per 100 missing terms per attribute. A failure
    is kept per attribute, and each listing needing that attribute fails with it."""
    needed: dict[str, tuple[str, set[str]]] = {}
    for data in datas:
        for key, (name, terms) in needed_attributes(context=context, data=data, language=language).items():
            needed.setdefault(key, (name, set()))[1].update(terms)
    remembered = context.channel.specific.global_attributes or {}
    pending = {
        key: (name, terms)
        for key, (name, terms) in needed.items()
        if not (key in remembered and terms <= set(remembered[key].get("terms", [])))
    }
    if not pending:
        return
    failures = context.cached(FAILED, dict)
    ensured: dict[str, int] = {}
    for key, (name, terms) in sorted(pending.items()):
        try:
            if context.dry_run and key not in _attributes(context):
                continue  # reported by the listing's own ensure (MappingMissing), nothing created
            ensured[key] = _ensure_on_store(context=context, name=name, terms=terms)
        except SalesChannelError as error:  # this attribute alone: the listings needing it fail with it
            failures[key] = error
    if ensured and not context.dry_run:
        _remember(context=context, ensured=ensured)


def stale_names(*, sent: list[dict], answered: list[dict]) -> set[str]:
    """Global attributes the store did not keep as sent (lowercased names): not answered under their id and
    name (an id the store no longer holds, or now another attribute's), or some of their terms missing."""
    by_id = {int(a.get("id") or 0): a for a in answered if isinstance(a, dict)}
    stale = set()
    for attribute in sent:
        attribute_id, name = int(attribute.get("id") or 0), str(attribute.get("name") or "")
        if not attribute_id:
            continue
        kept = by_id.get(attribute_id)
        if kept is None or html.unescape(str(kept.get("name") or "")).lower() != name.lower():
            stale.add(name.lower())
            continue
        options = {html.unescape(str(option)).lower() for option in kept.get("options") or []}
        if not {str(option).lower() for option in attribute.get("options") or []} <= options:
            stale.add(name.lower())
    return stale


def stale_message(*, sku: str, sent: dict, names: set[str]) -> str:
    """What a listing whose answer still lost these attributes after they were ensured again tells the user."""
    labels = sorted({str(a.get("name")) for a in sent.get("attributes") or [] if str(a.get("name")).lower() in names})
    listed = ", ".join(f"'{label}'" for label in labels or sorted(names))
    return (
        f"{sku}: the store did not keep the global attribute(s) {listed} even after their ids and terms were "
        "read from it again (it answered another id or name, or dropped a term). Check these attributes and "
        "their terms under Products > Attributes in WooCommerce, then push the product again."
    )


def forget(*, context: StepContext, names: set[str]) -> None:
    """Drop these remembered attributes (and this run's reads) so the next ensure reads the store again."""
    known = dict(context.channel.specific.global_attributes or {})
    for key in names:
        entry = known.pop(key, None)
        if entry is not None:
            context.cache.pop(TERMS.scoped(int(entry["id"])), None)
    context.cache.pop(ATTRIBUTES, None)
    for key in names:
        (context.get(FAILED) or {}).pop(key, None)
    _store(context=context, known=known)


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
        _create_terms(context=context, attribute_id=attribute_id, names=missing)
        have.update(missing)
    return attribute_id


def _create_terms(*, context: StepContext, attribute_id: int, names: list[str]) -> None:
    """Create these terms, 100 a `terms/batch` call; a term created meanwhile (`term_exists`) is no error."""
    errors = []
    for start in range(0, len(names), TERMS_BATCH_LIMIT):
        chunk = names[start : start + TERMS_BATCH_LIMIT]
        answer = context.client.create_terms(attribute_id=str(attribute_id), names=chunk)
        errors += [
            f"term '{name}': {item['error'].get('message')}"
            for name, item in zip(chunk, answer.get("create") or [], strict=False)
            if isinstance(item, dict) and "error" in item and item["error"].get("code") != "term_exists"
        ]
    if errors:
        raise VendorValidationError(errors)
