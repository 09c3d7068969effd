"""Factories for stock locations and stock."""

import factory

from core.tests.factories import TenantFactory
from inventory.models import Inventory, InventoryLocation
from sales_prices.tests.factories import ProductFactory

SAME_COMPANY = factory.SelfAttribute("..multi_tenant_company")


class InventoryLocationFactory(TenantFactory):
    """An internal (sellable) location."""

    class Meta:
        model = InventoryLocation

    name = factory.Sequence(lambda n: f"Warehouse {n}")
    is_internal = True


class InventoryFactory(TenantFactory):
    """Ten units of a simple product at a location, all of one company."""

    class Meta:
        model = Inventory

    product = factory.SubFactory(ProductFactory, multi_tenant_company=SAME_COMPANY)
    location = factory.SubFactory(InventoryLocationFactory, multi_tenant_company=SAME_COMPANY)
    quantity = 10
