"""A configurable's variation axes as Shopify options, read from the product type's configurator rule."""

from properties.product_types import configurator_properties
from sales_channels.integrations.shopify.factories.products.payloads import Axis
from sales_channels.integrations.shopify.factories.properties.mapping import check_axes


def _value_name(value, *, language: str) -> str | None:
    """The option value a variation's property value becomes (select label, Yes/No), or None."""
    if value is None:
        return None
    if value.value_select_id:
        return value.value_select.value(language=language)
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

    def values_of(variation) -> tuple:
        own = by_variation[variation.id]
        return tuple(_value_name(own.get(prop.pk), language=language) for prop in properties)

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
