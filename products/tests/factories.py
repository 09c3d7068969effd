"""Factories for products and their parts; every child row lives in its parent's company."""

import factory

from core.tests.factories import TenantFactory
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation


def with_check_digit(*, body: str) -> str:
    """`body` followed by its GTIN check digit (weights 3,1 from the right)."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return f"{body}{(10 - total % 10) % 10}"


class ProductFactory(TenantFactory):
    """A simple, active product with a unique SKU."""

    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    type = Product.SIMPLE
    active = True


class ConfigurableProductFactory(ProductFactory):
    """A configurable product (a parent of variations)."""

    type = Product.CONFIGURABLE


class BundleProductFactory(ProductFactory):
    """A bundle product (a parent of bundle items)."""

    type = Product.BUNDLE


class ProductTranslationFactory(TenantFactory):
    """A product's default (channel-less) English content."""

    class Meta:
        model = ProductTranslation

    product = factory.SubFactory(ProductFactory)
    multi_tenant_company = factory.SelfAttribute("product.multi_tenant_company")
    language = "en"
    name = factory.LazyAttribute(lambda o: f"Product {o.product.sku}")


class EanCodeFactory(TenantFactory):
    """A valid EAN-13 for a simple product: a unique 12-digit body plus its check digit."""

    class Meta:
        model = EanCode

    product = factory.SubFactory(ProductFactory)
    multi_tenant_company = factory.SelfAttribute("product.multi_tenant_company")
    ean_code = factory.Sequence(lambda n: with_check_digit(body=f"87{n:010d}"))


class ConfigurableVariationFactory(TenantFactory):
    """A simple product made a variation of a configurable of the same company."""

    class Meta:
        model = ConfigurableVariation

    parent = factory.SubFactory(ConfigurableProductFactory)
    multi_tenant_company = factory.SelfAttribute("parent.multi_tenant_company")
    variation = factory.SubFactory(ProductFactory, multi_tenant_company=factory.SelfAttribute("..multi_tenant_company"))


class BundleItemFactory(TenantFactory):
    """A simple product inside a bundle of the same company."""

    class Meta:
        model = BundleItem

    parent = factory.SubFactory(BundleProductFactory)
    multi_tenant_company = factory.SelfAttribute("parent.multi_tenant_company")
    product = factory.SubFactory(ProductFactory, multi_tenant_company=factory.SelfAttribute("..multi_tenant_company"))
    quantity = 1
