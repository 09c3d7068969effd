"""Storing a marketplace's listing schema per view, refreshed only when its checksum or version changes."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sales_channels.models import MarketplaceSchema, MarketplaceSchemaAttribute, SalesChannelView

# JSON Schema keywords that only describe (never constrain) a value.
ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment", "editable", "hidden", "enumNames"})


@dataclass(frozen=True)
class SchemaAttributeInfo:
    """One attribute of a vendor schema."""

    code: str
    name: str = ""
    required: bool = False
    value_kind: str = "text"
    allowed_values: list[dict[str, str]] = field(default_factory=list)
    selectors: list[str] = field(default_factory=list)


def schema_is_current(*, view: SalesChannelView, remote_type: str, checksum: str = "", version: str = "") -> bool:
    """True when the stored schema has this checksum (or, without one, this version): no download needed."""
    stored = MarketplaceSchema.objects.filter(view=view, remote_type=remote_type).only("checksum", "version").first()
    if stored is None:
        return False
    if checksum:
        return stored.checksum == checksum
    return bool(version) and stored.version == version


@transaction.atomic
def store_schema(
    *,
    view: SalesChannelView,
    remote_type: str,
    schema: dict[str, Any],
    attributes: list[SchemaAttributeInfo],
    name: str = "",
    version: str = "",
    checksum: str = "",
) -> tuple[MarketplaceSchema, bool]:
    """Store (or refresh) a schema and its attributes; (schema row, whether anything changed).

    Attributes keep their local mappings across refreshes; attributes the new schema dropped are removed.
    """
    row = MarketplaceSchema.objects.select_for_update().filter(view=view, remote_type=remote_type).first()
    if row is not None and checksum and row.checksum == checksum and row.version == version:
        return row, False
    if row is None:
        row = MarketplaceSchema(
            multi_tenant_company_id=view.multi_tenant_company_id,
            sales_channel_id=view.sales_channel_id,
            view=view,
            remote_type=remote_type,
        )
    row.name, row.version, row.checksum, row.schema = name[:255], version[:255], checksum[:255], schema
    row.required_attributes = sorted(info.code for info in attributes if info.required)
    row.fetched_at = timezone.now()
    row.save()
    existing = {attribute.code: attribute for attribute in row.attributes.all()}
    wanted = {info.code for info in attributes}
    row.attributes.exclude(code__in=wanted).delete()
    creates: list[MarketplaceSchemaAttribute] = []
    updates: list[MarketplaceSchemaAttribute] = []
    for info in attributes:
        attribute = existing.get(info.code) or MarketplaceSchemaAttribute(
            multi_tenant_company_id=row.multi_tenant_company_id, schema=row, code=info.code
        )
        attribute.name, attribute.required, attribute.value_kind = info.name[:255], info.required, info.value_kind
        attribute.allowed_values, attribute.selectors = info.allowed_values, info.selectors
        (updates if attribute.pk else creates).append(attribute)
    MarketplaceSchemaAttribute.objects.bulk_create(creates)
    MarketplaceSchemaAttribute.objects.bulk_update(
        updates, ["name", "required", "value_kind", "allowed_values", "selectors"]
    )
    return row, True


def _value_schema(attribute: dict[str, Any]) -> dict[str, Any]:
    """The schema of an attribute's main value: items.properties.value (or its one required key) when wrapped."""
    items = attribute.get("items") if attribute.get("type") == "array" else None
    if isinstance(items, dict):
        properties = items.get("properties") or {}
        required = [name for name in items.get("required") or [] if name in properties]
        if "value" in properties:
            return properties["value"]
        if len(required) == 1:  # e.g. variation_theme's {name}: the one value a merchant chooses
            return properties[required[0]]
        return items
    return attribute


def _kind(value: dict[str, Any]) -> str:
    if "enum" in value:
        return "enum"
    kind = value.get("type")
    return kind if kind in ("number", "integer", "boolean", "object") else "text"


def attributes_from_json_schema(schema: dict[str, Any]) -> list[SchemaAttributeInfo]:
    """The attributes of a JSON Schema listing document: one per top-level property."""
    required = set(schema.get("required") or [])
    found = []
    for code, attribute in sorted((schema.get("properties") or {}).items()):
        if not isinstance(attribute, dict):
            continue
        value = _value_schema(attribute)
        names = value.get("enumNames") or []
        allowed = [
            {"value": str(option), "name": str(names[index]) if index < len(names) else str(option)}
            for index, option in enumerate(value.get("enum") or [])
        ]
        found.append(
            SchemaAttributeInfo(
                code=code,
                name=str(attribute.get("title") or code),
                required=code in required,
                value_kind=_kind(value),
                allowed_values=allowed,
                selectors=[str(s) for s in attribute.get("selectors") or []],
            )
        )
    return found
