"""An imported listing's aspects and category back into local property values and a product type, per view.

The push sends a property mapped to a category aspect under the aspect's name, with its select
values' mapped eBay values, and every other property under its own name. The import reverses it
with the view's stored mappings (`MarketplaceSchema` per category, `MarketplaceSchemaAttribute`
with its local property, `MarketplaceEnumValueMap` per select value): an aspect mapped in the
offer's category is written into its local property (an eBay value mapped to a local select value
as that value's label); any other aspect is a SELECT property found (or created) by its name. The
offer's category gives the product type when a local product type is mapped to it in the view (else
the category of the listing's offer in another marketplace view mapped there).
"""

import json
from dataclasses import dataclass, field
from typing import Any

from properties.models import PropertySelectValueTranslation
from sales_channels.imports.values import ImportedPropertyValue
from sales_channels.models import (
    MarketplaceEnumValueMap,
    MarketplaceProductTypeMap,
    MarketplaceSchemaAttribute,
    SalesChannelView,
)


@dataclass
class AspectMappings:
    """The view's mappings, read once per import run: category -> aspect -> local property, values and types."""

    properties: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, aspect lowered) -> property id
    values: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (category, aspect, value) lowered -> label
    product_types: dict[tuple[str, str], str] = field(default_factory=dict)  # (marketplace, category) -> type label

    @classmethod
    def load(cls, *, view: SalesChannelView | None) -> "AspectMappings":
        found = cls()
        if view is None:
            return found
        attributes = MarketplaceSchemaAttribute.objects.filter(
            schema__view=view, local_property_id__isnull=False
        ).select_related("schema")
        keys = {}
        for attribute in attributes:
            key = (attribute.schema.remote_type, attribute.code.lower())
            if attribute.local_property_id is not None:
                found.properties[key] = attribute.local_property_id
            keys[attribute.pk] = key
        value_maps = MarketplaceEnumValueMap.objects.filter(attribute_id__in=list(keys)).order_by("id")
        wanted = {row.local_select_value_id for row in value_maps}
        type_maps = (
            list(  # every view of the channel: a listing's category in another marketplace may be the mapped one
                MarketplaceProductTypeMap.objects.filter(view__sales_channel_id=view.sales_channel_id)
                .select_related("schema", "view")
                .order_by("id")
            )
        )
        wanted |= {type_map.local_product_type_id for type_map in type_maps}
        labels = _labels(value_ids=wanted)
        for row in value_maps:
            category, aspect = keys[row.attribute_id]
            label = labels.get(row.local_select_value_id)
            if label:
                found.values.setdefault((category, aspect, row.remote_value.lower()), label)
        for type_map in type_maps:
            label = labels.get(type_map.local_product_type_id)
            if label:
                found.product_types.setdefault((type_map.view.remote_id, type_map.schema.remote_type), label)
        return found

    def properties_of(
        self, *, aspects: dict[str, Any], category: str, skip: tuple[str, ...] = ()
    ) -> tuple[ImportedPropertyValue, ...]:
        """The aspects (name -> values) as property values; `skip` names the variation axes (not properties)."""
        found = []
        skipped = {name.lower() for name in skip}
        for name, raw in sorted((aspects or {}).items()):
            values = [str(v).strip() for v in (raw if isinstance(raw, list) else [raw]) if str(v).strip()]
            if not isinstance(name, str) or not name.strip() or not values or name.lower() in skipped:
                continue
            property_id = self.properties.get((category, name.lower()))
            if property_id is None:
                found.append(ImportedPropertyValue(name=name, value=", ".join(values)))
                continue
            local = [self.values.get((category, name.lower(), value.lower()), value) for value in values]
            value = local[0] if len(local) == 1 else json.dumps(local)
            found.append(ImportedPropertyValue(name=name, value=value, property_id=property_id))
        return tuple(found)

    def product_type_of(self, *, categories: dict[str, str], marketplace: str) -> str:
        """The local product type mapped to the listing's category: in `marketplace` first, then in the others."""
        for where in [marketplace, *sorted(set(categories) - {marketplace})]:
            found = self.product_types.get((where, categories.get(where) or ""))
            if found:
                return found
        return ""


def _labels(*, value_ids: set[int]) -> dict[int, str]:
    """Select value id -> a label (the first translation stored)."""
    labels: dict[int, str] = {}
    rows = PropertySelectValueTranslation.objects.filter(select_value_id__in=value_ids).order_by("id")
    for value_id, label in rows.values_list("select_value_id", "value"):
        labels.setdefault(value_id, label)
    return labels
