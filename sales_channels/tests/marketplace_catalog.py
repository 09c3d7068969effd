"""Builders of properties and product-property values for the marketplace-schema tests."""

from properties.models import (
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from sales_channels.models import (
    ListingIssue,
    MarketplaceEnumValueMap,
    MarketplaceProductTypeMap,
    MarketplaceSchema,
    MarketplaceSchemaAttribute,
)


def prop(company, internal_name: str, *, kind: str = Property.Type.TEXT, name: str = "", product_type: bool = False):
    row = Property.objects.create(
        multi_tenant_company=company, internal_name=internal_name, type=kind, is_product_type=product_type
    )
    PropertyTranslation.objects.create(
        multi_tenant_company=company, property=row, language="en", name=name or internal_name
    )
    return row


def product_type_property(company) -> Property:
    """The company's one product-type property (created with the company, or here)."""
    found = Property.objects.filter(multi_tenant_company=company, is_product_type=True).first()
    return found or prop(company, Property.PRODUCT_TYPE_INTERNAL_NAME, kind=Property.Type.SELECT, product_type=True)


def select_value(company, prop_row: Property, label: str) -> PropertySelectValue:
    value = PropertySelectValue.objects.create(multi_tenant_company=company, property=prop_row)
    PropertySelectValueTranslation.objects.create(
        multi_tenant_company=company, select_value=value, language="en", value=label
    )
    return value


def set_text(company, product, prop_row: Property, text: str, *, language: str = "en") -> ProductProperty:
    row, _ = ProductProperty.objects.get_or_create(multi_tenant_company=company, product=product, property=prop_row)
    ProductPropertyTextTranslation.objects.update_or_create(
        multi_tenant_company=company, product_property=row, language=language, defaults={"value_text": text}
    )
    return row


def set_select(company, product, prop_row: Property, value: PropertySelectValue) -> ProductProperty:
    row, _ = ProductProperty.objects.update_or_create(
        multi_tenant_company=company, product=product, property=prop_row, defaults={"value_select": value}
    )
    return row


def populate_marketplaces(*, company, view, listing) -> None:
    """One row of every marketplace-schema model (OneSila/tests/tenancy_data.populate_sales_channels)."""
    own = {"multi_tenant_company": company}
    schema = MarketplaceSchema.objects.create(
        **own, sales_channel_id=view.sales_channel_id, view=view, remote_type="SHIRT", name="Shirt"
    )
    option = select_value(company, product_type_property(company), "Shirts")
    attribute = MarketplaceSchemaAttribute.objects.create(
        **own, schema=schema, code="color", name="Colour", local_property=option.property
    )
    MarketplaceEnumValueMap.objects.create(**own, attribute=attribute, local_select_value=option, remote_value="red")
    MarketplaceProductTypeMap.objects.create(
        **own, sales_channel_id=view.sales_channel_id, view=view, local_product_type=option, schema=schema
    )
    ListingIssue.objects.create(
        **own, sales_channel_id=view.sales_channel_id, remote_product=listing, source="schema", message="Missing brand."
    )
