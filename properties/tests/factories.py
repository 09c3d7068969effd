"""Factories for properties, select values, product values and product-type rules.

Child rows take their parent's company; a product property's product and property share it.
"""

import factory

from core.tests.factories import MultiTenantCompanyFactory, TenantFactory
from products.tests.factories import ProductFactory
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property


class PropertyFactory(TenantFactory):
    """An INT property with a unique internal name."""

    class Meta:
        model = Property

    type = Property.Type.INT
    internal_name = factory.Sequence(lambda n: f"property_{n}")


class SelectPropertyFactory(PropertyFactory):
    """A SELECT property."""

    type = Property.Type.SELECT


class PropertyTranslationFactory(TenantFactory):
    """A property's English name."""

    class Meta:
        model = PropertyTranslation

    property = factory.SubFactory(PropertyFactory)
    multi_tenant_company = factory.SelfAttribute("property.multi_tenant_company")
    language = "en"
    name = factory.LazyAttribute(lambda o: o.property.internal_name.replace("_", " ").title())


class PropertySelectValueFactory(TenantFactory):
    """An option of a SELECT property."""

    class Meta:
        model = PropertySelectValue

    property = factory.SubFactory(SelectPropertyFactory)
    multi_tenant_company = factory.SelfAttribute("property.multi_tenant_company")


class ProductTypeValueFactory(PropertySelectValueFactory):
    """A product type: an option of the company's product-type property."""

    multi_tenant_company = factory.SubFactory(MultiTenantCompanyFactory)
    property = factory.LazyAttribute(lambda o: ensure_product_type_property(company=o.multi_tenant_company))


class PropertySelectValueTranslationFactory(TenantFactory):
    """A select value's English label."""

    class Meta:
        model = PropertySelectValueTranslation

    select_value = factory.SubFactory(PropertySelectValueFactory)
    multi_tenant_company = factory.SelfAttribute("select_value.multi_tenant_company")
    language = "en"
    value = factory.Sequence(lambda n: f"Value {n}")


class ProductPropertyFactory(TenantFactory):
    """A product's value for a property of the same company; set the value field matching its type."""

    class Meta:
        model = ProductProperty
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    multi_tenant_company = factory.SelfAttribute("product.multi_tenant_company")
    property = factory.SubFactory(PropertyFactory, multi_tenant_company=factory.SelfAttribute("..multi_tenant_company"))

    @factory.post_generation
    def value_multi_select(self, create, extracted, **kwargs):
        if create and extracted:
            self.value_multi_select.set(extracted)


class ProductPropertyTextTranslationFactory(TenantFactory):
    """The English text of a TEXT product property."""

    class Meta:
        model = ProductPropertyTextTranslation

    product_property = factory.SubFactory(
        ProductPropertyFactory,
        property=factory.SubFactory(
            PropertyFactory,
            type=Property.Type.TEXT,
            multi_tenant_company=factory.SelfAttribute("..multi_tenant_company"),
        ),
    )
    multi_tenant_company = factory.SelfAttribute("product_property.multi_tenant_company")
    language = "en"
    value_text = factory.Sequence(lambda n: f"Text {n}")


class ProductPropertiesRuleFactory(TenantFactory):
    """The default (channel-less) rule of a product type."""

    class Meta:
        model = ProductPropertiesRule

    product_type = factory.SubFactory(ProductTypeValueFactory)
    multi_tenant_company = factory.SelfAttribute("product_type.multi_tenant_company")


class ProductPropertiesRuleItemFactory(TenantFactory):
    """An OPTIONAL property of a rule, in the rule's company."""

    class Meta:
        model = ProductPropertiesRuleItem

    rule = factory.SubFactory(ProductPropertiesRuleFactory)
    multi_tenant_company = factory.SelfAttribute("rule.multi_tenant_company")
    property = factory.SubFactory(
        SelectPropertyFactory, multi_tenant_company=factory.SelfAttribute("..multi_tenant_company")
    )
    type = ProductPropertiesRuleItem.OPTIONAL
