"""The product-type property and the configurator axes it implies for a configurable product."""

from django.db.models import Prefetch

from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    Property,
    PropertyTranslation,
)


def ensure_product_type_property(*, company) -> Property:
    """Return the company's one product-type property, creating it (with an English name) if missing."""
    prop, created = Property.objects.get_or_create(
        multi_tenant_company=company,
        is_product_type=True,
        defaults={"type": Property.Type.SELECT, "internal_name": Property.PRODUCT_TYPE_INTERNAL_NAME},
    )
    if created:
        PropertyTranslation.objects.create(
            multi_tenant_company=company, property=prop, language=company.language, name="Product type"
        )
    return prop


def product_type_of(product):
    """The product's product-type select value, or None."""
    value = (
        ProductProperty.objects.filter(product=product, property__is_product_type=True)
        .select_related("value_select")
        .first()
    )
    return value.value_select if value else None


def rule_for(*, product, sales_channel_id: int | None = None) -> ProductPropertiesRule | None:
    """The rule of the product's type: the channel-specific one when it exists, else the default."""
    product_type = product_type_of(product)
    if product_type is None:
        return None
    rules = {
        rule.sales_channel_id: rule
        for rule in ProductPropertiesRule.objects.filter(product_type=product_type).prefetch_related(
            Prefetch("items", queryset=ProductPropertiesRuleItem.objects.select_related("property"))
        )
    }
    return rules.get(sales_channel_id) or rules.get(None)


def configurator_properties(*, product, sales_channel_id: int | None = None) -> list[Property]:
    """The variation axes of a configurable: REQUIRED_IN_CONFIGURATOR items always, and
    OPTIONAL_IN_CONFIGURATOR items only when the variations hold more than one distinct value."""
    rule = rule_for(product=product, sales_channel_id=sales_channel_id)
    if rule is None:
        return []
    items = [item for item in rule.items.all() if item.type in ProductPropertiesRuleItem.CONFIGURATOR_TYPES]
    optional_ids = [
        item.property_id for item in items if item.type == ProductPropertiesRuleItem.OPTIONAL_IN_CONFIGURATOR
    ]
    distinct_counts: dict[int, set] = {pid: set() for pid in optional_ids}
    if optional_ids:
        variation_values = ProductProperty.objects.filter(
            product__parent_links__parent=product, property_id__in=optional_ids
        ).values_list("property_id", "value_select_id", "value_boolean")
        for property_id, select_id, boolean in variation_values:
            distinct_counts[property_id].add((select_id, boolean))
    return [
        item.property
        for item in items
        if item.type == ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR or len(distinct_counts[item.property_id]) > 1
    ]
