"""Factories for prices and price lists (and a tiny product factory until products ships its own)."""

from decimal import Decimal

import factory

from core.tests.factories import TenantFactory
from currencies.tests.factories import CurrencyFactory
from products.models import Product
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem

SAME_COMPANY = factory.SelfAttribute("..multi_tenant_company")


class ProductFactory(TenantFactory):
    """A simple product with a unique SKU (replace with products.tests.factories.ProductFactory when it exists)."""

    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    type = Product.SIMPLE


class SalesPriceFactory(TenantFactory):
    """A price of 10.00 with an RRP of 12.00 for a product of the same company."""

    class Meta:
        model = SalesPrice

    product = factory.SubFactory(ProductFactory, multi_tenant_company=SAME_COMPANY)
    currency = factory.SubFactory(CurrencyFactory, multi_tenant_company=SAME_COMPANY)
    price = Decimal("10.00")
    rrp = Decimal("12.00")


class SalesPriceListFactory(TenantFactory):
    """An open-ended price list in a currency of the same company."""

    class Meta:
        model = SalesPriceList

    name = factory.Sequence(lambda n: f"Price list {n}")
    currency = factory.SubFactory(CurrencyFactory, multi_tenant_company=SAME_COMPANY)
    start_date = None
    end_date = None


class SalesPriceListItemFactory(TenantFactory):
    """An override price of 8.00 for a product in a price list, all of one company."""

    class Meta:
        model = SalesPriceListItem

    price_list = factory.SubFactory(SalesPriceListFactory, multi_tenant_company=SAME_COMPANY)
    product = factory.SubFactory(ProductFactory, multi_tenant_company=SAME_COMPANY)
    price = Decimal("8.00")
