"""Mapping local properties, select values and product types to a marketplace schema."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction

from properties.models import Property, PropertySelectValue
from sales_channels.models import (
    MarketplaceEnumValueMap,
    MarketplaceProductTypeMap,
    MarketplaceSchema,
    SalesChannelView,
)


def _normal(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


@dataclass
class AutomapResult:
    """What an automap run mapped (attribute code -> property internal name) and what it could not."""

    mapped: dict[str, str] = field(default_factory=dict)
    values_mapped: int = 0
    unmapped_required: list[str] = field(default_factory=list)


@transaction.atomic
def automap_attributes(*, schema: MarketplaceSchema) -> AutomapResult:
    """Map unmapped attributes to local properties by internal name or any translated name; then select values.

    Existing mappings are never changed, so a repeated pull is idempotent and a merchant's choice wins.
    """
    company_id = schema.multi_tenant_company_id
    properties = list(Property.objects.filter(multi_tenant_company_id=company_id).prefetch_related("translations"))
    by_name: dict[str, Property] = {}
    for prop in properties:
        by_name.setdefault(_normal(prop.internal_name), prop)
        for translation in prop.translations.all():
            by_name.setdefault(_normal(translation.name), prop)
    result = AutomapResult()
    attributes = list(schema.attributes.select_related("local_property"))
    for attribute in attributes:
        if attribute.local_property_id is None:
            found = by_name.get(_normal(attribute.code)) or by_name.get(_normal(attribute.name))
            if found is not None and not found.is_product_type:
                attribute.local_property = found
                attribute.save(update_fields=["local_property"])
        mapped = attribute.local_property
        if mapped is not None:
            result.mapped[attribute.code] = mapped.internal_name
            result.values_mapped += _automap_values(attribute)
        elif attribute.required:
            result.unmapped_required.append(attribute.code)
    return result


def _automap_values(attribute) -> int:
    """Map the property's select values to the attribute's allowed values by value or display name."""
    if not attribute.allowed_values:
        return 0
    allowed: dict[str, str] = {}
    for option in attribute.allowed_values:
        allowed.setdefault(_normal(option["value"]), option["value"])
        allowed.setdefault(_normal(option.get("name", "")), option["value"])
    done = set(attribute.value_maps.values_list("local_select_value_id", flat=True))
    created = []
    values = PropertySelectValue.objects.filter(property_id=attribute.local_property_id).prefetch_related(
        "translations"
    )
    for value in values:
        if value.pk in done:
            continue
        names = [_normal(t.value) for t in value.translations.all()]
        match = next((allowed[name] for name in names if name in allowed), None)
        if match is not None:
            created.append(
                MarketplaceEnumValueMap(
                    multi_tenant_company_id=attribute.multi_tenant_company_id,
                    attribute=attribute,
                    local_select_value=value,
                    remote_value=match,
                )
            )
    MarketplaceEnumValueMap.objects.bulk_create(created)
    return len(created)


def map_product_type(
    *, view: SalesChannelView, local_product_type: PropertySelectValue, schema: MarketplaceSchema
) -> MarketplaceProductTypeMap:
    """List products of this local product type under `schema` in `view` (replaces an earlier choice)."""
    if schema.view_id != view.pk or local_product_type.multi_tenant_company_id != view.multi_tenant_company_id:
        raise ValueError("The schema and the product type must belong to this view's channel and company.")
    row, _ = MarketplaceProductTypeMap.objects.update_or_create(
        view=view,
        local_product_type=local_product_type,
        defaults={
            "multi_tenant_company_id": view.multi_tenant_company_id,
            "sales_channel_id": view.sales_channel_id,
            "schema": schema,
        },
    )
    return row


def product_type_schemas(*, view: SalesChannelView) -> dict[int, MarketplaceSchema]:
    """Local product type id -> its schema in this view (one query, for a whole batch)."""
    rows = MarketplaceProductTypeMap.objects.filter(view=view).select_related("schema")
    return {row.local_product_type_id: row.schema for row in rows}


def missing_required(*, schema: MarketplaceSchema, provided: Collection[str] = frozenset()) -> list[str]:
    """Required attributes that neither a mapping nor the integration's own payload (`provided`) fills."""
    return sorted(
        attribute.code
        for attribute in schema.attributes.all()
        if attribute.required and attribute.local_property_id is None and attribute.code not in provided
    )
