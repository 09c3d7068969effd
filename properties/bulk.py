"""Give many products the same value for one property, all or nothing.

The property, the select values and the products are each looked up once (inside the company),
the value is checked against the property's type before anything is written, and every row is
then created or updated with a normal `save()` so the catalog signals fire for real changes.
Any problem raises a `ValidationError` that names the offending id, and nothing is written.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import MultiTenantCompany, MultiTenantUser
from products.models import Product
from properties.models import ProductProperty, Property, PropertySelectValue
from properties.models.product_properties import SCALAR_VALUE_FIELDS, VALUE_FIELD_BY_TYPE

MULTI_SELECT_FIELD = "value_multi_select"
VALUE_FIELDS = (*SCALAR_VALUE_FIELDS, MULTI_SELECT_FIELD)


def _as_pk(*, raw: Any) -> int | None:
    """A GraphQL id as an integer primary key, or None when it is not a number."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _parse_ids(*, raw_ids: Sequence[Any]) -> dict[Any, int | None]:
    """Each distinct raw id (in order) mapped to its primary key, or None when it is not a number."""
    return {raw: _as_pk(raw=raw) for raw in raw_ids}


def _value_field(*, prop: Property, values: dict[str, Any]) -> str:
    """The one value field this property takes; refuse any other field or a missing value."""
    if prop.type in Property.TRANSLATED_TYPES:
        raise ValidationError(
            f"Property '{prop.internal_name}' is {prop.type}: its values are per-language texts, "
            "set them on the product property's translations."
        )
    expected = MULTI_SELECT_FIELD if prop.type == Property.Type.MULTISELECT else VALUE_FIELD_BY_TYPE[prop.type]
    wrong = sorted(set(values) - {expected})
    if wrong:
        raise ValidationError(
            f"Property '{prop.internal_name}' is {prop.type}: give {expected}, not {', '.join(wrong)}."
        )
    if expected not in values:
        raise ValidationError(f"Property '{prop.internal_name}' is {prop.type}: give {expected}.")
    return expected


def _select_values(*, company: MultiTenantCompany, prop: Property, raw_ids: Sequence[Any]) -> list[PropertySelectValue]:
    """The select values with these ids, all of which must be options of this property."""
    parsed = _parse_ids(raw_ids=raw_ids)
    found = PropertySelectValue.objects.filter_multi_tenant(company).in_bulk([pk for pk in parsed.values() if pk])
    missing = [str(raw) for raw, pk in parsed.items() if pk not in found]
    if missing:
        raise ValidationError(f"Select values not found: {', '.join(missing)}.")
    foreign = [str(raw) for raw, pk in parsed.items() if found[pk].property_id != prop.pk]
    if foreign:
        raise ValidationError(f"Select values {', '.join(foreign)} are not options of property '{prop.internal_name}'.")
    return [found[pk] for pk in parsed.values()]


def _products(*, company: MultiTenantCompany, raw_ids: Sequence[Any]) -> list[Product]:
    """The company's products with these ids, in the given order; any unknown id is an error naming it."""
    parsed = _parse_ids(raw_ids=raw_ids)
    found = Product.objects.filter_multi_tenant(company).in_bulk([pk for pk in parsed.values() if pk])
    missing = [str(raw) for raw, pk in parsed.items() if pk not in found]
    if missing:
        raise ValidationError(f"Products not found: {', '.join(missing)}.")
    return [found[pk] for pk in dict.fromkeys(parsed.values())]


def _resolved_value(*, company: MultiTenantCompany, prop: Property, field: str, value: Any) -> Any:
    if field == MULTI_SELECT_FIELD:
        return _select_values(company=company, prop=prop, raw_ids=value or [])
    if field == "value_select" and value is not None:
        return _select_values(company=company, prop=prop, raw_ids=[value])[0]
    return value


def bulk_assign_product_property(
    *,
    company: MultiTenantCompany,
    user: MultiTenantUser,
    product_ids: Sequence[Any],
    property_id: Any,
    values: dict[str, Any],
) -> list[ProductProperty]:
    """Create or replace `property`'s value on every product; `values` holds the one given value field."""
    unknown = sorted(set(values) - set(VALUE_FIELDS))
    if unknown:
        raise ValidationError(f"Unknown value fields: {', '.join(unknown)}.")
    prop = Property.objects.filter_multi_tenant(company).filter(pk=_as_pk(raw=property_id)).first()
    if prop is None:
        raise ValidationError(f"Property with id {property_id} was not found.")
    field = _value_field(prop=prop, values=values)
    value = _resolved_value(company=company, prop=prop, field=field, value=values[field])
    products = _products(company=company, raw_ids=product_ids)
    existing = {row.product_id: row for row in ProductProperty.objects.filter(property=prop, product__in=products)}

    saved = []
    with transaction.atomic():
        for product in products:
            row = existing.get(product.pk) or ProductProperty(
                multi_tenant_company=company, product=product, property=prop, created_by_multi_tenant_user=user
            )
            row.product, row.property = product, prop
            saved.append(_save_value(row=row, field=field, value=value, user=user))
    return saved


def _save_value(*, row: ProductProperty, field: str, value: Any, user: MultiTenantUser) -> ProductProperty:
    for name in SCALAR_VALUE_FIELDS:
        setattr(row, name, value if name == field else None)
    try:
        row.clean()
    except ValidationError as exc:
        raise ValidationError(f"Product {row.product.sku}: {'; '.join(exc.messages)}") from exc
    if row.changed_fields():
        row.last_update_by_multi_tenant_user = user
    row.save()
    if field == MULTI_SELECT_FIELD:
        row.value_multi_select.set(value)
    return row
