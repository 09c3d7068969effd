"""Shopify options -> local SELECT properties, their values and the product type's configurator rule.

An option maps to the company's SELECT property of the same name (a translation, case-insensitive,
or the slug of the name as internal name), else a new one is created; option values map to select
values by label the same way. The product type (Shopify's productType, else the product title) gets
a rule whose configurator items are the options, so `configurator_properties` returns the axes.
"""

from django.utils.text import slugify

from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property


class LocalOptions:
    """Finds or creates the local properties and select values Shopify options stand for (cached per import)."""

    def __init__(self, *, company, cache: dict) -> None:
        self.company = company
        self.language = company.language
        self.cache = cache

    def property_named(self, name: str) -> Property:
        """The SELECT property for an option name, created when the company has none."""
        key = ("shopify_import_property", name.casefold())
        if key not in self.cache:
            self.cache[key] = self._find_property(name) or self._create_property(name)
        return self.cache[key]

    def _find_property(self, name: str) -> Property | None:
        found = (
            Property.objects.filter(
                multi_tenant_company=self.company, type=Property.Type.SELECT, translations__name__iexact=name
            )
            .order_by("id")
            .first()
        )
        internal = slugify(name).replace("-", "_")[:100]
        return found or Property.objects.filter(multi_tenant_company=self.company, internal_name=internal).first()

    def _create_property(self, name: str) -> Property:
        base = slugify(name).replace("-", "_")[:90] or "option"
        internal, suffix = base, 1
        while Property.objects.filter(multi_tenant_company=self.company, internal_name=internal).exists():
            suffix += 1
            internal = f"{base}_{suffix}"
        prop = Property.objects.create(
            multi_tenant_company=self.company, type=Property.Type.SELECT, internal_name=internal, add_to_filters=True
        )
        PropertyTranslation.objects.create(
            multi_tenant_company=self.company, property=prop, language=self.language, name=name[:255]
        )
        return prop

    def value_named(self, prop: Property, label: str) -> PropertySelectValue:
        """The select value of `prop` labelled `label` in any language, created when missing."""
        key = ("shopify_import_value", prop.pk, label.casefold())
        if key not in self.cache:
            found = (
                PropertySelectValue.objects.filter(property=prop, translations__value__iexact=label)
                .order_by("id")
                .first()
            )
            if found is None:
                found = PropertySelectValue.objects.create(multi_tenant_company=self.company, property=prop)
                PropertySelectValueTranslation.objects.create(
                    multi_tenant_company=self.company, select_value=found, language=self.language, value=label[:255]
                )
            self.cache[key] = found
        return self.cache[key]

    def set_select(self, *, product, prop: Property, value: PropertySelectValue) -> bool:
        """Give the product this select value for the property; True when it changed."""
        row, created = ProductProperty.objects.get_or_create(
            product=product,
            property=prop,
            defaults={"multi_tenant_company": self.company, "value_select": value},
        )
        if created or row.value_select_id == value.pk:
            return created
        row.value_select = value
        row.save()
        return True

    def ensure_product_type(self, *, product, name: str) -> PropertySelectValue:
        """The product's type: kept when it has one, else the select value named `name`."""
        type_property = ensure_product_type_property(company=self.company)
        current = ProductProperty.objects.filter(product=product, property=type_property).first()
        if current is not None and current.value_select_id:
            return current.value_select
        value = self.value_named(type_property, name)
        self.set_select(product=product, prop=type_property, value=value)
        return value

    def ensure_axes(self, *, product_type: PropertySelectValue, axes: list[Property]) -> None:
        """Make every axis a REQUIRED_IN_CONFIGURATOR item of the product type's default rule."""
        rule, _ = ProductPropertiesRule.objects.get_or_create(
            product_type=product_type, sales_channel=None, defaults={"multi_tenant_company": self.company}
        )
        configurator = ProductPropertiesRuleItem.CONFIGURATOR_TYPES
        for position, prop in enumerate(axes):
            item, created = ProductPropertiesRuleItem.objects.get_or_create(
                rule=rule,
                property=prop,
                defaults={
                    "multi_tenant_company": self.company,
                    "type": ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR,
                    "sort_order": position,
                },
            )
            if not created and item.type not in configurator:
                item.type = ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
                item.save()
