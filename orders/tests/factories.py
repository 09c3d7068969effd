"""Factories for orders and order lines."""

from decimal import Decimal

import factory

from core.tests.factories import TenantFactory
from currencies.tests.factories import CurrencyFactory
from orders.models import Order, OrderItem
from sales_prices.tests.factories import ProductFactory

SAME_COMPANY = factory.SelfAttribute("..multi_tenant_company")


class OrderFactory(TenantFactory):
    """A pending local order without lines."""

    class Meta:
        model = Order

    reference = factory.Sequence(lambda n: f"ORD-{n:05d}")
    currency = factory.SubFactory(CurrencyFactory, multi_tenant_company=SAME_COMPANY)
    customer_name = "Ada Lovelace"
    customer_email = "ada@example.com"


class OrderItemFactory(TenantFactory):
    """Two units at 5.00 of a product on an order of the same company; the order's totals are recomputed."""

    class Meta:
        model = OrderItem
        skip_postgeneration_save = True

    order = factory.SubFactory(OrderFactory, multi_tenant_company=SAME_COMPANY)
    product = factory.SubFactory(ProductFactory, multi_tenant_company=SAME_COMPANY)
    sku = factory.LazyAttribute(lambda o: o.product.sku if o.product else "NO-PRODUCT")
    name = "Item"
    quantity = 2
    price = Decimal("5.00")

    @factory.post_generation
    def recalculate_totals(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the instance
        """Pass `recalculate_totals=False` to leave the order's stored totals untouched."""
        if create and extracted is not False:
            obj.order.recalculate_totals()
