"""A configurable's variation axes as Shopify options, read from the product type's configurator rule.

Option labels come from the select values' translations, read for all of a listing's variations in
one query and kept for the run (`select_labels`), not once per variation and axis.
"""

from collections import defaultdict

from properties.models import PropertySelectValueTranslation
from properties.product_types import configurator_properties
from sales_channels.integrations.shopify.factories.products.payloads import Axis
from sales_channels.integrations.shopify.factories.properties.mapping import check_axes

LABELS = "shopify_select_labels"


def select_labels(*, context, ids: set[int], language: str) -> dict[int, str]:
    """Select value id -> its label in `language` (else any translation, else "#id"), as `PropertySelectValue.value`."""
    labels: dict[int, str] = context.cache.setdefault((LABELS, language), {})
    missing = ids - labels.keys()
    if missing:
        found: dict[int, dict[str, str]] = defaultdict(dict)
        rows = PropertySelectValueTranslation.objects.filter(select_value_id__in=missing).values_list(
            "select_value_id", "language", "value"
        )
        for select_value_id, translation_language, text in rows:
            found[select_value_id][translation_language] = text
        for select_value_id in missing:
            names = found.get(select_value_id, {})
            labels[select_value_id] = names.get(language) or next(iter(names.values()), f"#{select_value_id}")
    return labels


def _value_name(value, *, language: str, labels: dict[int, str]) -> str | None:
    """The option value a variation's property value becomes (select label, Yes/No), or None."""
    if value is None:
        return None
    if value.value_select_id:
        return labels[value.value_select_id]
    if value.value_boolean is not None:
        return "Yes" if value.value_boolean else "No"
    chosen = list(value.value_multi_select.all())
    return ", ".join(option.value(language=language) for option in chosen) or None


def axes_for(*, context, data, language: str) -> tuple[list[tuple[int, Axis]], list[str]]:
    """((property id, Axis) per configurator axis, problems) for a configurable; ([], []) for a simple product."""
    if not data.product.is_configurable:
        return [], []

    properties = configurator_properties(product=data.product, sales_channel_id=context.channel.pk)
    by_variation = {
        variation.id: {value.property_id: value for value in variation.properties} for variation in data.variations
    }

    ids = {value.value_select_id for values in by_variation.values() for value in values.values()}
    labels = select_labels(context=context, ids={pk for pk in ids if pk}, language=language)
    named: dict[int, tuple] = {}

    def values_of(variation) -> tuple:
        if variation.id not in named:
            own = by_variation[variation.id]
            named[variation.id] = tuple(
                _value_name(own.get(prop.pk), language=language, labels=labels) for prop in properties
            )
        return named[variation.id]

    problems = check_axes(sku=data.sku, axes=properties, variations=data.variations, values_of=values_of)
    if problems:
        return [], problems
    axes = [
        (
            prop.pk,
            Axis(
                name=prop.name(language=language),
                values={variation.id: values_of(variation)[index] for variation in data.variations},
            ),
        )
        for index, prop in enumerate(properties)
    ]
    return axes, []


def product_type_name(*, data, language: str) -> str | None:
    """The product's product-type label (Shopify's productType), or None."""
    value = next((v for v in data.properties if v.property.is_product_type and v.value_select_id), None)
    return value.value_select.value(language=language) if value is not None else None
